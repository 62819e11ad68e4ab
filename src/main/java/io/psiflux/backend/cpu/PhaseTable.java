package io.psiflux.backend.cpu;

import io.psiflux.backend.Lifting;

/**
 * A phase factor per point, interleaved {@code re, im} in double (the backend's own tables), and
 * a stamp that changes whenever the values are refilled in place: the steppers re-lay a table out
 * only when its stamp moved. The typed view the generated steppers read it through, so their
 * sources name no {@code double[]} that the float generator would rewrite.
 */
final class PhaseTable {
    private final double[] interleaved;
    private long stamp;

    PhaseTable(double[] interleaved) {
        this.interleaved = interleaved;
    }

    double[] interleaved() {
        return interleaved;
    }

    double re(int i) {
        return interleaved[2 * i];
    }

    double im(int i) {
        return interleaved[2 * i + 1];
    }

    /** Factor {@code i} in lifting form ({@link Lifting}): the shear coefficient {@code p}. */
    double liftP(int i) {
        return Lifting.p(re(i), im(i));
    }

    /** The shear coefficient {@code s} of factor {@code i} ({@link Lifting}). */
    double liftS(int i) {
        return Lifting.s(re(i), im(i));
    }

    /** The real factor {@code g} of factor {@code i} (modulus and sign, {@link Lifting}). */
    double liftG(int i) {
        return Lifting.g(re(i), im(i));
    }

    /**
     * Factor {@code i} in lifting form as {@link #liftP}, without transcendental functions (the
     * potential tables, laid out again every step when V depends on time): with {@code c + i s}
     * the factor over its modulus, turned by pi when {@code c < 0}, {@code p = -s / (1 + c)}
     * ({@code = -tan(phi/2)}).
     */
    double fastP(int i) {
        double r = modulus(i);
        if (r == 0) return 0;
        double sign = re(i) < 0 ? -1 : 1;
        return -(sign * im(i) / r) / (1 + sign * re(i) / r);
    }

    /** The shear coefficient {@code s} of {@link #fastP}. */
    double fastS(int i) {
        double r = modulus(i);
        if (r == 0) return 0;
        return (re(i) < 0 ? -1 : 1) * im(i) / r;
    }

    /** The real factor {@code g} of {@link #fastP}, as {@link Lifting#g}: exactly +-1 for a modulus within 4 ulps of one. */
    double fastG(int i) {
        double r = modulus(i);
        if (Math.abs(r - 1) <= 4 * Math.ulp(1.0)) r = 1;
        return re(i) < 0 ? -r : r;
    }

    private double modulus(int i) {
        double a = re(i), b = im(i), r2 = a * a + b * b;
        return r2 > 1e-290 && r2 < 1e290 ? Math.sqrt(r2) : Math.hypot(a, b);
    }

    /** Changes whenever the values change. */
    long stamp() {
        return stamp;
    }

    /** Marks the values as refilled. */
    void touch() {
        stamp++;
    }
}
