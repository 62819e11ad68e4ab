"""numpy arrays to and from psiflux fields through direct buffers: no element-by-element copy."""
import jpype
import jpype.nio
import numpy as np

from ._jvm import J


def _native(buf):
    return buf.order(J("java.nio.ByteOrder").nativeOrder())


def real_dtype(precision):
    return np.float64 if str(precision) == "double" else np.float32


def complex_dtype(precision):
    return np.complex128 if str(precision) == "double" else np.complex64


_staging = {}


def _staged(field, shape, dtype):
    """A new array with the field's values: Java copies them in bulk into a direct buffer that
    Java owns and this module reuses (allocated once per size), numpy copies them out. (Handing
    Java a view of a fresh numpy array instead keeps that array alive until Java's next GC, so
    every snapshot would map and fault in new pages: measured 36 ms against 2 ms for a 1024^2 psi.)"""
    nbytes = int(np.prod(shape)) * np.dtype(dtype).itemsize
    entry = _staging.get(nbytes)
    if entry is None:
        if len(_staging) >= 8:
            _staging.clear()
        buf = _native(J("java.nio.ByteBuffer").allocateDirect(nbytes))
        entry = _staging[nbytes] = (buf, np.asarray(memoryview(buf)))
    buf, raw = entry
    field.copyTo(buf)
    return raw.view(dtype).reshape(shape).copy()


def to_numpy_real(field):
    """A new numpy array with the values of a RealField: shape grid (scalar) or (rank, *grid) (vector)."""
    return _staged(field, tuple(int(n) for n in field.shape()), real_dtype(field.precision()))


def to_numpy_complex(field):
    """A new complex numpy array of the grid's shape with the values of a ComplexField."""
    return _staged(field, tuple(int(n) for n in field.grid().shape()), complex_dtype(field.precision()))


def real_field(grid_j, array, precision="double", vector=False):
    """A RealField of the grid holding array (broadcast to the grid's shape), in the given precision."""
    Precision = J("io.psiflux.field.Precision")
    p = Precision.DOUBLE if precision == "double" else Precision.SINGLE
    RealField = J("io.psiflux.field.RealField")
    f = RealField.vector(grid_j, p) if vector else RealField.scalar(grid_j, p)
    shape = tuple(int(n) for n in f.shape())
    a = np.ascontiguousarray(np.broadcast_to(np.asarray(array, dtype=real_dtype(precision)), shape))
    if not a.flags.writeable:
        a = a.copy()
    f.copyFrom(_native(jpype.nio.convertToDirectBuffer(a)))
    return f


def complex_field(grid_j, array, precision="double"):
    """A ComplexField of the grid holding the complex array (of the grid's shape)."""
    Precision = J("io.psiflux.field.Precision")
    p = Precision.DOUBLE if precision == "double" else Precision.SINGLE
    f = J("io.psiflux.field.ComplexField")(grid_j, p)
    shape = tuple(int(n) for n in grid_j.shape())
    a = np.asarray(array)
    if a.shape != shape:
        from ._errors import Error
        raise Error(f"psi: expected an array of shape {shape}, got {a.shape}")
    a = np.array(a, dtype=complex_dtype(precision), order="C", copy=True)
    f.copyFrom(_native(jpype.nio.convertToDirectBuffer(a)))
    return f
