package io.psiflux.backend;

/**
 * Rotations in lifting form, the way both backends multiply by a phase inside the step: a
 * rotation by {@code phi} ({@code |phi| <= pi/2}) of {@code (x, y) = (re, im)} as three shears
 * <pre>  x += p y;  y += s x;  x += p y;     p = -tan(phi/2),  s = sin(phi)</pre>
 * Each shear has determinant exactly one whatever {@code p} and {@code s} round to, so rounding
 * the coefficients to floats changes the angle slightly but leaves the map area-preserving: its
 * effect on the norm averages to zero over the phases of the data (it is second order in the
 * rounding). A complex product with {@code cos} and {@code sin} rounded to floats scales every
 * value by the rounded factor's modulus instead, the same way every step: correctly rounded
 * twiddles have moduli below one on average (the 45-degree ones by 3.4e-8 in float), which made a
 * float FFT of 256 points lose about 6e-8 of the norm per transform, and per-axis kinetic factors
 * of a 2D grid about 2e-8 per step (docs/benchmarks.md, "Single precision that keeps its norm").
 *
 * <p>Angles beyond {@code pi/2} are brought in by exact turns: a real factor {@code g} of sign -1
 * ({@link #g}) for factors, quarter turns {@code (-i)^q} (swaps and negations) for twiddles.
 * Everything here is computed in double, once per table; the kernels round it to their precision.
 */
public final class Lifting {

    private Lifting() {
    }

    /** The shear coefficient {@code -tan(phi/2)} of the factor {@code re + i im = g e^{i phi}}, {@code |phi| <= pi/2}. */
    public static double p(double re, double im) {
        return -Math.tan(reduced(re, im) / 2);
    }

    /** The shear coefficient {@code sin(phi)} of {@link #p}. */
    public static double s(double re, double im) {
        return Math.sin(reduced(re, im));
    }

    /**
     * The real factor {@code g} of {@link #p}: the modulus, negative when the angle was turned by
     * pi. A modulus within a few ulps of one is a phase factor (real time) whose cos and sin were
     * rounded: it is exactly one, as rounding it (more often down than up, the ulp below one being
     * half the ulp above) would bias the norm in double precision.
     */
    public static double g(double re, double im) {
        double r = Math.hypot(re, im);
        if (Math.abs(r - 1) <= 4 * Math.ulp(1.0)) r = 1;
        return Math.abs(Math.atan2(im, re)) > Math.PI / 2 ? -r : r;
    }

    private static double reduced(double re, double im) {
        double a = Math.atan2(im, re);
        return a > Math.PI / 2 ? a - Math.PI : a < -Math.PI / 2 ? a + Math.PI : a;
    }

    /**
     * The twiddle {@code e^{-2 pi i e / den}}, {@code 0 <= e < den}, as {@code (-i)^q e^{i phi}}
     * with {@code q} the nearest quarter turn ({@code |phi| <= pi/4}): {@code {p, s, q}}.
     * {@code q = ((8 e + den) / (2 den)) mod 4} in integers, which kernels recompute from {@code e}.
     */
    public static double[] twiddle(long e, long den) {
        long q = quarter(e, den);
        long r = 4 * e - q * den; // phi = -pi r / (2 den), |r| <= den / 2
        return new double[] {Math.tan(Math.PI * r / (4.0 * den)), -Math.sin(Math.PI * r / (2.0 * den)), q % 4};
    }

    /** The quarter turns of {@link #twiddle}, before reduction mod 4. */
    private static long quarter(long e, long den) {
        return (8 * e + den) / (2 * den);
    }
}
