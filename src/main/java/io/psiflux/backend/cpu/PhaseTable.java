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

    /** Changes whenever the values change. */
    long stamp() {
        return stamp;
    }

    /** Marks the values as refilled. */
    void touch() {
        stamp++;
    }
}
