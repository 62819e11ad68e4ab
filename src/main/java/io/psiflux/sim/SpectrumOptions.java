package io.psiflux.sim;

/**
 * What a {@link Simulation} samples for spectra (config [spectrum]): the autocorrelation
 * C(t) = <psi(0)|psi(t)>, and optionally the current correlation <psi(0)| J_d(t) J_d(0) |psi(0)>
 * (see {@code observe.Correlations}), recorded every {@code every} steps from the state it
 * starts from; their spectra are {@code observe.Spectrum}s.
 *
 * @param every       steps between samples, >= 1 (the command line uses output.every, so the
 *                    samples are the rows of observables.csv)
 * @param currentAxis the axis d of J_d (0 = x, 1 = y, 2 = z), or -1 for the autocorrelation only;
 *                    spectrum.current, default none
 * @param threshold   peaks lower than this fraction of the highest are not listed, in [0, 1);
 *                    spectrum.threshold, default {@link #DEFAULT_THRESHOLD}
 */
public record SpectrumOptions(int every, int currentAxis, double threshold) {

    /** Above the Hann window's largest positive sidelobe, 0.8% of its peak. */
    public static final double DEFAULT_THRESHOLD = 0.01;

    public SpectrumOptions {
        if (every < 1) throw new IllegalArgumentException("spectrum samples every >= 1 steps, got " + every);
        if (currentAxis < -1 || currentAxis > 2) throw new IllegalArgumentException("current axis must be -1, 0, 1 or 2, got " + currentAxis);
        if (!(threshold >= 0 && threshold < 1)) throw new IllegalArgumentException("threshold must be in [0, 1), got " + threshold);
    }
}
