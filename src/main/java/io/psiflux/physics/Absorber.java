package io.psiflux.physics;

import io.psiflux.field.RealField;
import io.psiflux.grid.Grid;

/**
 * A complex absorbing potential -i W(r) in a layer of thickness {@code width} inside every face of
 * every declared axis of the (periodic) box: {@code W = sum_d w_d(u_d)}, with
 * {@code u_d = (width - distance to the nearer face of axis d) / width} clipped to [0, 1] (0 at the
 * layer's inner edge, 1 on the faces, where the layers of the two faces meet across the periodic
 * boundary) and, per {@link Profile}:
 * <ul>
 *   <li>{@link Profile#QUADRATIC}: {@code w = strength u^2}, one gentle ramp. It absorbs slow
 *       waves without reflecting them, but a wave of speed v survives both layers (what leaves on
 *       one side and comes back on the other) with probability
 *       {@code exp(-4 strength width m / (3 hbar^2 k))}: the fast components a sharp potential
 *       scatters up to the grid's largest k go round the box.</li>
 *   <li>{@link Profile#TWO_STAGE} (the default): that ramp plus a steep stage near the faces,
 *       {@code w = strength u^2 + F_d u^8}, with F_d set from the grid so that even a wave at the
 *       largest wavenumber of axis d, k_max = pi / dx, survives both layers with probability at
 *       most {@link #FAST_SURVIVAL}: the steep stage's integral over a layer,
 *       {@code F_d width / 9}, is {@code hbar^2 k_max ln(1 / FAST_SURVIVAL) / 4m}. Slow waves
 *       are absorbed by the ramp before they reach the steep stage, so they see what the
 *       quadratic ramp alone would give (docs/config.md, "Absorbing boundaries", has the
 *       measured table).</li>
 * </ul>
 * A thick layer absorbs slow packets without reflecting them (see docs/config.md).
 *
 * @param width    thickness of the layer at each face, in length units, > 0
 * @param strength the slow ramp's W at the faces (energy units), > 0
 * @param profile  the shape of W across the layer
 */
public record Absorber(double width, double strength, Profile profile) {

    /** The ramp's strength when none is given (the config's default). */
    public static final double DEFAULT_STRENGTH = 1.0;

    /** The shape of W across the layer (config {@code absorber.profile}). */
    public enum Profile {
        /** strength u^2 plus the steep stage F_d u^8 set from the grid's k_max (the default). */
        TWO_STAGE("two-stage"),
        /** strength u^2 alone (psiflux's absorber before the steep stage). */
        QUADRATIC("quadratic");

        /** The config's name. */
        public final String key;

        Profile(String key) {
            this.key = key;
        }

        /** The profile of a config name, or null. */
        public static Profile parse(String s) {
            for (Profile p : values()) if (p.key.equals(s)) return p;
            return null;
        }
    }

    /** The profile when none is given (the config's default). */
    public static final Profile DEFAULT_PROFILE = Profile.TWO_STAGE;

    /**
     * The two-stage profile's design target: a wave at the grid's largest wavenumber survives a
     * crossing of both layers with at most this probability (WKB; measured 2.7e-7 at k = 60 on
     * dx = 0.05, docs/config.md).
     */
    public static final double FAST_SURVIVAL = 1e-6;

    /** Exponent of the steep stage: high, so that it stays out of the ramp's way for slow waves. */
    public static final int FAST_POWER = 8;

    public Absorber {
        if (!(width > 0) || !Double.isFinite(width)) throw new IllegalArgumentException("the absorber's width must be > 0, got " + width);
        if (!(strength > 0) || !Double.isFinite(strength)) {
            throw new IllegalArgumentException("the absorber's strength must be > 0, got " + strength);
        }
        if (profile == null) profile = DEFAULT_PROFILE;
    }

    /** The default (two-stage) profile. */
    public Absorber(double width, double strength) {
        this(width, strength, DEFAULT_PROFILE);
    }

    /**
     * The steep stage's peak F for an axis of spacing dx: zero for the quadratic profile, else
     * {@code (FAST_POWER + 1) hbar^2 k_max ln(1 / FAST_SURVIVAL) / (4 m width)}, k_max = pi / dx.
     */
    public double fastStrength(double dx, double hbar, double mass) {
        if (profile == Profile.QUADRATIC) return 0;
        double kMax = Math.PI / dx;
        return (FAST_POWER + 1) * hbar * hbar * kMax * Math.log(1 / FAST_SURVIVAL) / (4 * mass * width);
    }

    /** W of one axis at coordinate x on [min, max), with the steep stage's peak {@code fast}. */
    public double w(double x, double min, double max, double fast) {
        double dist = Math.min(x - min, max - x);
        double u = (width - dist) / width;
        if (u <= 0) return 0;
        u = Math.min(u, 1);
        double u2 = u * u, u8 = u2 * u2 * u2 * u2;
        return strength * u2 + fast * u8;
    }

    /** Writes W(r) at every grid point into {@code out} (a scalar field), for a particle of this hbar and mass. */
    public void sample(RealField out, double hbar, double mass) {
        Grid g = out.grid();
        int rank = g.rank();
        double[][] perAxis = new double[3][];
        for (int d = 0; d < 3; d++) {
            perAxis[d] = new double[g.n(d)];
            if (d >= rank) continue;
            double fast = fastStrength(g.axis(d).dx(), hbar, mass);
            for (int i = 0; i < g.n(d); i++) perAxis[d][i] = w(g.axis(d).x(i), g.axis(d).min(), g.axis(d).max(), fast);
        }
        int p = 0;
        for (int i = 0; i < g.n(0); i++) {
            for (int j = 0; j < g.n(1); j++) {
                for (int k = 0; k < g.n(2); k++, p++) out.set(p, perAxis[0][i] + perAxis[1][j] + perAxis[2][k]);
            }
        }
    }
}
