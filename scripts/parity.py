#!/usr/bin/env python3
"""Judges gpu-check.sh's parity runs (RUNS_DIR/opencl-P/NAME against RUNS_DIR/cpu-P/NAME) as
compare.py does (relative L2 difference of every .npy pair; bars 1e-9 double, 1e-3 single), with
the quantities compare.py cannot judge measured on their own scale:

- currents (current_*, current_transport_*, current_circulating_*): against the largest of the
  file itself, the whole current and the density of the same step (the density in ħ = m = 1 units,
  velocities of order one, as in every sample). A current that is zero in exact arithmetic
  (standing-wave-1d's, vortex-2d's transport part, ~1e-15 in double) is round-off on both backends,
  and its difference relative to itself is O(1) by construction: compare.py reported 2.26 (double)
  and 6.5e8 (single) for them on PoCL, 2026-12-01.
- fields that fade (density_*, current*, psi_* of a run with an absorber: square-barrier-1d keeps
  1e-6 of its probability at the end): against the same field at the run's first output step as
  well, so that the round-off of the first 20000 single-precision steps is not divided by what
  is left (3.6e-2 "relative" at the end of square-barrier-1d, where CPU single and double differ
  by 3.3e-2 of the remainder too).
- symmetry-broken states (rotating-bec-2d: the vortex lattice's orientation is chosen by
  round-off) are compared by their final energy in summary.json only, to 1e-3 relative: that run
  stops on purpose 8e-4 above its ground level (time.tolerance = 0), and two lattices on their
  way down differ by up to that (5.7e-6 between CPU and PoCL in double, 3.3e-4 in single).
- eigenstates (state_K.npy of time.method = "eigen" and imaginary-time runs): an eigenvector has
  an arbitrary phase, and near-degenerate ones an arbitrary mix, so each state is measured by its
  distance from the span of the other backend's states K-1, K, K+1, sqrt(1 - |projection|^2).
  Its bar is the solver's, not round-off: 1e-5 double, 1e-2 single. The energies of
  summary.json's states[] are compared to 1e-9 (double) and 1e-4 (single), relative.
usage: parity.py RUNS_DIR   (one line per file, then the worst per kind; exit 1 above a bar)"""
import json
import os
import re
import sys

import numpy as np

SYMMETRY_BROKEN = {"rotating-bec-2d"}

runs = sys.argv[1]
bars = {("field", "double"): 1e-9, ("field", "single"): 1e-3, ("state", "double"): 1e-5, ("state", "single"): 1e-2,
        ("energy", "double"): 1e-9, ("energy", "single"): 1e-4,
        ("broken-symmetry energy", "double"): 1e-3, ("broken-symmetry energy", "single"): 1e-3}
worst = {}


def note(kind, p, value):
    worst[(kind, p)] = max(worst.get((kind, p), 0.0), value)


def load(path):
    a = np.load(path)
    return a.astype(np.complex128) if np.iscomplexobj(a) else a.astype(np.float64)


for p in ("double", "single"):
    a_root, b_root = os.path.join(runs, f"opencl-{p}"), os.path.join(runs, f"cpu-{p}")
    if not os.path.isdir(a_root):
        continue
    for name in sorted(os.listdir(a_root)):
        a_dir, b_dir = os.path.join(a_root, name), os.path.join(b_root, name)
        if not os.path.isdir(b_dir):
            print(f"{p} {name}: no CPU run to compare with")
            continue
        states = {}
        for f in sorted(os.listdir(a_dir)):
            a_path, b_path = os.path.join(a_dir, f), os.path.join(b_dir, f)
            if not f.endswith(".npy") or not os.path.exists(b_path):
                continue
            m = re.fullmatch(r"state_(\d+)\.npy", f)
            if m:
                if name not in SYMMETRY_BROKEN:
                    states[int(m.group(1))] = (load(a_path), load(b_path))
                continue
            a, b = load(a_path), load(b_path)
            if a.shape != b.shape:
                print(f"{p} {name}/{f}: shapes differ {a.shape} vs {b.shape}")
                note("field", p, float("inf"))
                continue
            scale, against = np.linalg.norm(b.ravel()), ""
            m = re.fullmatch(r"current(?:_transport|_circulating)?_(\d+)\.npy", f)
            if m:
                for other in (f"current_{m.group(1)}.npy", f"density_{m.group(1)}.npy"):
                    path = os.path.join(b_dir, other)
                    if os.path.exists(path) and other != f:
                        s = np.linalg.norm(load(path).ravel())
                        if s > scale:
                            scale, against = s, " (against " + other.split("_")[0] + ")"
            m = re.fullmatch(r"(density|current|current_transport|current_circulating|psi)_(\d+)\.npy", f)
            if m:
                first = sorted(g for g in os.listdir(b_dir) if re.fullmatch(m.group(1) + r"_\d+\.npy", g))[0]
                s = np.linalg.norm(load(os.path.join(b_dir, first)).ravel())
                if s > scale:
                    scale, against = s, f" (against {first})"
            d = float(np.linalg.norm((a - b).ravel()) / max(scale, 1e-300))
            note("field", p, d)
            print(f"{p} {name}/{f}: {d:.2e}{against}")
        for k in sorted(states):
            a = states[k][0].ravel()
            a = a / np.linalg.norm(a)
            span = [states[j][1].ravel() for j in (k - 1, k, k + 1) if j in states]
            q, _ = np.linalg.qr(np.array(span).T)
            proj = np.linalg.norm(q.conj().T @ a)
            d = float(np.sqrt(max(0.0, 1 - proj ** 2)))
            note("state", p, d)
            print(f"{p} {name}/state_{k}.npy: {d:.2e} (distance from the span of states {k - 1}..{k + 1})")
        sa, sb = os.path.join(a_dir, "summary.json"), os.path.join(b_dir, "summary.json")
        if os.path.exists(sa) and os.path.exists(sb):
            ja, jb = json.load(open(sa)), json.load(open(sb))
            ea = [s["energy"] for s in ja.get("states", [])] or ([ja["final_energy"]] if name in SYMMETRY_BROKEN else [])
            eb = [s["energy"] for s in jb.get("states", [])] or ([jb["final_energy"]] if name in SYMMETRY_BROKEN else [])
            for k, (x, y) in enumerate(zip(ea, eb)):
                d = abs(x - y) / max(abs(y), 1e-300)
                note("broken-symmetry energy" if name in SYMMETRY_BROKEN else "energy", p, d)
                print(f"{p} {name}: E_{k} {x:.12g} vs {y:.12g}: {d:.2e}")
failed = False
parts = []
for (kind, p), w in sorted(worst.items()):
    bar = bars[(kind, p)]
    failed |= w > bar
    parts.append(f"{kind} {p} {w:.2e} (bar {bar:.0e})")
print("worst OpenCL vs CPU: " + ", ".join(parts) + (": FAIL" if failed else ": ok"))
sys.exit(1 if failed else 0)
