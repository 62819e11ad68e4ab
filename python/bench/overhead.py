"""What crossing into Python costs: a snapshot's fields as numpy arrays, against the step time.

    PSIFLUX_JAR=target/psiflux.jar /usr/bin/python3 python/bench/overhead.py [N ...]

For each N x N grid (double, CPU backend): ms per step; ms for the Java side of a snapshot
(observe + density + current + psi on the host); ms for turning those fields into numpy arrays
(a bulk copy into a reused direct buffer, then numpy's copy out of it); the whole snapshot as
sim.run yields it; and, for scale, np.asarray of psi's doubles read from a Java double[].
Medians of repeats."""
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import psiflux  # noqa: E402
from psiflux._jvm import J  # noqa: E402


def median_ms(fn, repeats=9):
    t = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        t.append((time.perf_counter() - t0) * 1e3)
    return float(np.median(t))


for n in [int(a) for a in sys.argv[1:]] or [256, 512, 1024]:
    g = psiflux.Grid(points=[n, n], extent=[[-20, 20], [-20, 20]])
    sim = psiflux.Simulation(g, potential="0.5*(x^2+y^2)", initial=psiflux.gaussian(sigma=[1, 1], momentum=[1, 0]),
                             dt=0.01, backend="cpu")
    sim.advance(64)  # warm-up
    step = median_ms(lambda: sim.advance(32)) / 32
    kinds = J("java.util.EnumSet").noneOf(J("io.psiflux.observe.FieldKind"))
    fields = ("density", "current", "psi")
    for f in fields:
        kinds.add(J("io.psiflux.observe.FieldKind").parse(f))
    java_side = median_ms(lambda: sim._j.snapshot(sim._j.observe(), kinds))
    o = sim._j.observe()
    s = sim._j.snapshot(o, kinds)
    J("java.lang.System").gc()  # the Java side's garbage (a snapshot's worth per call) is not the conversion's cost
    to_numpy = median_ms(lambda: psiflux.Snapshot(o, s, fields, g), repeats=15)
    whole = median_ms(lambda: sim._snapshot(kinds, fields))
    doubles = sim._j.psi().doubles()
    as_array = median_ms(lambda: np.asarray(doubles), repeats=3)
    mb = (1 + 2 + 2) * n * n * 8 / 1e6
    print(f"{n}x{n}: step {step:.2f} ms; snapshot of density, current, psi ({mb:.0f} MB): Java side {java_side:.2f} ms, "
          f"to numpy {to_numpy:.2f} ms ({to_numpy / step:.2f} steps), whole {whole:.2f} ms; "
          f"np.asarray(double[] of psi) {as_array:.1f} ms")
    sim.close()
