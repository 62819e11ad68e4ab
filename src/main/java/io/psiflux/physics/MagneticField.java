package io.psiflux.physics;

import java.util.Arrays;
import java.util.Locale;

/**
 * A uniform magnetic field B and the gauge of its vector potential, A = M r with M a constant
 * matrix, B = curl A:
 * <ul>
 *   <li>{@link Gauge#SYMMETRIC}: A = B x r / 2 about the coordinate origin;</li>
 *   <li>{@link Gauge#LANDAU}: for B along one axis only; for B along z, A = (-B y, 0, 0), and
 *       cyclically for the other axes (B along x: A = (0, -B z, 0); along y: A = (0, 0, -B x)).</li>
 * </ul>
 * In both gauges A_d does not depend on x_d (M has a zero diagonal), which is what lets the
 * kinetic part along axis d be diagonal in (k_d, the other coordinates) and the split-operator step
 * treat the axes one after the other (GPUE's restriction too).
 *
 * @param b     (Bx, By, Bz)
 * @param gauge the gauge of A
 */
public record MagneticField(double[] b, Gauge gauge) {

    /** The gauge of the vector potential. */
    public enum Gauge {
        SYMMETRIC, LANDAU;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Gauge parse(String s) {
            for (Gauge g : values()) if (g.key().equals(s)) return g;
            return null;
        }
    }

    public MagneticField {
        if (b == null || b.length != 3) throw new IllegalArgumentException("a field has three components (Bx, By, Bz)");
        b = b.clone();
        for (double v : b) if (!Double.isFinite(v)) throw new IllegalArgumentException("the field must be finite: " + Arrays.toString(b));
        int nonzero = 0;
        for (double v : b) if (v != 0) nonzero++;
        if (gauge == Gauge.LANDAU && nonzero > 1) {
            throw new IllegalArgumentException("the Landau gauge needs B along one axis, got " + Arrays.toString(b));
        }
    }

    /** The axis B points along (0, 1, 2), or -1 when it has two or more nonzero components (or none). */
    public int along() {
        int axis = -1;
        for (int d = 0; d < 3; d++) {
            if (b[d] != 0) {
                if (axis >= 0) return -1;
                axis = d;
            }
        }
        return axis;
    }

    /** True when B = 0. */
    public boolean zero() {
        return b[0] == 0 && b[1] == 0 && b[2] == 0;
    }

    /** M with A = M r: row d gives A_d as a linear function of (x, y, z); the diagonal is zero. */
    public double[][] matrix() {
        double[][] m = new double[3][3];
        if (gauge == Gauge.SYMMETRIC) {
            // A = B x r / 2
            m[0][1] = -b[2] / 2;
            m[0][2] = b[1] / 2;
            m[1][0] = b[2] / 2;
            m[1][2] = -b[0] / 2;
            m[2][0] = -b[1] / 2;
            m[2][1] = b[0] / 2;
        } else {
            int a = along();
            if (a == 2) m[0][1] = -b[2];      // A = (-B y, 0, 0)
            else if (a == 0) m[1][2] = -b[0]; // A = (0, -B z, 0)
            else if (a == 1) m[2][0] = -b[1]; // A = (0, 0, -B x)
        }
        return m;
    }

    /**
     * The line integral of A from c to r along the straight path, {@code int_c^r A.dl}: with A = M r
     * linear it is (r - c) . M (r + c) / 2, so a gauge-covariant packet centred at c carries the
     * phase q times this over hbar.
     */
    public double lineIntegral(double[] c, double[] r) {
        double[][] m = matrix();
        double s = 0;
        for (int d = 0; d < 3; d++) {
            double mid = 0;
            for (int e = 0; e < 3; e++) mid += m[d][e] * (r[e] + c[e]) / 2;
            s += (r[d] - c[d]) * mid;
        }
        return s;
    }
}
