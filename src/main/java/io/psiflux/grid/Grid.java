package io.psiflux.grid;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A periodic grid of rank 1, 2 or 3. Rank is data: the grid always has three axes and the ones
 * beyond {@link #rank()} are inactive (one point), so every operator is written once.
 *
 * <p>Storage order (public contract): arrays are indexed {@code [x][y][z]} with x slowest, as
 * numpy reads a C-order array; the flat index of {@code (i, j, k)} is
 * {@code (i * n1 + j) * n2 + k}.
 */
public final class Grid {
    private final int rank;
    private final Axis[] axes;

    private Grid(int rank, Axis[] axes) {
        this.rank = rank;
        this.axes = axes;
    }

    /** A grid from 1 to 3 axes; missing axes are filled in as inactive. */
    public static Grid of(List<Axis> declared) {
        if (declared.isEmpty() || declared.size() > 3) {
            throw new IllegalArgumentException("a grid has 1 to 3 axes, got " + declared.size());
        }
        Axis[] a = new Axis[3];
        for (int d = 0; d < 3; d++) a[d] = d < declared.size() ? declared.get(d) : Axis.inactive();
        return new Grid(declared.size(), a);
    }

    public static Grid of(Axis... declared) {
        return of(List.of(declared));
    }

    /** Number of declared axes (1, 2 or 3). */
    public int rank() {
        return rank;
    }

    /** Axis {@code d}, 0 to 2; axes at or beyond {@link #rank()} are inactive. */
    public Axis axis(int d) {
        return axes[d];
    }

    /** Points along axis {@code d} (1 for an inactive axis). */
    public int n(int d) {
        return axes[d].n();
    }

    /** Declared axes 0 .. rank-1, in storage order (slowest first). */
    public int[] activeAxes() {
        return IntStream.range(0, rank).toArray();
    }

    /** Shape of the declared axes, e.g. {@code [256, 128]} for a 2D grid. */
    public int[] shape() {
        int[] s = new int[rank];
        for (int d = 0; d < rank; d++) s[d] = axes[d].n();
        return s;
    }

    /** Total number of points. */
    public long size() {
        return (long) axes[0].n() * axes[1].n() * axes[2].n();
    }

    /** Number of points as an int; every field of one grid lives in one Java array. */
    public int points() {
        long s = size();
        if (s > Integer.MAX_VALUE / 2) throw new IllegalStateException("grid of " + s + " points is too large");
        return (int) s;
    }

    /** Distance in the flat array between neighbours along axis {@code d}. */
    public int stride(int d) {
        int s = 1;
        for (int e = d + 1; e < 3; e++) s *= axes[e].n();
        return s;
    }

    /** Volume element: the product of the declared axes' spacings. */
    public double dV() {
        double v = 1;
        for (int d = 0; d < rank; d++) v *= axes[d].dx();
        return v;
    }

    /**
     * Flat index of the first point of line {@code line} along axis {@code d}: the grid viewed as
     * (before, n, after) with {@code after = stride(d)}, lines numbered in C order of the other
     * axes, so line L starts at {@code (L / after) * n * after + L % after}.
     */
    public int lineStart(int d, int line) {
        int after = stride(d);
        return (line / after) * axes[d].n() * after + line % after;
    }

    /** Index along axis {@code d} of flat index {@code flat}. */
    public int index(int flat, int d) {
        return (flat / stride(d)) % axes[d].n();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Grid g && g.rank == rank && Arrays.equals(g.axes, axes);
    }

    @Override
    public int hashCode() {
        return 31 * rank + Arrays.hashCode(axes);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Grid");
        for (int d = 0; d < rank; d++) b.append(d == 0 ? "[" : " x ").append(axes[d].n());
        return b.append("]").toString();
    }
}
