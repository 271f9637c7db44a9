"""The SciPy user's gradient-descent iteration for symmetric matrix completion (group 9 of bench/RESULTS.md).

n = 10^5, 5 x 10^6 observed pairs i <= j drawn uniformly, r = 10, data b_k = <z_i, z_j> of a random
rank-10 truth. One iteration: the residual of every observation from gathered rows of X, then the
gradient 2 A*(r) X = (C + C^T) X with C the upper-triangular sparse matrix of the residuals, built on a
sparsity pattern prepared once (only its data array is refreshed per iteration), h = 1/2 |r|^2.
Prints one JSON object: median/min milliseconds over the timed iterations.
"""
import json
import os
import sys
import time

import numpy as np
import scipy
import scipy.sparse as sp

n, m, r = 100_000, 5_000_000, 10
repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
rng = np.random.default_rng(7)
keys = np.unique(rng.integers(0, n, size=(int(m * 1.05), 2), dtype=np.int64) @ np.array([n, 1]))
i, j = np.divmod(keys, n)
upper = i <= j
keys = np.unique(np.where(upper, i * n + j, j * n + i))[:m]
rows, cols = (keys // n).astype(np.int32), (keys % n).astype(np.int32)
m = rows.size
z = rng.standard_normal((n, r)) / np.sqrt(n)
b = np.einsum("ij,ij->i", z[rows], z[cols])
C = sp.csr_matrix((np.ones(m), (rows, cols)), shape=(n, n))   # keys sorted by (i, j): data in the same order
C.sort_indices()
X = rng.standard_normal((n, r)) / np.sqrt(n)


def iteration(X):
    res = np.einsum("ij,ij->i", X[rows], X[cols]) - b
    C.data[:] = res
    grad = C @ X + C.T @ X
    return 0.5 * float(res @ res), grad


iteration(X)
samples = []
for _ in range(repeats):
    t0 = time.perf_counter()
    iteration(X)
    samples.append((time.perf_counter() - t0) * 1e3)
samples.sort()
print(json.dumps({"group": "completion", "threads": int(os.environ.get("OPENBLAS_NUM_THREADS", "0")), "scipy": scipy.__version__,
                  "n": n, "m": int(m), "r": r, "median_ms": samples[len(samples) // 2], "min_ms": samples[0]}))
