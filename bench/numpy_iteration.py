"""The NumPy user's gradient-descent iteration for dense Gaussian sensing (group 3 of bench/RESULTS.md).

Run by `scripts/bench --numpy` once per OpenBLAS thread count (OPENBLAS_NUM_THREADS is set by the
caller before NumPy loads). Prints one JSON object: threads, median/min milliseconds, samples.
"""
import json
import os
import sys
import time

import numpy as np

n, m, r = 128, 2560, 4
repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 15
rng = np.random.default_rng(1)
A = rng.standard_normal((m, n, n)) * np.sqrt(1.0 / (2 * m))
A = A + A.transpose(0, 2, 1)          # symmetric A_i (diagonal N(0, 2/m): scale is irrelevant here)
A = np.ascontiguousarray(A.reshape(m, n * n))
b = rng.standard_normal(m) * 0.01
X = 0.1 * rng.standard_normal((n, r))


def iteration(X):
    res = A @ (X @ X.T).ravel() - b
    G = (A.T @ res).reshape(n, n)
    grad = 2 * ((G + G.T) / 2) @ X
    return 0.5 * res @ res, grad


for _ in range(3):
    iteration(X)
samples = []
for _ in range(repeats):
    t0 = time.perf_counter()
    iteration(X)
    samples.append((time.perf_counter() - t0) * 1e3)
samples.sort()
print(json.dumps({
    "threads": int(os.environ.get("OPENBLAS_NUM_THREADS", "0")),
    "numpy": np.__version__,
    "median_ms": samples[len(samples) // 2],
    "min_ms": samples[0],
    "samples_ms": samples,
}))
