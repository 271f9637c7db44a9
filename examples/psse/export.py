#!/usr/bin/env python3
"""Writes a pandapower grid as rank-1 matrix sensing: AC power-system state estimation.

    python3 examples/psse/export.py case118 [--out DIR] [--noise SIGMA [--seed S]]
                                            [--bad-data FRACTION [--bad-seed S]]

The state is the bus voltages v in C^N (pandapower's internal bus order), in real coordinates
x = [Re v; Im v] with Im v_ref (fixed to 0) removed: n = 2N - 1. Every measurement of the full SCADA
set (|V|^2 at every bus, P and Q injections at every bus, P and Q flows at both ends of every
in-service line and transformer: m = 3N + 4L) is b_i = x^T A_i x with A_i real symmetric, built from
the Ybus, Yf and Yt of pandapower's power flow (taps, phase shifts and shunts are inside them). Every
b_i is checked against pandapower's power flow results to 1e-10 (relative to max(1, |b_i|)); nothing
is written otherwise. Per unit on the grid's base MVA. Files (see README.md): A.npz, b.npy,
x_true.npy, x_flat.npy, frob.npy, sigma.npy, meta.json.

The first run creates examples/psse/.venv with pandapower (see pandapower_env.py).
"""
import argparse
import json
import math
import os
import shutil
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pandapower_env  # noqa: E402
from psse import die  # noqa: E402

TOLERANCE = 1e-10         # |x^T A_i x - pandapower's value| / max(1, |value|)
PF_TOLERANCES_MVA = (1e-12, 1e-11, 1e-10)  # power-flow mismatch tried in turn, so that the results are accurate
SIGMA_NOMINAL = 0.01      # relative standard deviation assumed when no --noise is given
SIGMA_FLOOR = 0.01        # pu: sigma_i = SIGMA * max(|b_i|, SIGMA_FLOOR), so zero injections get one too
# Elements that would put something into Ybus (or a bus) that this exporter does not map.
UNSUPPORTED = ("trafo3w", "impedance", "ward", "xward", "dcline", "switch", "svc", "ssc", "tcsc", "vsc",
               "bus_dc", "line_dc", "source_dc")


def parse_args(argv):
    p = argparse.ArgumentParser(prog="export.py", description=__doc__.split("\n\n")[0])
    p.add_argument("grid", help="a pandapower.networks case (case14, case30, case57, case118, case300, "
                                "case1354pegase, case2869pegase, case9241pegase, ...) or a pandapower JSON file")
    p.add_argument("--out", metavar="DIR", help="output folder (default: examples/psse/out/GRID[-noiseS][-badF])")
    p.add_argument("--noise", type=float, default=0.0, metavar="SIGMA",
                   help="add Gaussian noise, sigma_i = SIGMA * max(|b_i|, 0.01 pu) (default: none)")
    p.add_argument("--seed", type=int, default=1, help="seed of the noise (default: 1)")
    p.add_argument("--bad-data", type=float, default=0.0, metavar="FRACTION",
                   help="gross errors of +-max(50%% |b_i|, 20 sigma_i) on this fraction of the rows (default: none)")
    p.add_argument("--bad-seed", type=int, default=1, help="seed choosing the corrupted rows and signs (default: 1)")
    a = p.parse_args(argv)
    if not (math.isfinite(a.noise) and 0 <= a.noise < 1):
        die(f"--noise {a.noise}: give a relative standard deviation in [0, 1), e.g. 0.01")
    if not (math.isfinite(a.bad_data) and 0 <= a.bad_data < 0.5):
        die(f"--bad-data {a.bad_data}: give a fraction in [0, 0.5), e.g. 0.05")
    if a.out is None:
        tag = os.path.splitext(os.path.basename(a.grid))[0]
        tag += f"-noise{a.noise:g}" if a.noise else ""
        tag += f"-bad{a.bad_data:g}" if a.bad_data else ""
        a.out = os.path.join(HERE, "out", tag)
    return a


def load_net(grid):
    """(net, name, source) for a pandapower.networks function name or a pandapower JSON file."""
    import pandapower as pp
    import pandapower.networks as pn
    if os.path.isfile(grid):
        return pp.from_json(grid), os.path.splitext(os.path.basename(grid))[0], os.path.abspath(grid)
    grid = grid.removeprefix("pandapower.networks.")  # a meta.json "source"
    if not callable(getattr(pn, grid, None)):
        die(f"unknown grid '{grid}': give a pandapower.networks case (case14, case118, case2869pegase, ...) "
            "or a pandapower JSON file")
    return getattr(pn, grid)(), grid, f"pandapower.networks.{grid}"


def run_power_flow(net, name):
    import pandapower as pp
    for table in UNSUPPORTED:
        if table in net and len(net[table]):
            die(f"{name} has {len(net[table])} '{table}' elements, which this exporter does not map "
                "(supported: buses, lines, 2-winding transformers, shunts, loads, generators)")
    # numba=False: its JIT compilation (10-20 s) costs more than it saves in one power flow.
    try:
        pp.runpp(net, calculate_voltage_angles=True, tolerance_mva=1e-8, numba=False)
    except Exception as e:  # pandapower raises LoadflowNotConverged and friends
        die(f"pandapower's power flow failed on {name} ({type(e).__name__}): nothing to export")
    # Polish: the finest mismatch that rounding lets Newton reach (large grids stop above 1e-12).
    for tol in PF_TOLERANCES_MVA:
        try:
            pp.runpp(net, calculate_voltage_angles=True, tolerance_mva=tol, init="results", max_iteration=5,
                     numba=False)
            return tol
        except Exception:
            continue
    return 1e-8


def mapping(net, it, name):
    """pandapower bus per internal bus, and (element, pandapower index) per internal branch."""
    import numpy as np
    N, L = it["Ybus"].shape[0], it["Yf"].shape[0]
    lookup = np.asarray(net._pd2ppc_lookups["bus"])
    pd_of = np.full(N, -1, dtype=np.int64)
    for b in net.bus.index[net.bus.in_service.values.astype(bool)]:
        k = int(lookup[b])
        if 0 <= k < N:
            if pd_of[k] >= 0:
                die(f"{name}: pandapower buses {pd_of[k]} and {b} are fused into one; give a grid without bus-bus switches")
            pd_of[k] = b
    if (pd_of < 0).any():
        die(f"{name}: internal bus {int(np.argmax(pd_of < 0))} has no pandapower bus: not supported")
    in_service = np.asarray(it["branch_is"], dtype=bool)
    ppci_of = np.cumsum(in_service) - 1
    if in_service.sum() != L:
        die(f"{name}: {in_service.sum()} in-service branches but Yf has {L} rows: pandapower's layout changed")
    branches = [None] * L
    ends = {"line": ("from_bus", "to_bus"), "trafo": ("hv_bus", "lv_bus")}
    fbus = it["branch"][:, 0].real.astype(np.int64)
    tbus = it["branch"][:, 1].real.astype(np.int64)
    for element, (start, stop) in net._pd2ppc_lookups.get("branch", {}).items():
        if element not in ends:
            die(f"{name} has '{element}' branches, which this exporter does not map (supported: line, trafo)")
        index = net[element].index.values
        for pos in range(stop - start):
            if not in_service[start + pos]:
                continue
            k = int(ppci_of[start + pos])
            e = int(index[pos])
            f, t = (int(lookup[net[element].at[e, c]]) for c in ends[element])
            if (f, t) != (fbus[k], tbus[k]):
                die(f"{name}: {element} {e} maps to internal branch {k} with other end buses: pandapower's layout changed")
            branches[k] = (element, e)
    if any(b is None for b in branches):
        die(f"{name}: internal branch {branches.index(None)} has no pandapower line or transformer")
    return pd_of, branches, fbus, tbus


def pandapower_values(net, it, pd_of, branches):
    """The full measurement set, in row order, from pandapower's result tables (pu), and V (internal order)."""
    import numpy as np
    base = float(it["baseMVA"])
    rb = net.res_bus.loc[pd_of]
    v = rb.vm_pu.values * np.exp(1j * np.deg2rad(rb.va_degree.values))
    # res_bus counts shunt power as a bus element, but the shunts sit inside Ybus.
    p_sh = np.zeros(len(pd_of))
    q_sh = np.zeros(len(pd_of))
    if len(net.shunt):
        pos = {b: k for k, b in enumerate(pd_of)}
        for s in net.shunt.index:
            k = pos.get(net.shunt.at[s, "bus"])
            if k is not None:
                p_sh[k] += net.res_shunt.at[s, "p_mw"]
                q_sh[k] += net.res_shunt.at[s, "q_mvar"]
    p_inj = -(rb.p_mw.values - p_sh) / base
    q_inj = -(rb.q_mvar.values - q_sh) / base
    cols = {"line": ("p_from_mw", "q_from_mvar", "p_to_mw", "q_to_mvar"),
            "trafo": ("p_hv_mw", "q_hv_mvar", "p_lv_mw", "q_lv_mvar")}
    flows = np.zeros((len(branches), 4))
    for el, names in cols.items():
        rows = [k for k, (e, _) in enumerate(branches) if e == el]
        if rows:
            flows[rows] = net["res_" + el].loc[[branches[k][1] for k in rows], list(names)].values / base
    b = np.concatenate([np.abs(v) ** 2, p_inj, q_inj, flows[:, 0], flows[:, 1], flows[:, 2], flows[:, 3]])
    return b, v


def sensing_matrix(Ybus, Yf, Yt, fbus, tbus, ref):
    """The m x n^2 CSR matrix whose row i is vec(A_i), A_i = [[Re H, -Im H], [Im H, Re H]] restricted."""
    import numpy as np
    import scipy.sparse as sp
    N, L = Ybus.shape[0], Yf.shape[0]
    n, m = 2 * N - 1, 3 * N + 4 * L
    parts = [(np.arange(N), np.arange(N), np.arange(N), np.ones(N), np.zeros(N))]  # |V_k|^2: H = e_k e_k^T

    def power(Y, vbus, p_row0, q_row0):
        # S = V_a conj((Y v)_r) = v^H Phi v with Phi = conj(y_r)^T e_a^T;
        # P: H = (Phi + Phi^H)/2, Q: H = (Phi - Phi^H)/(2i). With y = g + i s:
        # H_P(j, a) = (g - i s)/2, H_P(a, j) = (g + i s)/2; H_Q(j, a) = (-s - i g)/2, H_Q(a, j) = (-s + i g)/2.
        c = sp.coo_matrix(Y)
        r, j, g, s = c.row, c.col, c.data.real / 2, c.data.imag / 2
        a = vbus[r]
        parts.append((np.concatenate([p_row0 + r] * 2), np.concatenate([j, a]), np.concatenate([a, j]),
                      np.concatenate([g, g]), np.concatenate([-s, s])))
        parts.append((np.concatenate([q_row0 + r] * 2), np.concatenate([j, a]), np.concatenate([a, j]),
                      np.concatenate([-s, -s]), np.concatenate([-g, g])))

    power(Ybus, np.arange(N), N, 2 * N)
    power(Yf, fbus, 3 * N, 3 * N + L)
    power(Yt, tbus, 3 * N + 2 * L, 3 * N + 3 * L)
    rows, p, q, hr, hi = (np.concatenate(x) for x in zip(*parts))
    # Real form: (p, q) Re h, (p+N, q+N) Re h, (p, q+N) -Im h, (p+N, q) Im h.
    rows = np.tile(rows, 4)
    P = np.concatenate([p, p + N, p, p + N]).astype(np.int64)
    Q = np.concatenate([q, q + N, q + N, q]).astype(np.int64)
    val = np.concatenate([hr, hr, -hi, hi])
    d = N + ref  # Im v_ref: dropped
    keep = (P != d) & (Q != d) & (val != 0)
    rows, P, Q, val = rows[keep], P[keep], Q[keep], val[keep]
    P -= P > d
    Q -= Q > d
    A = sp.coo_matrix((val, (rows, P * n + Q)), shape=(m, n * n)).tocsr()  # sums duplicates
    A.eliminate_zeros()
    A.sort_indices()
    return A


def quadratic_forms(A, x):
    """x^T A_i x for every row (A row-major vec), without forming x kron x."""
    import numpy as np
    n = x.size
    rows = np.repeat(np.arange(A.shape[0]), np.diff(A.indptr))
    return np.bincount(rows, A.data * x[A.indices // n] * x[A.indices % n], minlength=A.shape[0])


def check_symmetric(A, n, name):
    import numpy as np
    import scipy.sparse as sp
    rows = np.repeat(np.arange(A.shape[0]), np.diff(A.indptr))
    T = sp.csr_matrix((A.data, (rows, (A.indices % n) * n + A.indices // n)), shape=A.shape)
    if (A != T).nnz:
        die(f"{name}: a sensing matrix came out asymmetric (an exporter bug): nothing written")


def describe(row, N, L, pd_of, branches):
    if row < 3 * N:
        return f"{('|V|^2', 'P injection', 'Q injection')[row // N]} at bus {pd_of[row % N]}"
    k, side = (row - 3 * N) % L, (row - 3 * N) // L
    el, e = branches[k]
    return f"{('P', 'Q', 'P', 'Q')[side]} flow at the {('from', 'from', 'to', 'to')[side]} end of {el} {e}"


def write_folder(out, arrays, meta, A):
    """Writes everything into a fresh sibling folder, then moves it into place (replacing an old export)."""
    import numpy as np
    import scipy.sparse as sp
    out = os.path.abspath(out)
    if os.path.exists(out) and not os.path.isfile(os.path.join(out, "meta.json")) and os.listdir(out):
        die(f"{out} exists and is not an export folder: give another --out")
    tmp = f"{out}.tmp{os.getpid()}"
    os.makedirs(tmp)
    sp.save_npz(os.path.join(tmp, "A.npz"), A)
    for name, arr in arrays.items():
        np.save(os.path.join(tmp, name + ".npy"), arr)
    with open(os.path.join(tmp, "meta.json"), "w") as f:  # one key per line, lists on one line
        f.write("{\n" + ",\n".join(f" {json.dumps(k)}: {json.dumps(v)}" for k, v in meta.items()) + "\n}\n")
    if os.path.exists(out):
        shutil.rmtree(out)
    os.rename(tmp, out)
    return out


def main(argv):
    args = parse_args(argv)
    pandapower_env.ensure_pandapower()
    pandapower_env.quiet_pandapower()
    import numpy as np
    import pandapower as pp
    import scipy.sparse as sp

    t0 = time.perf_counter()
    net, name, source = load_net(args.grid)
    pf_tol = run_power_flow(net, name)
    t_pf = time.perf_counter()
    it = net._ppc["internal"]
    Ybus, Yf, Yt = (sp.csr_matrix(it[k]) for k in ("Ybus", "Yf", "Yt"))
    N, L = Ybus.shape[0], Yf.shape[0]
    n, m = 2 * N - 1, 3 * N + 4 * L
    ref = int(np.asarray(it["ref"]).ravel()[0])
    pd_of, branches, fbus, tbus = mapping(net, it, name)
    b_pp, v = pandapower_values(net, it, pd_of, branches)
    ref_angle = float(np.angle(v[ref]))
    v = v * np.exp(-1j * ref_angle)  # every measurement is invariant to the global phase
    x = np.delete(np.concatenate([v.real, v.imag]), N + ref)
    x_flat = np.delete(np.concatenate([np.ones(N), np.zeros(N)]), N + ref)

    A = sensing_matrix(Ybus, Yf, Yt, fbus, tbus, ref)
    check_symmetric(A, n, name)
    b_true = quadratic_forms(A, x)
    dev = np.abs(b_true - b_pp) / np.maximum(1.0, np.abs(b_pp))
    worst = int(np.argmax(dev))
    if not dev[worst] <= TOLERANCE:
        die(f"{name}: row {worst} ({describe(worst, N, L, pd_of, branches)}) is {b_true[worst]:.15g} from Ybus "
            f"but {b_pp[worst]:.15g} in pandapower's results (relative deviation {dev[worst]:.1e} > {TOLERANCE:g}): "
            "nothing written")

    sigma_rel = args.noise if args.noise > 0 else SIGMA_NOMINAL
    sigma = sigma_rel * np.maximum(np.abs(b_true), SIGMA_FLOOR)
    b = b_true.copy()
    if args.noise > 0:
        b += sigma * np.random.default_rng(args.seed).standard_normal(m)
    bad_rows = []
    if args.bad_data > 0:
        k = int(round(args.bad_data * m))
        if k == 0:
            die(f"--bad-data {args.bad_data} corrupts no row of {m}: give a larger fraction")
        rng = np.random.default_rng(args.bad_seed)
        bad = np.sort(rng.choice(m, size=k, replace=False))
        signs = rng.choice([-1.0, 1.0], size=k)
        b[bad] += signs * np.maximum(0.5 * np.abs(b_true[bad]), 20 * sigma[bad])
        bad_rows = [int(i) for i in bad]

    frob = np.sqrt(np.bincount(np.repeat(np.arange(m), np.diff(A.indptr)), A.data ** 2, minlength=m))
    kinds = [["v2", k] for k in range(N)] + [["p", k] for k in range(N)] + [["q", k] for k in range(N)]
    for kind, side in (("p_flow", "from"), ("q_flow", "from"), ("p_flow", "to"), ("q_flow", "to")):
        kinds += [[kind, k, side] for k in range(L)]
    meta = {
        "grid": name, "source": source, "pandapower": pp.__version__,
        "N": N, "L": L, "n": n, "m": m, "nnz": int(A.nnz), "base_mva": float(it["baseMVA"]),
        "units": "per unit on base_mva; injections positive into the network (generation), flows positive into the branch",
        "coordinates": "x = [Re v_0..Re v_{N-1}, Im v_0..Im v_{N-1}] over the internal buses, entry dropped_coordinate removed",
        "ref_bus": {"internal": ref, "pandapower": int(pd_of[ref])},
        "dropped_coordinate": N + ref,
        "ref_angle_deg": math.degrees(ref_angle),
        "rows": "v2 (|V|^2) at bus 0..N-1; p, q injections at bus 0..N-1; p_flow, q_flow at the from end of "
                "branch 0..L-1; p_flow, q_flow at the to end (trafos: from = hv, to = lv)",
        "sensing": "A.npz: m x n^2 CSR, row i = vec(A_i) row-major, A_i symmetric with both triangles; b_i = x^T A_i x",
        "noise": {"sigma_rel": args.noise, "seed": args.seed if args.noise > 0 else None},
        "sigma": {"sigma_rel": sigma_rel, "floor_pu": SIGMA_FLOOR,
                  "rule": "sigma_i = sigma_rel * max(|b*_i|, floor_pu) (sigma.npy; WLS weights 1/sigma_i^2)"},
        "bad_data": {"fraction": args.bad_data, "seed": args.bad_seed if bad_rows else None,
                     "magnitude": "+-max(0.5 |b*_i|, 20 sigma_i)", "rows": bad_rows},
        "check": {"max_relative_deviation_from_pandapower": float(dev[worst]), "tolerance": TOLERANCE,
                  "power_flow_tolerance_mva": pf_tol},
        "buses": [int(p) for p in pd_of],
        "branches": [[el, int(e), int(f), int(t)] for (el, e), f, t in zip(branches, fbus, tbus)],
        "measurements": kinds,
    }
    arrays = {"b": b, "x_true": x.reshape(n, 1), "x_flat": x_flat.reshape(n, 1), "frob": frob, "sigma": sigma}
    out = write_folder(args.out, arrays, meta, A)
    t_end = time.perf_counter()
    size = os.path.getsize(os.path.join(out, "A.npz"))
    total = sum(os.path.getsize(os.path.join(out, f)) for f in os.listdir(out))
    print(f"{name}: N {N}, L {L}, n {n}, m {m}, nnz {A.nnz} ({A.nnz / m:.1f} per row); deviation from pandapower "
          f"{dev[worst]:.1e}; {len(bad_rows)} corrupted rows; wrote {out} (A.npz {size / 1e3:.0f} kB, "
          f"all {total / 1e3:.0f} kB) in {t_end - t0:.2f} s (power flow {t_pf - t0:.2f} s)")


if __name__ == "__main__":
    main(sys.argv[1:])
