"""Renders docs/img/eigenstates-2d.png from a run of samples/eigenstates-2d.toml:
the densities |psi_k|^2 of the 20 states in a 4 x 5 grid, each titled with its energy and residual.

    ./psiflux run samples/eigenstates-2d.toml --out out/eigenstates-2d
    python3 docs/img/eigenstates-2d.py out/eigenstates-2d docs/img/eigenstates-2d.png
"""
import json
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

run, png = sys.argv[1], sys.argv[2]
summary = json.load(open(f"{run}/summary.json"))
states = summary["states"]
x, y = np.load(f"{run}/x.npy"), np.load(f"{run}/y.npy")
v = np.load(f"{run}/V.npy")
fig, axes = plt.subplots(4, 5, figsize=(12.5, 10.5))
for k, ax in enumerate(axes.flat):
    psi = np.load(f"{run}/state_{k}.npy")
    d = np.abs(psi) ** 2
    ax.imshow(d.T, origin="lower", extent=[x[0], x[-1], y[0], y[-1]], cmap="magma", aspect="equal")
    ax.contour(x, y, v.T, levels=[1, 2, 4, 6], colors="white", linewidths=0.4, alpha=0.5)
    s = states[k]
    ax.set_title(f"{k}: E = {s['energy']:.6f}\nresidual {s['residual']:.1e}", fontsize=9)
    ax.set_xticks([])
    ax.set_yticks([])
fig.suptitle("psiflux eigensolver: 20 lowest states of (x^2 - 4)^2/8 + 0.3 y^2 + 0.02 x on 96^2 (|psi|^2, V contours)",
             fontsize=11)
fig.tight_layout()
fig.savefig(png, dpi=80)
