package io.psiflux.field;

import io.psiflux.grid.Grid;

/**
 * A complex scalar field on a grid, held in host memory.
 *
 * <p>Layout (public contract, shared with the .npy files and the OpenCL buffers): interleaved
 * {@code re, im} pairs in the grid's C order, so point {@code p} (a flat index, see {@link Grid})
 * has its real part at {@code 2p} and its imaginary part at {@code 2p + 1}. Storage is a
 * {@code double[]} in {@link Precision#DOUBLE} and a {@code float[]} in {@link Precision#SINGLE};
 * exactly one of {@link #doubles()} and {@link #floats()} is non-null.
 */
public final class ComplexField {
    private final Grid grid;
    private final Precision precision;
    private final double[] d;
    private final float[] f;

    public ComplexField(Grid grid, Precision precision) {
        this.grid = grid;
        this.precision = precision;
        int len = 2 * grid.points();
        this.d = precision == Precision.DOUBLE ? new double[len] : null;
        this.f = precision == Precision.SINGLE ? new float[len] : null;
    }

    public Grid grid() {
        return grid;
    }

    public Precision precision() {
        return precision;
    }

    /** Number of complex points. */
    public int points() {
        return grid.points();
    }

    /** Interleaved storage in double precision, or null in single. */
    public double[] doubles() {
        return d;
    }

    /** Interleaved storage in single precision, or null in double. */
    public float[] floats() {
        return f;
    }

    public double re(int p) {
        return d != null ? d[2 * p] : f[2 * p];
    }

    public double im(int p) {
        return d != null ? d[2 * p + 1] : f[2 * p + 1];
    }

    public void set(int p, double re, double im) {
        if (d != null) {
            d[2 * p] = re;
            d[2 * p + 1] = im;
        } else {
            f[2 * p] = (float) re;
            f[2 * p + 1] = (float) im;
        }
    }

    /** |psi(p)|^2. */
    public double abs2(int p) {
        double r = re(p), i = im(p);
        return r * r + i * i;
    }

    /** Copies the values of {@code src} (same grid, any precision) into this field. */
    public void copyFrom(ComplexField src) {
        if (!src.grid.equals(grid)) throw new IllegalArgumentException("grids differ");
        if (d != null && src.d != null) System.arraycopy(src.d, 0, d, 0, d.length);
        else if (f != null && src.f != null) System.arraycopy(src.f, 0, f, 0, f.length);
        else for (int p = 0; p < points(); p++) set(p, src.re(p), src.im(p));
    }

    /** A copy of this field in the given precision. */
    public ComplexField to(Precision p) {
        ComplexField c = new ComplexField(grid, p);
        c.copyFrom(this);
        return c;
    }
    /**
     * Writes psi into {@code out} from its position, interleaved re, im in the field's precision
     * (numpy's complex128 or complex64 layout, in {@code out}'s byte order): for a caller's direct
     * buffer without an element-by-element copy.
     */
    public void copyTo(java.nio.ByteBuffer out) {
        java.nio.ByteBuffer b = out.duplicate().order(out.order());
        if (d != null) b.asDoubleBuffer().put(d);
        else b.asFloatBuffer().put(f);
    }

    /** Reads psi from {@code in} (the layout and precision of {@link #copyTo}). */
    public void copyFrom(java.nio.ByteBuffer in) {
        java.nio.ByteBuffer b = in.duplicate().order(in.order());
        if (d != null) b.asDoubleBuffer().get(d);
        else b.asFloatBuffer().get(f);
    }
}
