"""psiflux from Python: the same solver as the psiflux command line, in this process (JPype).

    import numpy as np, psiflux
    g = psiflux.Grid(points=[256, 256], extent=[[-20, 20], [-20, 20]])
    sim = psiflux.Simulation(g, potential=0.5 * (g.x**2 + g.y**2),
                             initial=psiflux.gaussian(center=[-5, 0], sigma=[1, 1], momentum=[2, 0]), dt=0.005)
    for snap in sim.run(steps=2000, every=100):
        print(snap.step, snap.time, snap.norm, snap.energy)
    res = psiflux.run("samples/eckart-tunnelling-1d.toml")

See python/README.md.
"""
from ._errors import Error
from .grid import Grid
from .run import Config, RunResult, dumps, load_config, run
from .show import Picture, show
from .sim import Simulation, Snapshot, Spectrum, gaussian

__all__ = ["Error", "Grid", "Simulation", "Snapshot", "Spectrum", "gaussian", "run", "load_config", "Config", "RunResult",
           "dumps", "show", "Picture"]
__version__ = "0.1.0"
