package io.psiflux.backend.cpu;

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

    /**
     * Factor {@code i} as {@code g e^{i phi}} with {@code |phi| <= pi/2} ({@code g} carries the
     * modulus and a sign), the rotation in the lifting form of {@link Twiddles.Lifts}: the shear
     * coefficient {@code -tan(phi/2)}.
     */
    double liftP(int i) {
        return -Math.tan(reduced(i) / 2);
    }

    /** The shear coefficient {@code sin(phi)} of {@link #liftP}. */
    double liftS(int i) {
        return Math.sin(reduced(i));
    }

    /**
     * The real factor {@code g} of {@link #liftP}: the modulus, negative when the angle was turned
     * by pi. A modulus within a few ulps of one is a phase factor (real time) whose cos and sin
     * were rounded: it is exactly one, as rounding it (more often down than up, the ulp below one
     * being half the ulp above) would bias the norm in double precision.
     */
    double liftG(int i) {
        double r = Math.hypot(re(i), im(i)), a = Math.atan2(im(i), re(i));
        if (Math.abs(r - 1) <= 4 * Math.ulp(1.0)) r = 1;
        return Math.abs(a) > Math.PI / 2 ? -r : r;
    }

    private double reduced(int i) {
        double a = Math.atan2(im(i), re(i));
        return a > Math.PI / 2 ? a - Math.PI : a < -Math.PI / 2 ? a + Math.PI : a;
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
