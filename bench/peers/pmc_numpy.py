"""The NumPy user's gradient-descent iteration for PMC(n, 0.10), rank 1 (group 7 of bench/RESULTS.md).

Run by `scripts/bench --numpy` once per OpenBLAS thread count (OPENBLAS_NUM_THREADS is set by the
caller before NumPy loads). For n in 40, 80, 160 it times, per trial-iteration:
  single: one trial, the usual lines  R = W * outer(x, x) - B;  h = 1/2 sum R^2;  g = 2 (W o R) x
  batched: 50 trials advanced at once on (50, n, n) arrays and one batched matmul (what a NumPy user
           does to amortise the calls)
  single-gemv / batched-gemm: the expanded form h = 1/2 (y'Uy - 2 x'Vx + |B|^2), g = 2 (x o Uy - Vx)
           with U = W o W, V = W o B, y = x o x: two BLAS calls per step (GEMM for the batch), the fastest
           NumPy formulation (it cancels near a solution: h is only resolved to ~1e-16 |B|^2)
each followed by the step  x -= 0.005 g.  Prints one JSON object per (n, mode): median/min microseconds
per trial-iteration over the timed repetitions.
"""
import json
import os
import sys
import time

import numpy as np

repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 15
threads = int(os.environ.get("OPENBLAS_NUM_THREADS", "0"))
K = 50


def pmc(n, eps=0.10):
    idx = np.arange(n)
    observed = (idx[:, None] == idx[None, :]) | (idx[:, None] % 2 == 1) | (idx[None, :] % 2 == 1)
    w = np.where(observed, 1.0, eps)
    z = np.zeros(n)
    z[0::2] = 1.0
    return w, w * np.outer(z, z)


def single(W, B, x, iters):
    for _ in range(iters):
        R = W * np.outer(x, x) - B
        h = 0.5 * np.sum(R * R)
        g = 2.0 * ((W * R) @ x)          # W and B symmetric: C + C^T = 2 C
        x = x - 0.005 * g
    return h


def single_gemv(U, V, bb, x, iters):
    for _ in range(iters):
        y = x * x
        uy, vx = U @ y, V @ x
        h = 0.5 * (y @ uy - 2.0 * (x @ vx) + bb)
        x = x - 0.005 * (2.0 * (x * uy - vx))
    return h


def batched_gemm(U, V, bb, X, iters):
    for _ in range(iters):
        Y = X * X
        UY, VX = Y @ U, X @ V           # U, V symmetric
        h = 0.5 * (np.sum(Y * UY, axis=1) - 2.0 * np.sum(X * VX, axis=1) + bb)
        X = X - 0.005 * (2.0 * (X * UY - VX))
    return h


def batched(W, B, X, iters):
    for _ in range(iters):
        R = W * (X[:, :, None] * X[:, None, :]) - B
        h = 0.5 * np.sum(R * R, axis=(1, 2))
        G = 2.0 * np.matmul(W * R, X[:, :, None])[:, :, 0]
        X = X - 0.005 * G
    return h


rng = np.random.default_rng(1)
for n in (40, 80, 160):
    W, B = pmc(n)
    U, V, bb = W * W, W * B, float(np.sum(B * B))
    runs = {
        "single": (lambda x, it: single(W, B, x, it), 1),
        "batched": (lambda X, it: batched(W, B, X, it), K),
        "single-gemv": (lambda x, it: single_gemv(U, V, bb, x, it), 1),
        "batched-gemm": (lambda X, it: batched_gemm(U, V, bb, X, it), K),
    }
    for mode, (run, per) in runs.items():
        iters = 200 if per == 1 else 20
        x0 = 0.7 * rng.standard_normal(n) if per == 1 else 0.7 * rng.standard_normal((K, n))
        run(x0, 3)
        samples = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            run(x0, iters)
            samples.append((time.perf_counter() - t0) / (iters * per) * 1e6)
        samples.sort()
        print(json.dumps({"group": "pmc", "threads": threads, "numpy": np.__version__, "n": n, "mode": mode,
                          "trials": per, "median_us": samples[len(samples) // 2], "min_us": samples[0]}))
