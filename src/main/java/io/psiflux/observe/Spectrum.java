package io.psiflux.observe;

import java.util.ArrayList;
import java.util.List;

/**
 * The energy spectrum of a correlation function C(t) sampled at t_k = k dt_s (k = 0 .. K-1): the
 * Hann-windowed Fourier transform of its Hermitian extension C(-t) = C(t)*, normalised so that a
 * line of C has its own weight as its amplitude.
 *
 * <p>Convention (public contract, spectrum.csv):
 * <pre>
 *   A(E) = Re sum_{k=-(K-1)}^{K-1} w_k C(t_k) e^{i E t_k / hbar} / sum_k w_k,
 *   w_k = cos^2(pi k / (2 (K-1))),   C(t_{-k}) = C(t_k)*,
 * </pre>
 * so for {@code C(t) = sum_n p_n e^{-i E_n t / hbar}} (the autocorrelation <psi(0)|psi(t)> of a
 * state with weights p_n = |c_n|^2 on levels E_n), {@code A(E) = sum_n Re(p_n) H(E - E_n)} with H
 * the window's transform, H(0) = 1: a peak of height p_n at each E_n. With T = (K-1) dt_s the
 * time the samples span:
 * <ul>
 *   <li>resolution: H vanishes at E = m pi hbar / T for every integer |m| >= 2 and has its first
 *       zeros at +-2 pi hbar / T, so lines closer than about 2 pi hbar / T merge, and a line 2 pi
 *       hbar / T (or any further multiple of pi hbar / T) away adds nothing at a peak; between
 *       those zeros its sidelobes fall as 1/E^3 (the largest positive one 0.8% of the peak);</li>
 *   <li>range: sampling every dt_s folds E and E + 2 pi hbar / dt_s together, so the spectrum
 *       covers [-pi hbar / dt_s, pi hbar / dt_s); a level outside appears shifted by a multiple of
 *       2 pi hbar / dt_s.</li>
 * </ul>
 * A(E) is evaluated on N = max(256, 2^ceil(log2(8 (K-1)))) energies E_j = -pi hbar / dt_s
 * + j 2 pi hbar / (N dt_s) by one FFT (at least 4 points per pi hbar / T). Peaks are the local
 * maxima of A on that grid, placed by Newton's method on the exact A(E) from the parabola through
 * the three points (to round-off), and listed when at least {@code threshold} times the highest
 * (threshold 0 lists every local maximum, sidelobes included).
 *
 * @param energies   E_j, ascending
 * @param amplitudes A(E_j)
 * @param peaks      the peaks, ascending in energy
 * @param samples    K, the number of samples of C
 * @param interval   dt_s, the time between samples
 * @param resolution 2 pi hbar / T
 */
public record Spectrum(double[] energies, double[] amplitudes, List<Peak> peaks, int samples, double interval,
                       double resolution) {

    /** The window's name, as summary.json states it. */
    public static final String WINDOW = "hann";

    /** One peak: its energy and amplitude A(energy). */
    public record Peak(double energy, double amplitude) {
    }

    /** The lowest energy of the range, -pi hbar / dt_s. */
    public double minEnergy() {
        return energies[0];
    }

    /** The upper end of the range (excluded), pi hbar / dt_s. */
    public double maxEnergy() {
        return -energies[0];
    }

    /**
     * The spectrum of the samples {@code c[k] = (re[k], im[k])} of C at k dt_s, k = 0 .. K-1, or
     * null when there are fewer than two (no time span).
     *
     * @param re        Re C(t_k)
     * @param im        Im C(t_k)
     * @param count     K, how many of the samples to use (the first K)
     * @param interval  dt_s > 0
     * @param hbar      hbar > 0
     * @param threshold peaks below this fraction of the highest are not listed, >= 0
     */
    public static Spectrum of(double[] re, double[] im, int count, double interval, double hbar, double threshold) {
        if (count < 2) return null;
        if (!(interval > 0) || !(hbar > 0)) throw new IllegalArgumentException("interval and hbar must be > 0");
        int k1 = count - 1;
        double[] w = window(count);
        double norm = w[0];
        for (int k = 1; k < count; k++) norm += 2 * w[k];
        int n = 256;
        while (n < 8L * k1) n <<= 1;
        // G_j = sum_k w_k C_k e^{i theta_j k}, theta_j = -pi + 2 pi j / N: an unnormalised inverse DFT of (-1)^k w_k C_k
        double[] g = new double[2 * n];
        for (int k = 0; k < count; k++) {
            double s = (k % 2 == 0 ? 1 : -1) * w[k];
            g[2 * k] = s * re[k];
            g[2 * k + 1] = s * im[k];
        }
        fft(g, n);
        double[] energies = new double[n], amps = new double[n];
        double unit = 2 * Math.PI * hbar / (n * interval), lo = -Math.PI * hbar / interval;
        for (int j = 0; j < n; j++) {
            energies[j] = lo + j * unit;
            amps[j] = (2 * g[2 * j] - w[0] * re[0]) / norm;
        }
        Line line = new Line(re, im, w, count, interval / hbar, norm);
        List<Peak> found = new ArrayList<>();
        double highest = Double.NEGATIVE_INFINITY, gridHighest = 0;
        for (double a : amps) gridHighest = Math.max(gridHighest, a);
        // a grid point lies within an eighth of a main lobe's half width of its peak, where the
        // lobe is above 97% of its height: refining only those above 0.9 threshold loses none
        double candidate = 0.9 * threshold * gridHighest;
        for (int j = 0; j < n; j++) {
            double a = amps[j], before = amps[(j + n - 1) % n], after = amps[(j + 1) % n];
            if (!(a > before && a >= after) || a < candidate) continue;
            Peak p = line.refine(energies[j], unit, before, a, after);
            found.add(p);
            highest = Math.max(highest, p.amplitude());
        }
        List<Peak> peaks = new ArrayList<>();
        for (Peak p : found) if (highest > 0 && p.amplitude() >= threshold * highest) peaks.add(p);
        peaks.sort((a, b) -> Double.compare(a.energy(), b.energy()));
        return new Spectrum(energies, amps, List.copyOf(peaks), count, interval, 2 * Math.PI * hbar / (k1 * interval));
    }

    /** The Hann weights w_k = cos^2(pi k / (2 (K-1))) of k = 0 .. K-1 (w_0 = 1, w_{K-1} = 0). */
    static double[] window(int count) {
        double[] w = new double[count];
        for (int k = 0; k < count; k++) w[k] = 0.5 * (1 + Math.cos(Math.PI * k / (count - 1)));
        return w;
    }

    /** A(E) evaluated directly, with its first two derivatives in E, for refining peaks. */
    private record Line(double[] re, double[] im, double[] w, int count, double step, double norm) {

        /** {A, dA/dE, d2A/dE2} at E: sums over k with e^{i E k step} built by rotation. */
        double[] at(double e) {
            double cr = Math.cos(e * step), ci = Math.sin(e * step), zr = 1, zi = 0;
            double a0 = 0, a1 = 0, a2 = 0;
            for (int k = 0; k < count; k++) {
                double vr = w[k] * (re[k] * zr - im[k] * zi), vi = w[k] * (re[k] * zi + im[k] * zr);
                double t = k * step;
                a0 += vr;
                a1 -= t * vi;      // Re(i t v)
                a2 -= t * t * vr;  // Re(-t^2 v)
                double r = zr * cr - zi * ci;
                zi = zr * ci + zi * cr;
                zr = r;
            }
            return new double[] {(2 * a0 - w[0] * re[0]) / norm, 2 * a1 / norm, 2 * a2 / norm};
        }

        /**
         * The maximum near grid point e (spacing h, values before, a, after at e - h, e, e + h):
         * the parabola's vertex, then Newton steps on dA/dE = 0 while they stay within h of e.
         */
        Peak refine(double e, double h, double before, double a, double after) {
            double curv = before - 2 * a + after;
            double x = curv < 0 ? e + 0.5 * h * (before - after) / curv : e;
            for (int it = 0; it < 4; it++) {
                double[] d = at(x);
                if (!(d[2] < 0)) break;
                double next = x - d[1] / d[2];
                if (Math.abs(next - e) > h) break;
                boolean done = Math.abs(next - x) < 1e-15 * Math.max(1, Math.abs(x));
                x = next;
                if (done) break;
            }
            return new Peak(x, at(x)[0]);
        }
    }

    /**
     * In-place unnormalised inverse DFT of n (a power of two) interleaved complex values:
     * {@code x_j <- sum_k x_k e^{+2 pi i j k / n}} (iterative radix 2; twiddles from Math.cos and
     * Math.sin per stage and index, not by recurrence, so the error stays at round-off).
     */
    static void fft(double[] x, int n) {
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j) {
                double t = x[2 * i];
                x[2 * i] = x[2 * j];
                x[2 * j] = t;
                t = x[2 * i + 1];
                x[2 * i + 1] = x[2 * j + 1];
                x[2 * j + 1] = t;
            }
        }
        double[] cos = new double[n / 2], sin = new double[n / 2];
        for (int m = 0; m < n / 2; m++) {
            cos[m] = Math.cos(2 * Math.PI * m / n);
            sin[m] = Math.sin(2 * Math.PI * m / n);
        }
        for (int len = 2; len <= n; len <<= 1) {
            int half = len / 2, stride = n / len;
            for (int i = 0; i < n; i += len) {
                for (int j = 0; j < half; j++) {
                    double wr = cos[j * stride], wi = sin[j * stride];
                    int a = 2 * (i + j), b = 2 * (i + j + half);
                    double br = x[b] * wr - x[b + 1] * wi, bi = x[b] * wi + x[b + 1] * wr;
                    x[b] = x[a] - br;
                    x[b + 1] = x[a + 1] - bi;
                    x[a] += br;
                    x[a + 1] += bi;
                }
            }
        }
    }
}
