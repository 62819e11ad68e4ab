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

    /** Changes whenever the values change. */
    long stamp() {
        return stamp;
    }

    /** Marks the values as refilled. */
    void touch() {
        stamp++;
    }
}
