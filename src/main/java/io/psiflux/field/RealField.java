package io.psiflux.field;

import io.psiflux.grid.Grid;

/**
 * A real field with {@code components} values per grid point, held in host memory: a scalar
 * (density, potential) has one component, a vector (current) has one per declared axis.
 *
 * <p>Layout (public contract, as written to .npy): component-major, shape
 * {@code (components, *grid.shape())} for vectors and {@code grid.shape()} for scalars; component
 * {@code c} of point {@code p} sits at {@code c * points + p}. Storage is {@code double[]} in
 * {@link Precision#DOUBLE} and {@code float[]} in {@link Precision#SINGLE}.
 */
public final class RealField {
    private final Grid grid;
    private final Precision precision;
    private final int components;
    private final boolean vector;
    private final double[] d;
    private final float[] f;

    private RealField(Grid grid, Precision precision, int components, boolean vector) {
        this.grid = grid;
        this.precision = precision;
        this.components = components;
        this.vector = vector;
        int len = components * grid.points();
        this.d = precision == Precision.DOUBLE ? new double[len] : null;
        this.f = precision == Precision.SINGLE ? new float[len] : null;
    }

    /** A scalar field (shape = grid shape). */
    public static RealField scalar(Grid grid, Precision precision) {
        return new RealField(grid, precision, 1, false);
    }

    /** A vector field with one component per declared axis (shape = (rank, *grid shape)). */
    public static RealField vector(Grid grid, Precision precision) {
        return new RealField(grid, precision, grid.rank(), true);
    }

    public Grid grid() {
        return grid;
    }

    public Precision precision() {
        return precision;
    }

    public int components() {
        return components;
    }

    /** True for a vector field, whose .npy shape has a leading component axis. */
    public boolean isVector() {
        return vector;
    }

    /** The .npy shape of this field. */
    public int[] shape() {
        int[] g = grid.shape();
        if (!vector) return g;
        int[] s = new int[g.length + 1];
        s[0] = components;
        System.arraycopy(g, 0, s, 1, g.length);
        return s;
    }

    public double[] doubles() {
        return d;
    }

    public float[] floats() {
        return f;
    }

    /** Number of stored values, {@code components * points}. */
    public int length() {
        return d != null ? d.length : f.length;
    }

    /** An independent copy of this field (same grid, precision and shape). */
    public RealField copy() {
        RealField c = new RealField(grid, precision, components, vector);
        if (d != null) System.arraycopy(d, 0, c.d, 0, d.length);
        else System.arraycopy(f, 0, c.f, 0, f.length);
        return c;
    }

    public double get(int i) {
        return d != null ? d[i] : f[i];
    }

    public void set(int i, double v) {
        if (d != null) d[i] = v;
        else f[i] = (float) v;
    }

    /** Component {@code c} at point {@code p}. */
    public double get(int c, int p) {
        return get(c * grid.points() + p);
    }

    public void set(int c, int p, double v) {
        set(c * grid.points() + p, v);
    }
    /**
     * Writes the values into {@code out} from its position, in the field's precision (8 or 4 bytes
     * each, in {@code out}'s byte order), in the layout of {@link #doubles()}: for a caller's
     * direct buffer (a numpy array shared through JPype) without an element-by-element copy.
     */
    public void copyTo(java.nio.ByteBuffer out) {
        java.nio.ByteBuffer b = out.duplicate().order(out.order());
        if (d != null) b.asDoubleBuffer().put(d);
        else b.asFloatBuffer().put(f);
    }

    /** Reads the values from {@code in} (the layout and precision of {@link #copyTo}). */
    public void copyFrom(java.nio.ByteBuffer in) {
        java.nio.ByteBuffer b = in.duplicate().order(in.order());
        if (d != null) b.asDoubleBuffer().get(d);
        else b.asFloatBuffer().get(f);
    }
}
