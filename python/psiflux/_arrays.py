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


def to_numpy_real(field):
    """A new numpy array with the values of a RealField: shape grid (scalar) or (rank, *grid) (vector)."""
    shape = tuple(int(n) for n in field.shape())
    out = np.empty(shape, dtype=real_dtype(field.precision()))
    field.copyTo(_native(jpype.nio.convertToDirectBuffer(out)))
    return out


def to_numpy_complex(field):
    """A new complex numpy array of the grid's shape with the values of a ComplexField."""
    shape = tuple(int(n) for n in field.grid().shape())
    out = np.empty(shape, dtype=complex_dtype(field.precision()))
    field.copyTo(_native(jpype.nio.convertToDirectBuffer(out)))
    return out


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
