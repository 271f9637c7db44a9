"""Reading an exported grid folder and scoring a solution (NumPy and SciPy only, no pandapower).

Coordinates: x = [Re v_0 .. Re v_{N-1}, Im v_0 .. Im v_{N-1}] over the internal buses, with entry
N + ref (Im v_ref, fixed to 0) removed, so n = 2N - 1 and M* = x x^T is unique up to the sign of x.
"""
import json
import os
import sys

import numpy as np

FILES = ("A.npz", "b.npy", "x_true.npy", "x_flat.npy", "frob.npy", "sigma.npy", "meta.json")


def die(message):
    print(f"{os.path.basename(sys.argv[0])}: {message}", file=sys.stderr)
    sys.exit(2)


def read_meta(folder):
    path = os.path.join(folder, "meta.json")
    if not os.path.isfile(path):
        die(f"{path} not found: give a folder written by examples/psse/export.py")
    with open(path) as f:
        return json.load(f)


def read_grid(folder, sensing=True):
    """The folder's arrays and meta as a dict; A only when sensing is true."""
    meta = read_meta(folder)
    missing = [f for f in FILES if not os.path.isfile(os.path.join(folder, f))]
    if missing:
        die(f"{folder} lacks {', '.join(missing)}: export the grid again with examples/psse/export.py")
    g = {"meta": meta, "dir": folder}
    for name in ("b", "x_true", "x_flat", "frob", "sigma"):
        g[name] = np.load(os.path.join(folder, name + ".npy"))
    if sensing:
        import scipy.sparse as sp
        g["A"] = sp.load_npz(os.path.join(folder, "A.npz")).tocsr()
    return g


def voltages(x, meta):
    """Complex bus voltages (internal bus order) from a factor x of length n (or shape (n, 1)).

    Re-inserts Im v_ref = 0 and fixes the global sign so that Re v_ref > 0."""
    x = np.asarray(x, dtype=float)
    n, N, ref = meta["n"], meta["N"], meta["ref_bus"]["internal"]
    if x.ndim == 2 and x.shape[1] == 1:
        x = x[:, 0]
    if x.shape != (n,):
        die(f"the solution has shape {x.shape}, the grid {meta['grid']} needs ({n}, 1): solve with --rank 1")
    if not np.all(np.isfinite(x)):
        die("the solution has NaN or infinite entries: nothing to score")
    full = np.insert(x, N + ref, 0.0)
    v = full[:N] + 1j * full[N:]
    return -v if v[ref].real < 0 else v


def score(v, v_true):
    """(relative error |v - v*| / |v*| after aligning the global phase, largest per-bus error in pu, aligned v)."""
    rot = np.vdot(v, v_true)  # sum conj(v) v*: the phase that brings v closest to v*
    v = v * (rot / abs(rot) if abs(rot) > 0 else 1.0)
    err = np.abs(v - v_true)
    return float(np.linalg.norm(err) / np.linalg.norm(v_true)), float(err.max()), v
