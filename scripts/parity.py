#!/usr/bin/env python3
"""Judges gpu-check.sh's parity runs (RUNS_DIR/opencl-P/NAME against RUNS_DIR/cpu-P/NAME) as
compare.py does, with one change: the parts of the Helmholtz split (current_transport_*,
current_circulating_*) are measured against the whole current of the same step. A part that is
zero in exact arithmetic (vortex-2d's transport current, ~1e-15 of the current in double) is
round-off on both backends, and its difference relative to itself is O(1) by construction
(compare.py's 1.24e-01 on PoCL, 2026-12-01), not a parity failure.
usage: parity.py RUNS_DIR   (prints one line per file, then the worst per precision; exit 1 above a bar)"""
import os
import sys

import numpy as np

runs = sys.argv[1]
bars = {"double": 1e-9, "single": 1e-3}
worst, failed = {}, False
for p in ("double", "single"):
    a_root, b_root = os.path.join(runs, f"opencl-{p}"), os.path.join(runs, f"cpu-{p}")
    if not os.path.isdir(a_root):
        continue
    for name in sorted(os.listdir(a_root)):
        for f in sorted(os.listdir(os.path.join(a_root, name))):
            a_path, b_path = os.path.join(a_root, name, f), os.path.join(b_root, name, f)
            if not f.endswith(".npy") or not os.path.exists(b_path):
                continue
            a, b = np.load(a_path), np.load(b_path)
            if a.shape != b.shape:
                print(f"{p} {name}/{f}: shapes differ {a.shape} vs {b.shape}")
                worst[p] = float("inf")
                continue
            scale, against = np.linalg.norm(b.ravel()), "itself"
            for part in ("current_transport_", "current_circulating_"):
                whole = os.path.join(b_root, name, f.replace(part, "current_"))
                if f.startswith(part) and os.path.exists(whole):
                    scale, against = max(scale, np.linalg.norm(np.load(whole).ravel())), "the current"
            d = float(np.linalg.norm((a - b).ravel()) / max(scale, 1e-300))
            worst[p] = max(worst.get(p, 0.0), d)
            print(f"{p} {name}/{f}: {d:.2e}" + ("" if against == "itself" else " (against the current)"))
for p, w in worst.items():
    failed |= w > bars[p]
print("worst OpenCL vs CPU: " + ", ".join(f"{p} {w:.2e} (bar {bars[p]:.0e})" for p, w in worst.items())
      + (": FAIL" if failed else ": ok"))
sys.exit(1 if failed else 0)
