package io.psiflux.io;

import java.util.Arrays;

/**
 * An array read from a {@code .npy} file, widened to double.
 *
 * @param shape   the array's shape in C order (slowest axis first)
 * @param dtype   the dtype as written in the file's header, e.g. {@code "<c16"}
 * @param complex whether the dtype is complex
 * @param data    the values in C order; for a complex array interleaved {@code re, im} pairs,
 *                as in {@link io.psiflux.field.ComplexField}
 */
public record NpyArray(int[] shape, String dtype, boolean complex, double[] data) {

    public NpyArray {
        long n = 1;
        for (int s : shape) n *= s;
        if (data.length != n * (complex ? 2 : 1)) {
            throw new IllegalArgumentException("shape " + Npy.tuple(shape) + " needs "
                    + n * (complex ? 2 : 1) + " values, got " + data.length);
        }
    }

    /** Number of elements (complex numbers count once). */
    public int size() {
        return complex ? data.length / 2 : data.length;
    }

    /** Number of axes. */
    public int rank() {
        return shape.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArray a && a.complex == complex && a.dtype.equals(dtype)
                && Arrays.equals(a.shape, shape) && Arrays.equals(a.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "NpyArray[shape=" + Npy.tuple(shape) + ", dtype=" + dtype + "]";
    }
}
