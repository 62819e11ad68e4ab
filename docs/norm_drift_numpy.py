#!/usr/bin/env python3
"""Norm drift of numpy's complex64 split step on psiflux's drift problem (issue 12 item 5):
harmonic omega = 1, coherent state x0 = 3, p_y = 3, sigma = 1/sqrt(2), dt = 0.005.
  python3 docs/norm_drift_numpy.py 256x256 4000 [complex64|complex128]"""
import sys
import numpy as np
import scipy.fft as sfft

shape = tuple(int(v) for v in sys.argv[1].split("x"))
steps = int(sys.argv[2])
dtype = np.dtype(sys.argv[3] if len(sys.argv) > 3 else "complex64")
L = {1: 20.0, 2: 10.0, 3: 10.0}[len(shape)]
dt = 0.005
axes = [np.linspace(-L, L, n, endpoint=False) for n in shape]
X = np.meshgrid(*axes, indexing="ij")
K = np.meshgrid(*[2 * np.pi * np.fft.fftfreq(n, a[1] - a[0]) for n, a in zip(shape, axes)], indexing="ij")
V = 0.5 * sum(x * x for x in X)
half = np.exp(-0.5j * V * dt).astype(dtype)
kin = np.exp(-0.5j * sum(k * k for k in K) * dt).astype(dtype)
c = [3.0, 0.0, 0.0]
p = [0.0, 3.0, 0.0]
psi = np.exp(sum(-(x - c[d]) ** 2 / 2 + 1j * p[d] * x for d, x in enumerate(X)))
dV = np.prod([a[1] - a[0] for a in axes])
psi = (psi / np.sqrt(np.sum(np.abs(psi) ** 2) * dV)).astype(dtype)
norm = lambda f: float(np.sum(np.abs(f.astype(np.complex128)) ** 2) * dV)
n0 = norm(psi)
for s in range(steps):
    psi *= half
    psi = sfft.ifftn(kin * sfft.fftn(psi)).astype(dtype)
    psi *= half
print(f"{sys.argv[1]} {dtype.name} numpy {np.__version__} scipy.fft: norm drift over {steps} steps {norm(psi) - n0:.3e}, per step {(norm(psi) - n0) / steps:.2e}")
