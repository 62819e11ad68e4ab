package io.psiflux.physics;

import io.psiflux.grid.Grid;

/**
 * How a potential expression becomes values on the grid (config {@code potential.sampling}):
 * <ul>
 *   <li>{@link #POINT}: V(x_i), the value at the grid point (the default; right for smooth V,
 *       which the spectral method represents by its point values);</li>
 *   <li>{@link #CELL}: the average of V over the point's cell [x_i - dx/2, x_i + dx/2) (per active
 *       axis), by the midpoint rule with {@link #subsamples} sub-samples per axis: a barrier edge
 *       inside a cell gives that cell the fraction of V it covers, so a sharp barrier keeps its
 *       width and area on the grid instead of growing to the next grid point.</li>
 * </ul>
 * The sub-sample offsets are {@code dx ((s + 1/2) / M - 1/2)}, s = 0 .. M - 1, computed in this
 * order by the host ({@link Potential#expression}) and by every backend that evaluates the tree
 * itself, and the average is the sum over the sub-samples (x slowest, then y, then z) divided by
 * their number, so all of them compute the same values.
 */
public enum Sampling {
    POINT, CELL;

    /**
     * Sub-samples per active axis of a cell for {@link #CELL}: 16 in 1D, 8 in 2D, 4 in 3D (16, 64
     * and 64 evaluations of V per grid point). With M per axis an edge that crosses a cell is
     * placed to within dx / (2M).
     */
    static final int[] PER_AXIS = {16, 8, 4};

    /** The config's name: "point" or "cell". */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The sampling of a config name, or null. */
    public static Sampling parse(String s) {
        for (Sampling v : values()) if (v.key().equals(s)) return v;
        return null;
    }

    /** Sub-samples along each of the three axes on grid {@code g}: all 1 for POINT and on inactive axes. */
    public int[] subsamples(Grid g) {
        int[] m = {1, 1, 1};
        if (this == CELL) for (int d = 0; d < g.rank(); d++) m[d] = PER_AXIS[g.rank() - 1];
        return m;
    }

    /** The offset of sub-sample s of m along an axis, in units of the spacing: (s + 1/2) / m - 1/2. */
    public static double offset(int s, int m) {
        return (s + 0.5) / m - 0.5;
    }
}
