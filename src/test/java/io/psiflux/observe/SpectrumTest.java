package io.psiflux.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The spectrum of sampled correlation functions against a slow, obviously right oracle (the
 * two-sided windowed sum written out) and against line spectra whose answer is known: lines of
 * C(t) = sum p_n e^{-i E_n t / hbar} come back at E_n with amplitude p_n, lines closer than
 * 2 pi hbar / T merge, and energies beyond pi hbar / dt_s fold back.
 */
class SpectrumTest {

    /** A(E) by the definition: the Hermitian extension summed over k = -(K-1) .. K-1 with the Hann window. */
    static double oracle(double[] re, double[] im, double interval, double hbar, double e) {
        int k1 = re.length - 1;
        double sum = 0, norm = 0;
        for (int k = -k1; k <= k1; k++) {
            double w = Math.pow(Math.cos(Math.PI * k / (2.0 * k1)), 2);
            double cr = re[Math.abs(k)], ci = k < 0 ? -im[-k] : im[k];
            double ph = e * k * interval / hbar;
            sum += w * (cr * Math.cos(ph) - ci * Math.sin(ph));
            norm += w;
        }
        return sum / norm;
    }

    /** Samples of sum_n p_n e^{-i E_n t / hbar} (p_n complex: {re, im}) at k dt_s. */
    static double[][] lines(int count, double interval, double hbar, double[] energies, double[][] weights) {
        double[] re = new double[count], im = new double[count];
        for (int k = 0; k < count; k++) {
            double t = k * interval;
            for (int n = 0; n < energies.length; n++) {
                double c = Math.cos(energies[n] * t / hbar), s = -Math.sin(energies[n] * t / hbar);
                re[k] += weights[n][0] * c - weights[n][1] * s;
                im[k] += weights[n][0] * s + weights[n][1] * c;
            }
        }
        return new double[][] {re, im};
    }

    @Test
    void theFftGridEqualsTheDefinitionAtEveryEnergy() {
        Random r = new Random(12);
        int count = 33;   // 8 (K-1) = 256 energies
        double[] re = new double[count], im = new double[count];
        for (int k = 0; k < count; k++) {
            re[k] = r.nextGaussian();
            im[k] = r.nextGaussian();
        }
        double interval = 0.3, hbar = 0.7;
        Spectrum s = Spectrum.of(re, im, count, interval, hbar, 0);
        assertEquals(256, s.energies().length, "at least 256 energies");
        assertEquals(-Math.PI * hbar / interval, s.minEnergy(), 1e-12, "range starts at -pi hbar / dt_s");
        assertEquals(Math.PI * hbar / interval, s.maxEnergy(), 1e-12, "and ends at pi hbar / dt_s");
        assertEquals(2 * Math.PI * hbar / ((count - 1) * interval), s.resolution(), 1e-15, "resolution 2 pi hbar / T");
        for (int j = 0; j < s.energies().length; j++) {
            assertEquals(-Math.PI * hbar / interval + j * 2 * Math.PI * hbar / (256 * interval), s.energies()[j], 1e-12);
            assertEquals(oracle(re, im, interval, hbar, s.energies()[j]), s.amplitudes()[j], 1e-12, "E = " + s.energies()[j]);
        }
        // every local maximum refined: each is a stationary point of the exact A(E), above its grid neighbours
        for (Spectrum.Peak p : s.peaks()) {
            double h = 1e-6, a = oracle(re, im, interval, hbar, p.energy());
            assertEquals(a, p.amplitude(), 1e-12, "the amplitude is A at the peak's energy");
            assertTrue(a >= oracle(re, im, interval, hbar, p.energy() - h) - 1e-13 && a >= oracle(re, im, interval, hbar, p.energy() + h) - 1e-13,
                    "a maximum at " + p.energy());
        }
    }

    @Test
    void linesComeBackAtTheirEnergiesWithTheirWeights() {
        // levels E_n = (n + 1/2) hbar omega with Poisson weights; T a whole number of periods puts every
        // other line on a zero of the window's transform (multiples of pi hbar / T beyond the first)
        double hbar = 1.3, omega = 0.8, mean = 2.0, interval = 0.05;
        int count = 1 + (int) Math.round(10 * 2 * Math.PI / omega / interval); // ten periods
        double[] e = new double[12];
        double[][] p = new double[12][2];
        double fact = 1;
        for (int n = 0; n < e.length; n++) {
            if (n > 0) fact *= n;
            e[n] = (n + 0.5) * hbar * omega;
            p[n][0] = Math.exp(-mean) * Math.pow(mean, n) / fact;
        }
        double[][] c = lines(count, interval, hbar, e, p);
        Spectrum s = Spectrum.of(c[0], c[1], count, interval, hbar, 0.01);
        double highest = p[1][0];
        int listed = 0;
        for (double[] w : p) if (w[0] >= 0.01 * highest) listed++;
        assertEquals(listed, s.peaks().size(), "one peak per level above 1% of the highest, no sidelobes: " + s.peaks());
        for (int n = 0; n < listed; n++) {
            Spectrum.Peak q = s.peaks().get(n);
            assertEquals(e[n], q.energy(), 0.01 * s.resolution(), "level " + n);
            // T = ten periods is not exactly (count - 1) dt_s: the neighbours sit a hair off the zeros
            assertEquals(p[n][0], q.amplitude(), 1e-4, "weight of level " + n);
        }
    }

    @Test
    void linesOnTheWindowsZerosKeepTheirWeightsExactly() {
        // T = (K-1) dt_s exactly, lines m pi hbar / T apart (m >= 2): each peak holds only its own weight
        double hbar = 1, interval = 0.1;
        int count = 401;
        double t = (count - 1) * interval, bin = Math.PI * hbar / t;
        double[] e = {3 * bin, 7 * bin, 15 * bin, -4 * bin};
        double[][] p = {{0.5, 0}, {0.25, 0}, {0.2, 0}, {0.05, 0}};
        double[][] c = lines(count, interval, hbar, e, p);
        for (int n = 0; n < e.length; n++) {
            assertEquals(p[n][0], oracle(c[0], c[1], interval, hbar, e[n]), 1e-12, "line " + n + " alone at its energy");
        }
        Spectrum s = Spectrum.of(c[0], c[1], count, interval, hbar, 0.01);
        assertEquals(4, s.peaks().size(), s.peaks().toString());
        double sum = 0;
        for (Spectrum.Peak q : s.peaks()) sum += q.amplitude();
        assertEquals(1.0, sum, 2e-3, "the weights add up to C(0) = 1");
    }

    @Test
    void twoLinesResolveWhenFurtherApartThanTheResolution() {
        double hbar = 1, interval = 0.1;
        int count = 301;
        double res = 2 * Math.PI * hbar / ((count - 1) * interval);
        for (double[] sep : new double[][] {{1.25, 2}, {0.75, 1}}) {
            double[] e = {2.0, 2.0 + sep[0] * res};
            double[][] c = lines(count, interval, hbar, e, new double[][] {{0.5, 0}, {0.5, 0}});
            Spectrum s = Spectrum.of(c[0], c[1], count, interval, hbar, 0.01);
            assertEquals((int) sep[1], s.peaks().size(), "lines " + sep[0] + " resolutions apart: " + s.peaks());
        }
    }

    @Test
    void energiesBeyondTheRangeFoldBackByItsWidth() {
        double hbar = 1, interval = 0.2;
        int count = 201;
        double width = 2 * Math.PI * hbar / interval, level = 0.5 * width + 1.0;  // above pi hbar / dt_s
        double[][] c = lines(count, interval, hbar, new double[] {level}, new double[][] {{1, 0}});
        Spectrum s = Spectrum.of(c[0], c[1], count, interval, hbar, 0.01);
        assertEquals(1, s.peaks().size());
        assertEquals(level - width, s.peaks().get(0).energy(), 1e-9, "seen at E - 2 pi hbar / dt_s");
    }

    @Test
    void aComplexWeightShowsItsRealPartAtItsLineAndANegativeOneADip() {
        // the Hermitian extension makes A real: a line of weight a has height Re(a) at its energy; an
        // imaginary part (C(-t) != C(t)*, a state that is not time-reversal symmetric) adds an odd,
        // dispersive part that moves the maximum off the line, by less than the resolution
        double hbar = 1, interval = 0.1;
        int count = 401;
        double bin = Math.PI * hbar / ((count - 1) * interval);
        double[][] c = lines(count, interval, hbar, new double[] {10 * bin}, new double[][] {{0.4, 0.3}});
        assertEquals(0.4, oracle(c[0], c[1], interval, hbar, 10 * bin), 1e-12, "Re a at the line");
        Spectrum s = Spectrum.of(c[0], c[1], count, interval, hbar, 0.01);
        assertEquals(1, s.peaks().size());
        assertTrue(Math.abs(s.peaks().get(0).energy() - 10 * bin) < 0.5 * s.resolution(), "within the resolution: " + s.peaks());
        // a real negative weight (interfering paths of C_J) is a dip: no peak there, the positive line still exact
        c = lines(count, interval, hbar, new double[] {10 * bin, -10 * bin}, new double[][] {{0.4, 0}, {-0.1, 0}});
        s = Spectrum.of(c[0], c[1], count, interval, hbar, 0.01);
        assertEquals(1, s.peaks().size(), s.peaks().toString());
        assertEquals(10 * bin, s.peaks().get(0).energy(), 1e-3 * s.resolution());
        assertEquals(0.4, s.peaks().get(0).amplitude(), 1e-6);
        assertEquals(-0.1, oracle(c[0], c[1], interval, hbar, -10 * bin), 1e-12, "the dip's depth is its weight");
    }

    @Test
    void oneSampleHasNoSpectrum() {
        assertNull(Spectrum.of(new double[] {1}, new double[] {0}, 1, 0.1, 1, 0.01));
    }
}
