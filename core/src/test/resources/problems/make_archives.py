"""Writes the --problem-file fixtures of ProblemArchiveTest with NumPy (run once; the outputs are committed).

weighted.npz: A (m, n*n) float64 in Fortran order, b (m, 1), M = z z^T (n, n), X0 (n, 1), w int32 (widened),
              and h0 = 1/2 sum w_i (<A_i, X0 X0^T> - b_i)^2, which sod must reproduce (an extra array: ignored).
float32.npz:  A (m, n, n) float32, b (m,), Z (n, 2) (a rank-2 factor).
"""
import numpy as np

rng = np.random.default_rng(2026)
n, m = 4, 30
A = rng.standard_normal((m, n, n))
A = (A + A.transpose(0, 2, 1)) / 2
z = rng.standard_normal(n)
M = np.outer(z, z)
b = np.einsum("ipq,pq->i", A, M)
x0 = rng.standard_normal(n)
w = rng.integers(0, 3, m).astype(np.int32)
r0 = np.einsum("ipq,pq->i", A, np.outer(x0, x0)) - b
h0 = 0.5 * np.sum(w * r0 ** 2)
np.savez("weighted.npz", A=np.asfortranarray(A.reshape(m, n * n)), b=b.reshape(m, 1), M=M, X0=x0.reshape(n, 1), w=w,
         h0=np.array(h0))

A32 = A.astype(np.float32)
Z = rng.standard_normal((n, 2))
b32 = np.einsum("ipq,pq->i", A32.astype(np.float64), Z @ Z.T)
np.savez("float32.npz", A=A32, b=b32, Z=Z)
print(f"h0 = {h0!r}")
