package io.psiflux.grid;

/**
 * One periodic axis of the grid: {@code n} points on {@code [min, max)}.
 *
 * <p>Conventions (public contract): {@code x(i) = min + i * dx} with {@code dx = (max - min) / n};
 * wavenumbers in FFT order, {@code k(i) = 2 pi fftfreq(n, dx)[i]}, that is
 * {@code [0, 1, ..., ceil(n/2)-1, -floor(n/2), ..., -1] * 2 pi / (n dx)} (numpy's ordering).
 * An axis with {@code n = 1} is inactive: it has a single point and wavenumber 0.
 */
public record Axis(int n, double min, double max) {

    public Axis {
        if (n < 1) throw new IllegalArgumentException("an axis needs at least 1 point, got " + n);
        if (!(max > min)) throw new IllegalArgumentException("axis extent must satisfy min < max");
    }

    /** A placeholder for an axis the problem does not use (n = 1, length 1). */
    public static Axis inactive() {
        return new Axis(1, 0.0, 1.0);
    }

    /** Spacing between neighbouring points. */
    public double dx() {
        return (max - min) / n;
    }

    /** Box length {@code max - min}. */
    public double length() {
        return max - min;
    }

    /** Position of point {@code i}. */
    public double x(int i) {
        return min + i * dx();
    }

    /** Signed frequency index of FFT bin {@code i}: 0, 1, ..., -floor(n/2), ..., -1. */
    public int freq(int i) {
        return i < (n + 1) / 2 ? i : i - n;
    }

    /** Angular wavenumber of FFT bin {@code i} (radians per length unit). */
    public double k(int i) {
        return 2.0 * Math.PI * freq(i) / length();
    }

    /**
     * Wavenumber used for first derivatives and momentum: {@link #k(int)}, except 0 at the Nyquist
     * bin of an even axis. That bin's sign is ambiguous (+pi/dx and -pi/dx alias), and dropping it
     * keeps the derivative of a real field real, so a real state carries exactly zero current.
     */
    public double kDerivative(int i) {
        return (n % 2 == 0 && i == n / 2) ? 0.0 : k(i);
    }

    /** Largest |k| on this axis, {@code pi / dx} (the Nyquist wavenumber). */
    public double kMax() {
        return Math.PI / dx();
    }
}
