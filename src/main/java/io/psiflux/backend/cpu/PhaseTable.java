package io.psiflux.backend.cpu;

/**
 * A phase factor per point, interleaved {@code re, im} in double (the backend's own tables):
 * the typed view the generated steppers read it through, so their sources name no {@code double[]}
 * that the float generator would rewrite.
 */
record PhaseTable(double[] interleaved) {

    double re(int i) {
        return interleaved[2 * i];
    }

    double im(int i) {
        return interleaved[2 * i + 1];
    }
}
