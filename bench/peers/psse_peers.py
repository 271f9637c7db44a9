#!/usr/bin/env python3
"""The peers of sod on power-system state estimation: the same exported files, the tools engineers use.

    python3 bench/peers/psse_peers.py --case case118 [--repeat 5]
    python3 bench/peers/psse_peers.py --grid core/src/test/resources/psse/case14-bad5 [--repeat 5]

Methods, all from the flat start (|V| = 1, angle 0) on the measurements in the folder's b.npy:
  pandapower WLS     pandapower.estimation.estimate(algorithm='wls'), measurements created to match the
                     exported set row for row (|V| = sqrt(b) for the |V|^2 rows, MW/Mvar, load sign for
                     the bus injections), standard deviations from sigma.npy
  pandapower LAV     the same with algorithm='lp' (pandapower's least-absolute-value estimator)
  pandapower WLS+rN  pandapower.estimation.remove_bad_data (largest normalised residual test), bad data only
  SciPy Gauss-Newton J = [2 (A_i x)^T] built sparsely each iteration from A.npz, J^T W J dx = -J^T W r
                     solved with scipy.sparse.linalg.spsolve, W = 1/sigma^2 (--weights), until
                     ||r|| / ||b|| <= 1e-10 (or a step below 1e-12 ||x||, or 50 iterations)
  SciPy LM           the same with Levenberg-Marquardt damping (Marquardt's diagonal scaling, Nielsen's
                     update of mu), no-bad-data runs only
  sod                `scripts/sod solve --sensing A.npz --normalize --method gd` (gradient descent on the
                     normalised problem), one run in a fresh JVM; its time is the solve as sod times it
                     (JIT warm-up included), the command's wall clock is in the note
  sod l1             the same with --loss l1 (the robust subgradient method), bad-data folders only; 'named'
                     counts the corrupted rows among the rows sod flags (suspectRows in its JSON)

Times are the median over --repeat runs after one untimed warm-up run, wall clock, estimation only: for
pandapower the estimate()/remove_bad_data() call, which includes its conversion of the net to its internal
form and the write-back of results; for SciPy everything from the loaded A.npz to the solution (the
Jacobian pattern included). Not timed: loading the files, building the net and its measurement table.
Errors: relative voltage error |v - v*| / |v*| after aligning the global phase, largest per-bus error (pu).
'named' is how many of the corrupted rows are among the estimate's largest normalised residuals
|r_i| / sigma_i (as many as were corrupted), or among the rows that remove_bad_data dropped.
One JSON line per method is printed after the table (lines starting with '{'), and appended to --jsonl.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PSSE = os.path.join(ROOT, "examples", "psse")
FIXTURES = os.path.join(ROOT, "core", "src", "test", "resources", "psse")
sys.path.insert(0, PSSE)
import pandapower_env  # noqa: E402
from psse import die, read_grid, score, voltages  # noqa: E402

RTOL = 1e-10        # GN / LM stop: ||A(xx^T) - b|| / ||b||
MAX_ITERS = 50
PP_TOLERANCE = 1e-8  # pandapower's stop: largest state change (pu / rad)
LAV_MAX_M = 5000     # pandapower's LP builds a dense m x m identity
# pandapower's WLS keeps R^-1 and more as dense m x m arrays: 14.6 GB peak at m = 26,935 (2869 buses)
WLS_BYTES_PER_M2 = 20.0
TAU = 1e-6           # LM's initial damping mu: (J^T W J + mu diag(J^T W J)) dx = -J^T W r


def parse_args(argv):
    p = argparse.ArgumentParser(prog="psse_peers.py", description=__doc__.split("\n\n")[0])
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--grid", metavar="DIR", help="a folder written by examples/psse/export.py")
    src.add_argument("--case", metavar="NAME", help="a pandapower case: the committed fixture when there is one, "
                                                   "else examples/psse/out/NAME, exported when missing")
    p.add_argument("--repeat", type=int, default=5, metavar="K", help="timed runs per method (default: 5)")
    p.add_argument("--methods", default="all", help="comma list of wls,lav,wls-rn,gn,lm,sod,sod-l1 (default: all that apply)")
    p.add_argument("--weights", choices=("sigma", "unit", "frob"), default="sigma",
                   help="W of the SciPy methods: 1/sigma^2 from sigma.npy (as pandapower's WLS), 1, or 1/||A_i||_F^2")
    p.add_argument("--sod", default=os.path.join(ROOT, "scripts", "sod"), metavar="PATH",
                   help="the sod launcher (default: scripts/sod of this checkout)")
    p.add_argument("--sod-args", default="", metavar="ARGS", help="extra arguments for `sod solve` (e.g. '--threads 1')")
    p.add_argument("--jsonl", metavar="FILE", help="also append the JSON lines to this file")
    a = p.parse_args(argv)
    if a.repeat < 1:
        die(f"--repeat {a.repeat}: give at least 1")
    unknown = set(a.methods.split(",")) - {"all", "wls", "lav", "wls-rn", "gn", "lm", "sod", "sod-l1"}
    if unknown:
        die(f"unknown method '{sorted(unknown)[0]}': give a comma list of wls, lav, wls-rn, gn, lm, sod, sod-l1")
    return a


def grid_folder(a):
    if a.grid:
        return a.grid
    for d in (os.path.join(FIXTURES, a.case), os.path.join(PSSE, "out", a.case)):
        if os.path.isfile(os.path.join(d, "meta.json")):
            return d
    d = os.path.join(PSSE, "out", a.case)
    if subprocess.run([sys.executable, os.path.join(PSSE, "export.py"), a.case, "--out", d]).returncode != 0:
        die(f"could not export {a.case}: see the message above")
    return d


def available_memory():
    """MemAvailable in bytes (Linux), or None."""
    try:
        with open("/proc/meminfo") as f:
            return next(int(l.split()[1]) * 1024 for l in f if l.startswith("MemAvailable:"))
    except (OSError, StopIteration, ValueError):
        return None


def timed(fn, repeat, reset=None):
    """(median seconds, last result) over repeat runs after one untimed warm-up; reset() runs untimed before each."""
    times, out = [], None
    for k in range(repeat + 1):
        if reset:
            reset()
        t = time.perf_counter()
        out = fn()
        if k:
            times.append(time.perf_counter() - t)
    return statistics.median(times), out


# ---- SciPy Gauss-Newton and Levenberg-Marquardt on the exported sparse operator -------------------

class Jacobian:
    """J(x) = [2 (A_i x)^T] with its sparsity pattern computed once; r(x) = x^T A_i x - b = J x / 2 - b."""

    def __init__(self, A):
        import numpy as np
        import scipy.sparse as sp
        m, n = A.shape[0], int(round(A.shape[1] ** 0.5))
        rows = np.repeat(np.arange(m, dtype=np.int64), np.diff(A.indptr))
        p, self.q = A.indices // n, A.indices % n
        keys, self.slot = np.unique(rows * n + p, return_inverse=True)  # sorted = CSR order
        self.val2 = 2.0 * A.data
        self.J = sp.csr_matrix((np.ones(keys.size), (keys // n, keys % n)), shape=(m, n))
        self.J.sort_indices()
        self.rows = keys // n
        self.nslots = keys.size

    def weighted(self, w):
        """W J for the current J (same pattern)."""
        import scipy.sparse as sp
        return sp.csr_matrix((self.J.data * w[self.rows], self.J.indices, self.J.indptr), shape=self.J.shape)

    def at(self, x):
        import numpy as np
        self.J.data = np.bincount(self.slot, self.val2 * x[self.q], minlength=self.nslots)
        return self.J


def gauss_newton(A, b, w, x0, damped=False):
    """(x, iterations, ||r|| / ||b||): GN, or LM (Marquardt scaling, Nielsen's update), on 1/2 sum w_i r_i^2, to ||r|| <= RTOL ||b||."""
    import numpy as np
    import scipy.sparse as sp
    from scipy.sparse.linalg import spsolve
    jac = Jacobian(A)
    x = x0.copy()
    bnorm = np.linalg.norm(b)
    J = jac.at(x)
    r = 0.5 * (J @ x) - b
    mu, nu, iters = None, 2.0, 0
    while np.linalg.norm(r) > RTOL * bnorm and iters < MAX_ITERS:
        WJ = jac.weighted(w)
        G = (J.T @ WJ).tocsc()
        g = WJ.T @ r
        if damped:
            D = G.diagonal()  # Marquardt's scaling: the damping is invariant to the rows' scales
            mu = TAU if mu is None else mu
        lhs = G + sp.diags(mu * D, format="csc") if damped else G
        dx = spsolve(lhs, -g)  # SuperLU, COLAMD ordering (MMD_AT_PLUS_A measured 12x slower on 2869 buses)
        iters += 1
        if not np.all(np.isfinite(dx)):
            break
        if not damped:
            x = x + dx
            J = jac.at(x)
            r = 0.5 * (J @ x) - b
            if np.linalg.norm(dx) <= 1e-12 * np.linalg.norm(x):
                break  # noisy data: the residual cannot reach RTOL
            continue
        x_new = x + dx
        J_new = jac.at(x_new)
        r_new = 0.5 * (J_new @ x_new) - b
        predicted = 0.5 * dx @ (mu * D * dx - g)
        rho = (0.5 * r @ (w * r) - 0.5 * r_new @ (w * r_new)) / predicted if predicted > 0 else -1.0
        if rho > 0:
            x, J, r = x_new, J_new, r_new
            mu *= max(1.0 / 3.0, 1.0 - (2.0 * rho - 1.0) ** 3)
            nu = 2.0
            if np.linalg.norm(dx) <= 1e-12 * np.linalg.norm(x):
                break
        else:
            jac.at(x)  # J is jac.J: restore it at x
            mu *= nu
            nu *= 2.0
            if mu > 1e20:
                break  # no descent left: a stationary point
    return x, iters, float(np.linalg.norm(r) / bnorm)


# ---- pandapower -------------------------------------------------------------------------------

def measurement_table(meta, b, sigma):
    """pandapower's net.measurement for the exported rows, index = row number."""
    import numpy as np
    import pandas as pd
    base, N, L = meta["base_mva"], meta["N"], meta["L"]
    buses, branches = meta["buses"], meta["branches"]
    mtype, etype, elem, value, std, side = [], [], [], [], [], []
    for i, row in enumerate(meta["measurements"]):
        kind, k = row[0], row[1]
        if kind == "v2":  # pandapower measures |V|; |V|^2 = b has sigma_|V| = sigma / (2 |V|)
            vm = float(np.sqrt(max(b[i], 1e-12)))
            mtype.append("v"), etype.append("bus"), elem.append(buses[k]), value.append(vm)
            std.append(sigma[i] / (2 * vm)), side.append(None)
        elif kind in ("p", "q"):  # pandapower's bus powers are consumption-positive
            mtype.append(kind), etype.append("bus"), elem.append(buses[k]), value.append(-b[i] * base)
            std.append(sigma[i] * base), side.append(None)
        else:
            el, e = branches[k][0], branches[k][1]
            mtype.append(kind[0]), etype.append(el), elem.append(e), value.append(b[i] * base)
            std.append(sigma[i] * base)
            side.append(row[2] if el == "line" else {"from": "hv", "to": "lv"}[row[2]])
    return pd.DataFrame({"name": [None] * len(mtype), "measurement_type": mtype, "element_type": etype,
                         "element": np.array(elem, dtype=np.uint32), "value": value, "std_dev": std,
                         "side": side}, index=pd.RangeIndex(len(mtype)))


def pandapower_voltages(net, meta):
    import numpy as np
    rb = net.res_bus_est.loc[meta["buses"]]
    return rb.vm_pu.values * np.exp(1j * np.deg2rad(rb.va_degree.values))


# ---- HOOK: sod itself -----------------------------------------------------------------------------
# `sod solve --sensing A.npz` on the folder's files from the flat start, scored like the peers. sod runs
# once per method in a fresh JVM: its "time per estimate" is the solve as sod times it (after loading,
# JIT warm-up included, so an upper bound), and the wall clock of the whole command is in the note.

SOD_METHODS = {
    # GD on the normalised problem (each measurement divided by ||A_i||_F), the configuration
    "sod": ("sod GD (normalised)", ["--method", "gd", "--normalize", "--iters", "200000"]),
    # the robust l1 subgradient method on the normalised problem, for folders with corrupted rows
    "sod-l1": ("sod l1 (normalised)", ["--loss", "l1", "--normalize"]),
}


def run_sod(sod, g, method, extra):
    """Runs one sod method; returns a dict (seconds, wall, iterations, x, suspects, cmd) or None after saying why."""
    help_text = subprocess.run([sod, "solve", "--help"], capture_output=True, text=True)
    if "--sensing" not in help_text.stdout + help_text.stderr:
        print("sod: skipped: `scripts/sod solve` does not take --sensing (an old build?)")
        return None
    d = g["dir"]
    tmp = tempfile.mkdtemp(prefix="psse-sod-")
    x_out, j_out = os.path.join(tmp, "X.npy"), os.path.join(tmp, "run.json")
    cmd = [sod, "solve", "--sensing", os.path.join(d, "A.npz"), "--measurements", os.path.join(d, "b.npy"),
           "--x0", os.path.join(d, "x_flat.npy"), "--truth", os.path.join(d, "x_true.npy"), "--rank", "1",
           *SOD_METHODS[method][1], "--quiet", "--stream-gbps", "0", "--save-x", x_out, "--json", j_out, *extra.split()]
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if p.returncode not in (0, 1) or not os.path.isfile(x_out):
        last = (p.stderr.strip().splitlines() or ["(no message)"])[-1]
        print(f"{method}: skipped: `{' '.join(cmd[1:])}` failed with exit {p.returncode}: {last}")
        shutil.rmtree(tmp)
        return None
    import numpy as np
    with open(j_out) as f:
        doc = json.load(f)
    res = doc["result"]
    seconds = res["seconds"] if "seconds" in res else doc["stats"]["seconds"]
    out = {"seconds": seconds, "wall": wall, "iterations": res["iterations"], "x": np.load(x_out),
           "suspects": res.get("suspectRows"), "status": res["status"], "cmd": " ".join(cmd[1:])}
    shutil.rmtree(tmp)
    return out


# ---- driver ---------------------------------------------------------------------------------------

def main(argv):
    a = parse_args(argv)
    pandapower_env.ensure_pandapower()
    pandapower_env.quiet_pandapower()
    import numpy as np
    import pandapower.estimation as est
    from export import load_net, quadratic_forms

    g = read_grid(grid_folder(a))
    meta, A, b, sigma = g["meta"], g["A"], g["b"], g["sigma"]
    bad = meta["bad_data"]["rows"]
    v_true = voltages(g["x_true"], meta)
    x_flat = g["x_flat"][:, 0]
    w = {"sigma": 1.0 / sigma ** 2, "unit": np.ones_like(b), "frob": 1.0 / g["frob"] ** 2}[a.weights]
    methods = (["wls", "wls-rn", "lav", "gn", "sod", "sod-l1"] if bad else ["wls", "lav", "gn", "lm", "sod"]) \
        if a.methods == "all" else a.methods.split(",")
    net, _, _ = load_net(meta["source"])
    table = measurement_table(meta, b, sigma)
    print(f"{meta['grid']}: N {meta['N']}, n {meta['n']}, m {meta['m']}, {len(bad)} corrupted rows, "
          f"{a.repeat} timed runs per method after a warm-up; folder {g['dir']}")

    def named(x):
        if not bad:
            return None
        r = np.abs(quadratic_forms(A, x) - b) / sigma
        return len(set(np.argsort(-r)[:len(bad)].tolist()) & set(bad))

    results = []

    def report(method, seconds, iters, x=None, v=None, note="", named_rows=None, repeat=a.repeat):
        x = None if x is None else np.asarray(x).ravel()
        v = voltages(x, meta) if v is None else v
        rel, worst, v_al = score(v, v_true)
        if x is None:  # pandapower's estimate in our coordinates, for the residuals
            v_ref = v_al * np.exp(-1j * np.angle(v_al[meta["ref_bus"]["internal"]]))
            x = np.delete(np.concatenate([v_ref.real, v_ref.imag]), meta["dropped_coordinate"])
        nm = named(x) if named_rows is None else named_rows
        rec = {"grid": meta["grid"], "method": method, "median_s": seconds, "repeat": repeat,
               "iterations": iters, "rel_voltage_error": rel, "max_bus_error_pu": worst,
               "m": meta["m"], "n": meta["n"], "bad_rows": len(bad), "named": nm, "note": note,
               "weights": a.weights if method.startswith("SciPy") else ("sigma" if method.startswith("pandapower")
                                                                      else "frob" if method.startswith("sod") else None)}
        results.append(rec)

    for method in methods:
        print(f"running {method}...", file=sys.stderr, flush=True)
        if method in ("wls", "lav", "wls-rn"):
            if method == "lav" and meta["m"] > LAV_MAX_M:
                print(f"lav: skipped: pandapower's LP builds a dense m x m identity (m = {meta['m']})")
                continue
            if method == "wls-rn" and not bad:
                continue
            need, have = WLS_BYTES_PER_M2 * meta["m"] ** 2, available_memory()
            if have is not None and need > have:
                print(f"{method}: skipped: pandapower keeps dense m x m matrices (m = {meta['m']}: "
                      f"~{need / 1e9:.0f} GB, {have / 1e9:.0f} GB available)")
                continue
            box = {}

            def reset():
                net.measurement = table.copy()

            if method == "wls-rn":
                def run():
                    box["ok"] = est.remove_bad_data(net, init="flat", tolerance=PP_TOLERANCE, maximum_iterations=MAX_ITERS)
            else:
                algorithm = {"wls": "wls", "lav": "lp"}[method]

                def run():
                    se = est.StateEstimation(net, PP_TOLERANCE, MAX_ITERS, algorithm=algorithm)
                    box["ok"] = se.estimate("flat", "flat", zero_injection=None, algorithm=algorithm)
                    box["iters"] = getattr(se.solver, "iterations", None)
            seconds, _ = timed(run, a.repeat, reset)
            dropped = sorted(set(table.index) - set(net.measurement.index)) if method == "wls-rn" else None
            ok = box.get("ok")
            ok = ok.get("success") if isinstance(ok, dict) else ok
            note = "" if ok is not False else "pandapower reports no convergence"
            if dropped is not None:
                note = f"dropped {len(dropped)} rows"
            report({"wls": "pandapower WLS", "lav": "pandapower LAV (lp)", "wls-rn": "pandapower WLS + rN removal"}[method],
                   seconds, box.get("iters"), v=pandapower_voltages(net, meta), note=note,
                   named_rows=len(set(dropped) & set(bad)) if dropped is not None else None)
        elif method in ("gn", "lm"):
            seconds, (x, iters, relres) = timed(lambda: gauss_newton(A, b, w, x_flat, damped=method == "lm"), a.repeat)
            report({"gn": "SciPy Gauss-Newton", "lm": "SciPy Levenberg-Marquardt"}[method], seconds, iters, x=x,
                   note=f"W {a.weights}, relative residual {relres:.1e}")
        elif method in SOD_METHODS:
            out = run_sod(a.sod, g, method, a.sod_args)
            if out:
                named_rows = None if out["suspects"] is None or not bad else len(set(out["suspects"]) & set(bad))
                report(SOD_METHODS[method][0], out["seconds"], out["iterations"], x=out["x"], repeat=1, named_rows=named_rows,
                       note=f"{out['status']}, one cold run (JIT warm-up included); {out['wall']:.2f} s wall clock with JVM start"
                            f" and loading: {out['cmd']}")

    print(f"{'method':<30} {'median time':>12} {'iters':>6} {'rel V error':>12} {'max bus err':>12}"
          + (f" {'named':>7}" if bad else ""))
    for r in results:
        it = "-" if r["iterations"] is None else str(r["iterations"])
        print(f"{r['method']:<30} {r['median_s'] * 1e3:>9.2f} ms {it:>6} {r['rel_voltage_error']:>12.2e} "
              f"{r['max_bus_error_pu']:>12.2e}" + (f" {r['named']:>3}/{len(bad):<3}" if bad else "")
              + (f"  {r['note']}" if r["note"] else ""))
    lines = [json.dumps(r) for r in results]
    print("\n".join(lines))
    if a.jsonl:
        with open(a.jsonl, "a") as f:
            f.write("".join(l + "\n" for l in lines))


if __name__ == "__main__":
    main(sys.argv[1:])
