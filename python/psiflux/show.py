"""Pictures of snapshots, the same as `psiflux render` makes."""
import io

import jpype

from . import _arrays
from ._jvm import J, calling

_renderer = None


class Picture:
    """A PNG: a notebook displays it; ``.png`` is the bytes, ``.save(path)`` writes it."""

    def __init__(self, png):
        self.png = png

    def _repr_png_(self):
        return self.png

    def save(self, path):
        with open(path, "wb") as f:
            f.write(self.png)


def show(snap, width=800, height=600):
    """The picture `psiflux render` draws for this snapshot (2D: phase colour and current arrows;
    1D: curves; 3D: volume and slice). The snapshot needs psi, density and current (the default
    fields of Simulation.run)."""
    global _renderer

    def draw():
        global _renderer
        g = snap.grid
        if _renderer is None or _renderer.width() != width or _renderer.height() != height:
            if _renderer is not None:
                _renderer.close()
            _renderer = J("io.psiflux.viz.HeadlessRenderer")(int(width), int(height))
        psi = _arrays.complex_field(g._j, snap.psi) if snap.psi is not None else None
        rho = _arrays.real_field(g._j, snap.density) if snap.density is not None else None
        j = _arrays.real_field(g._j, snap.current, vector=True) if snap.current is not None else None
        v = _arrays.real_field(g._j, snap.potential) if snap.potential is not None else \
            J("io.psiflux.field.RealField").scalar(g._j, J("io.psiflux.field.Precision").DOUBLE)
        s = J("io.psiflux.sim.Snapshot")(snap.step, snap.time, g._j, psi, rho, j, v, snap.norm, snap.energy)
        image = _renderer.render(s)
        buf = J("java.io.ByteArrayOutputStream")()
        J("javax.imageio.ImageIO").write(image, "png", buf)
        return Picture(bytes(buf.toByteArray()))

    if snap.psi is None or snap.density is None or snap.current is None:
        from ._errors import Error
        raise Error("show: the snapshot needs psi, density and current (fields=('density', 'current', 'psi'))")
    return calling(draw)
