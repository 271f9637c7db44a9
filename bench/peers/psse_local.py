#!/usr/bin/env python3
"""sod's local methods against SciPy's Gauss-Newton on a power grid, in one run, from the flat start.

    python3 bench/peers/psse_local.py [--case case118] [--repeat 5]

SciPy: bench/peers/psse_peers.py's Gauss-Newton and Levenberg-Marquardt (sparse J, spsolve) with
W = 1/||A_i||_F^2 (--weights frob there), i.e. the rows normalised by their Frobenius norms, to
||r|| / ||b|| <= 1e-10; median of --repeat runs after a warm-up, everything from the loaded A.npz.
sod: the test-scope harness sod.solver.PowerGridTiming (the committed fixture, rows normalised the
same way, LM / trust region / GD to relative residual 1e-10, median after two warm-up runs) on the
library's sparse sensing operator, one thread; needs `scripts/test` (or mvn -pl core test-compile
dependency:copy-dependencies) to have built core/target/test-classes. Numbers are same-run ratios
on a shared machine: read them as such. Needs python3 with NumPy and SciPy (no pandapower).
"""
import argparse
import glob
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import psse_peers  # noqa: E402  (its Gauss-Newton, timing and grid reading; pandapower is not imported)
from psse import read_grid, score, voltages  # noqa: E402


def java():
    for home in [os.environ.get("JAVA_HOME")] + sorted(glob.glob("/usr/lib/jvm/*25*"), reverse=True):
        if home and os.path.isfile(os.path.join(home, "bin", "java")):
            return os.path.join(home, "bin", "java")
    sys.exit("psse_local.py: no JDK 25 found (set JAVA_HOME)")


def main(argv):
    p = argparse.ArgumentParser(prog="psse_local.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--case", default="case118", help="a committed fixture under core/src/test/resources/psse (default: case118)")
    p.add_argument("--repeat", type=int, default=5, help="timed runs per method (default: 5)")
    a = p.parse_args(argv)
    import numpy as np
    g = read_grid(os.path.join(psse_peers.FIXTURES, a.case))
    meta, A, b = g["meta"], g["A"], g["b"]
    v_true = voltages(g["x_true"], meta)
    x_flat = g["x_flat"][:, 0]
    w = 1.0 / g["frob"] ** 2
    rows = []
    for name, damped in (("SciPy Gauss-Newton", False), ("SciPy LM", True)):
        box = {}

        def run():
            box["x"], box["iters"], box["res"] = psse_peers.gauss_newton(A, b, w, x_flat, damped=damped)
        seconds, _ = psse_peers.timed(run, a.repeat)
        rel, _, _ = score(voltages(box["x"], meta), v_true)
        rows.append({"grid": a.case, "method": name, "median_s": seconds, "repeat": a.repeat, "iterations": box["iters"],
                     "relative_residual_unweighted": box["res"], "rel_voltage_error": rel})
    core = os.path.join(ROOT, "core", "target")
    cp = ":".join([os.path.join(core, "classes"), os.path.join(core, "test-classes")]
                  + sorted(glob.glob(os.path.join(core, "lib", "*.jar"))))
    cmd = [java(), "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-cp", cp,
           "sod.solver.PowerGridTiming", a.case, "normalised", str(a.repeat), "lm", "trust-region"]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("psse_local.py: the sod harness failed: " + (out.stderr.strip().splitlines() or ["?"])[-1])
    rows += [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"{a.case}, flat start, rows normalised by ||A_i||_F, {cpu}, load {open('/proc/loadavg').read().split()[:3]}")
    base = rows[0]["median_s"]
    for r in rows:
        print(f"  {r['method']:<22} {r['median_s'] * 1e3:9.2f} ms  ({r['median_s'] / base:5.2f}x SciPy GN)  "
              f"{r['iterations']:4d} iterations")
    for r in rows:
        print(json.dumps(r))


if __name__ == "__main__":
    main(sys.argv[1:])
