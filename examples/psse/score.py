#!/usr/bin/env python3
"""Scores a state-estimation solution against the true voltages of an exported grid.

    python3 examples/psse/score.py GRID_DIR X.npy [--buses] [--json]

X.npy is the n x 1 factor (as `sod solve --save-x` writes it). It is turned back into complex bus
voltages (Im v_ref = 0 re-inserted, the global sign fixed so that Re v_ref > 0), aligned to the true
voltages by the global phase, and scored: relative voltage error |v - v*| / |v*| and the largest
per-bus error |v_k - v*_k| in per unit. --buses prints magnitude and angle per bus (angles in
pandapower's frame, i.e. with the reference bus at its power-flow angle). Needs only NumPy.
"""
import argparse
import json
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from psse import die, read_grid, score, voltages  # noqa: E402


def main(argv):
    p = argparse.ArgumentParser(prog="score.py", description=__doc__.split("\n\n")[0])
    p.add_argument("grid", metavar="GRID_DIR", help="a folder written by export.py")
    p.add_argument("x", metavar="X.npy", help="the solution factor, shape (n, 1)")
    p.add_argument("--buses", action="store_true", help="print |V| and angle per bus, estimated and true")
    p.add_argument("--json", action="store_true", help="print one JSON line instead of the text summary")
    a = p.parse_args(argv)
    g = read_grid(a.grid, sensing=False)
    meta = g["meta"]
    if not os.path.isfile(a.x):
        die(f"{a.x} not found: give the .npy that `sod solve --save-x` wrote")
    try:
        x = np.load(a.x, allow_pickle=False)
    except ValueError as e:
        die(f"{a.x} is not a readable .npy ({e}): give the file that `sod solve --save-x` wrote")
    v_true = voltages(g["x_true"], meta)
    rel, worst, v = score(voltages(x, meta), v_true)
    k = int(np.argmax(np.abs(v - v_true)))
    bus = meta["buses"][k]
    if a.json:
        print(json.dumps({"grid": meta["grid"], "solution": a.x, "rel_voltage_error": rel,
                          "max_bus_error_pu": worst, "worst_bus": bus}))
    else:
        print(f"{meta['grid']}: relative voltage error {rel:.3e}, largest per-bus error {worst:.3e} pu "
              f"(bus {bus}), {meta['N']} buses")
    if a.buses:
        shift = meta["ref_angle_deg"]
        print(f"{'bus':>6} {'|V| est':>12} {'|V| true':>12} {'angle est':>12} {'angle true':>12} {'error pu':>10}")
        for i, b in enumerate(meta["buses"]):
            ang = [math.degrees(np.angle(z)) + shift for z in (v[i], v_true[i])]
            print(f"{b:>6} {abs(v[i]):12.8f} {abs(v_true[i]):12.8f} {ang[0]:12.6f} {ang[1]:12.6f} "
                  f"{abs(v[i] - v_true[i]):10.2e}")


if __name__ == "__main__":
    main(sys.argv[1:])
