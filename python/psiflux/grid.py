"""The periodic box."""
import numpy as np

from ._errors import Error
from ._jvm import J, calling


class Grid:
    """A periodic grid of 1 to 3 axes: ``Grid(points=[256, 256], extent=[[-20, 20], [-20, 20]])``.

    Axis d has ``points[d]`` points x_i = min + i dx, dx = (max - min) / n (max excluded), and arrays
    on the grid are indexed [x, y, z] (C order, x slowest), as psiflux's .npy files are.

    ``g.x``, ``g.y``, ``g.z`` are the coordinates shaped to broadcast over the grid (so
    ``0.5 * (g.x**2 + g.y**2)`` is an array of the grid's shape), ``g.axes[d]`` the 1D coordinates,
    ``g.k[d]`` the angular wavenumbers in FFT order (numpy.fft.fftfreq times 2 pi / dx) and
    ``g.kx``, ``g.ky``, ``g.kz`` those shaped to broadcast; ``g.dx``, ``g.dV``, ``g.shape``.
    For matplotlib, ``plt.imshow(a.T, origin="lower", extent=g.imshow_extent)`` draws a 2D array
    with x to the right and y up.
    """

    def __init__(self, points, extent):
        try:
            points = [int(n) for n in points]
            extent = [(float(lo), float(hi)) for lo, hi in extent]
        except (TypeError, ValueError):
            raise Error("grid: points must be whole numbers and extent pairs [min, max], one per axis") from None
        if not 1 <= len(points) <= 3:
            raise Error(f"grid.points: 1 to 3 axes, got {len(points)}")
        if len(extent) != len(points):
            raise Error(f"grid.extent: one [min, max] per axis ({len(points)}), got {len(extent)}")
        Axis = J("io.psiflux.grid.Axis")
        axes = []
        for d, (n, (lo, hi)) in enumerate(zip(points, extent)):
            if n < 1:
                raise Error(f"grid.points: each axis needs >= 1 point, axis {d} has {n}")
            if not lo < hi:
                raise Error(f"grid.extent: axis {d} needs min < max, got [{lo}, {hi}]")
            axes.append(calling(lambda n=n, lo=lo, hi=hi: Axis(n, lo, hi)))
        self._j = calling(lambda: J("io.psiflux.grid.Grid").of(axes))
        self.points = tuple(points)
        self.shape = tuple(points)
        self.extent = tuple(extent)
        self.rank = len(points)
        self.dx = tuple((hi - lo) / n for n, (lo, hi) in zip(points, extent))
        self.dV = float(np.prod(self.dx))
        self.axes = [lo + d * np.arange(n) for n, (lo, hi), d in zip(points, extent, self.dx)]
        self.k = [2 * np.pi * np.fft.fftfreq(n, d) for n, d in zip(points, self.dx)]

    def _broadcast(self, vectors, d):
        if d >= self.rank:
            raise AttributeError(f"a {self.rank}D grid has no axis {'xyz'[d]}")
        shape = [1] * self.rank
        shape[d] = self.points[d]
        return vectors[d].reshape(shape)

    x = property(lambda self: self._broadcast(self.axes, 0))
    y = property(lambda self: self._broadcast(self.axes, 1))
    z = property(lambda self: self._broadcast(self.axes, 2))
    kx = property(lambda self: self._broadcast(self.k, 0))
    ky = property(lambda self: self._broadcast(self.k, 1))
    kz = property(lambda self: self._broadcast(self.k, 2))

    @property
    def imshow_extent(self):
        """(xmin, xmax, ymin, ymax) of a 2D grid's cell edges, for matplotlib's imshow(a.T, origin="lower")."""
        (x0, x1), (y0, y1) = self.extent[0], self.extent[1]
        return (x0 - self.dx[0] / 2, x1 - self.dx[0] / 2, y0 - self.dx[1] / 2, y1 - self.dx[1] / 2)

    def __repr__(self):
        return f"Grid(points={list(self.points)}, extent={[list(e) for e in self.extent]})"
