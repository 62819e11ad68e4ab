package io.psiflux.physics;

import io.psiflux.field.RealField;
import io.psiflux.grid.Grid;

/**
 * A complex absorbing potential -i W(r) in a layer of thickness {@code width} inside every face of
 * every declared axis of the (periodic) box:
 * {@code W = strength * sum_d ramp(u_d)}, {@code u_d = (width - distance to the nearer face of axis d) / width}
 * clipped to [0, 1], with the smooth polynomial {@code ramp(u) = u^POWER}. W is zero in the interior,
 * rises smoothly from the layer's inner edge and peaks at {@code strength} on the faces (where the
 * layers of the two faces meet across the periodic boundary). A smooth ramp reflects little; a
 * thick layer absorbs fast packets before they wrap around (see docs/config.md for measured
 * reflection).
 *
 * @param width    thickness of the layer at each face, in length units, > 0
 * @param strength peak absorption rate W at a face (energy units), > 0
 */
public record Absorber(double width, double strength) {

    /** The peak strength when none is given (the config's default). */
    public static final double DEFAULT_STRENGTH = 1.0;

    /** Exponent of the ramp; quadratic. */
    public static final int POWER = 2;

    /** W at a point with coordinate x on an axis [min, max). */
    public double w(double x, double min, double max) {
        double dist = Math.min(x - min, max - x);
        double u = (width - dist) / width;
        if (u <= 0) return 0;
        u = Math.min(u, 1);
        double r = 1;
        for (int i = 0; i < POWER; i++) r *= u;
        return strength * r;
    }

    /** Writes W(r) at every grid point into {@code out} (a scalar field). */
    public void sample(RealField out) {
        Grid g = out.grid();
        int rank = g.rank();
        double[][] perAxis = new double[3][];
        for (int d = 0; d < 3; d++) {
            perAxis[d] = new double[g.n(d)];
            if (d >= rank) continue;
            for (int i = 0; i < g.n(d); i++) perAxis[d][i] = w(g.axis(d).x(i), g.axis(d).min(), g.axis(d).max());
        }
        int p = 0;
        for (int i = 0; i < g.n(0); i++) {
            for (int j = 0; j < g.n(1); j++) {
                for (int k = 0; k < g.n(2); k++, p++) out.set(p, perAxis[0][i] + perAxis[1][j] + perAxis[2][k]);
            }
        }
    }
}
