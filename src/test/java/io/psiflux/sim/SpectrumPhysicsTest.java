package io.psiflux.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import io.psiflux.observe.FieldKind;
import io.psiflux.observe.Observation;
import io.psiflux.observe.Spectrum;
import io.psiflux.physics.Hamiltonian;
import io.psiflux.physics.InitialState;
import io.psiflux.physics.MagneticField;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Correlation functions and their spectra against closed forms, on every backend. A coherent
 * state |alpha> of the oscillator (hbar omega (n + 1/2), weights Poisson in n with mean |alpha|^2)
 * has C(t) = exp(-|alpha|^2 (1 - e^{-i omega t})) e^{-i omega t / 2} and J(t) = (p cos omega t
 * - m omega x sin omega t) / m, so C_J(t) = (cos omega t <p^2> - m omega sin omega t <x p>) / m^2
 * with <p^2> = p0^2 + m hbar omega / 2 and <x p> = x0 p0 + i hbar / 2: for a state displaced from
 * rest, C_J = (hbar omega / 2m) e^{-i omega t}, one line at hbar omega, although <J(t)> <J(0)> = 0.
 * The split step propagates this oscillator exactly at the frequency w' with
 * cos(w' dt) = 1 - (omega dt)^2 / 2 (a linear map of x and p of that trace), which the closed forms
 * here use.
 */
class SpectrumPhysicsTest {

    static final double HBAR = 0.8, MASS = 1.25, OMEGA = 1.5;
    static final Grid LINE = Grid.of(new Axis(128, -8, 8));

    /** The rows and the last spectra a run writes. */
    static final class Record implements Output {
        final List<Observation> rows = new ArrayList<>();
        final Map<String, Spectrum> spectra = new LinkedHashMap<>();

        @Override
        public void write(Observation o, Snapshot s) {
            rows.add(o);
        }

        @Override
        public void spectrum(String name, Spectrum s) {
            spectra.put(name, s);
        }

        @Override
        public void finish(RunResult r) {
        }

        @Override
        public void close() {
        }
    }

    static Hamiltonian oscillator() {
        return Hamiltonian.builder().hbar(HBAR).mass(MASS).potential(0.5 * MASS * OMEGA * OMEGA + "*x^2").build();
    }

    /** A coherent state: the ground state's width, centred at x0 with momentum p0. */
    static InitialState coherent(double x0, double p0) {
        double s = Math.sqrt(HBAR / (2 * MASS * OMEGA));
        return InitialState.gaussian(new double[] {x0}, new double[] {s}, new double[] {p0});
    }

    static final int EVERY = 5, SAMPLES = 1001;
    /** Ten periods in SAMPLES - 1 intervals of EVERY steps. */
    static final double DT = 10 * 2 * Math.PI / OMEGA / ((SAMPLES - 1) * EVERY);

    static Record run(String backend, InitialState psi0, int currentAxis) throws Exception {
        Record r = new Record();
        try (Simulation sim = Simulation.builder(LINE, oscillator()).backend(backend).initial(psi0).dt(DT)
                .spectrum(new SpectrumOptions(EVERY, currentAxis, SpectrumOptions.DEFAULT_THRESHOLD)).build()) {
            sim.run((long) (SAMPLES - 1) * EVERY, EVERY, EnumSet.noneOf(FieldKind.class), r, (d, t, s) -> { });
        }
        assertEquals(SAMPLES, r.rows.size());
        return r;
    }

    /** The split step's oscillator frequency w' (see the class doc). */
    static double splitOmega() {
        return Math.acos(1 - 0.5 * OMEGA * DT * OMEGA * DT) / DT;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "opencl"})
    void aCoherentStatesSpectrumHasItsLevelsWithPoissonWeights(String backend) throws Exception {
        double mean = 2.0, x0 = Math.sqrt(2 * HBAR * mean / (MASS * OMEGA));   // |alpha|^2 = m omega x0^2 / 2 hbar
        Record r = run(backend, coherent(x0, 0), -1);
        double w = splitOmega(), worst = 0;
        for (Observation o : r.rows) {
            double t = o.time(), ph = w * t;
            // exp(-mean (1 - cos + i sin)) e^{-i ph / 2}
            double mag = Math.exp(-mean * (1 - Math.cos(ph))), ang = -mean * Math.sin(ph) - ph / 2;
            worst = Math.max(worst, Math.hypot(o.extra("autocorrelation_re") - mag * Math.cos(ang),
                    o.extra("autocorrelation_im") - mag * Math.sin(ang)));
        }
        // what is left: the split step's eigenstates are squeezed by O((omega dt)^2) = 1.6e-4
        assertTrue(worst < 5e-4, "C(t) = exp(-|alpha|^2 (1 - e^{-i w' t})) e^{-i w' t / 2}: worst " + worst);

        Spectrum s = r.spectra.get("spectrum");
        assertNotNull(s, "spectrum written");
        assertEquals(SAMPLES, s.samples());
        double[] p = new double[20];
        double fact = 1, highest = 0;
        int expected = 0;
        for (int n = 0; n < p.length; n++) {
            if (n > 0) fact *= n;
            p[n] = Math.exp(-mean) * Math.pow(mean, n) / fact;
            highest = Math.max(highest, p[n]);
        }
        for (double q : p) if (q >= SpectrumOptions.DEFAULT_THRESHOLD * highest) expected++;
        assertEquals(expected, s.peaks().size(), "one peak per level above the threshold, nothing else: " + s.peaks());
        for (int n = 0; n < expected; n++) {
            Spectrum.Peak q = s.peaks().get(n);
            assertEquals((n + 0.5) * HBAR * OMEGA, q.energy(), 0.01 * s.resolution(), "level " + n + " within 1% of 2 pi hbar / T");
            assertEquals(p[n], q.amplitude(), 1e-3, "level " + n + " has its Poisson weight");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "opencl"})
    void theCurrentCorrelationOfAStateReleasedFromRestIsOneLineAtHbarOmega(String backend) throws Exception {
        Record r = run(backend, coherent(1.5, 0), 0);
        double w = splitOmega(), c0 = HBAR * OMEGA / (2 * MASS), worst = 0;
        for (Observation o : r.rows) {
            double ph = w * o.time();
            worst = Math.max(worst, Math.hypot(o.extra("current_correlation_re") - c0 * Math.cos(ph),
                    o.extra("current_correlation_im") + c0 * Math.sin(ph)));
        }
        assertTrue(worst < 5e-4 * c0, "C_J(t) = (hbar omega / 2m) e^{-i w' t}: worst " + worst);
        Observation first = r.rows.get(0);
        assertEquals(0.0, first.meanP()[0], 1e-12, "<J(0)> = 0: the product <J(t)> <J(0)> vanishes");
        assertEquals(c0, first.extra("current_correlation_re"), 1e-6 * c0, "while <J(0) J(0)> = hbar omega / 2m");

        Spectrum s = r.spectra.get("current_spectrum");
        assertNotNull(s, "current spectrum written");
        assertEquals(1, s.peaks().size(), "one line: " + s.peaks());
        assertEquals(HBAR * OMEGA, s.peaks().get(0).energy(), 0.01 * s.resolution(), "at hbar omega");
        assertEquals(c0, s.peaks().get(0).amplitude(), 1e-3 * c0, "of weight hbar omega / 2m");
        assertNotNull(r.spectra.get("spectrum"), "the autocorrelation's too");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "opencl"})
    void theCurrentCorrelationOfAMovingStateFollowsTheHeisenbergPicture(String backend) throws Exception {
        double x0 = 1.0, p0 = 0.7;
        Record r = run(backend, coherent(x0, p0), 0);
        double w = splitOmega(), p2 = p0 * p0 + MASS * HBAR * OMEGA / 2, worst = 0, scale = p2 / (MASS * MASS);
        for (Observation o : r.rows) {
            double ph = w * o.time(), c = Math.cos(ph), s = Math.sin(ph);
            // (cos <p^2> - m omega sin (x0 p0 + i hbar / 2)) / m^2
            double re = (c * p2 - MASS * OMEGA * s * x0 * p0) / (MASS * MASS), im = -MASS * OMEGA * s * HBAR / 2 / (MASS * MASS);
            worst = Math.max(worst, Math.hypot(o.extra("current_correlation_re") - re, o.extra("current_correlation_im") - im));
        }
        assertTrue(worst < 5e-4 * scale, "C_J(t) = <psi(t)| J |U(t) J psi(0)>: worst " + worst);
    }

    /**
     * The drift part of J: a charge in a field and an oscillator (Fock-Darwin) moves in two normal
     * modes, w+- = sqrt(w0^2 + wc^2 / 4) +- wc / 2, and J changes one mode's quantum number by
     * one, so every line of C_J lies at +-hbar w+ or +-hbar w-; C_J is gauge invariant, so the
     * symmetric and the Landau gauge give the same samples.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "opencl"})
    void inAFieldTheCurrentSpectrumHasTheNormalModesInEitherGauge(String backend) throws Exception {
        Grid g = Grid.of(new Axis(48, -7, 7), new Axis(48, -7, 7));
        double w0 = 1, wc = 1, dt = 0.01;
        int every = 10, samples = 301;
        List<List<Observation>> both = new ArrayList<>();
        Spectrum spectrum = null;
        for (MagneticField.Gauge gauge : MagneticField.Gauge.values()) {
            Hamiltonian h = Hamiltonian.builder().potential("0.5*(x^2 + y^2)").magnetic(new double[] {0, 0, wc}, gauge).build();
            double[] c = {1.0, 0.5, 0};
            InitialState psi0 = InitialState.gaussian(c, new double[] {0.8, 0.7, 1}, new double[] {0, 0.5, 0}).inGauge(h, c);
            Record r = new Record();
            try (Simulation sim = Simulation.builder(g, h).backend(backend).initial(psi0).dt(dt)
                    .spectrum(new SpectrumOptions(every, 0, 0.05)).build()) {
                sim.run((long) (samples - 1) * every, every, EnumSet.noneOf(FieldKind.class), r, (d, t, s) -> { });
            }
            both.add(r.rows);
            spectrum = r.spectra.get("current_spectrum");
        }
        double worst = 0, size = Math.abs(both.get(0).get(0).extra("current_correlation_re"));
        for (int k = 0; k < samples; k++) {
            Observation a = both.get(0).get(k), b = both.get(1).get(k);
            worst = Math.max(worst, Math.hypot(a.extra("current_correlation_re") - b.extra("current_correlation_re"),
                    a.extra("current_correlation_im") - b.extra("current_correlation_im")));
        }
        // the two gauges split the kinetic step along different axes: O(dt^2) apart
        assertTrue(worst < 1e-3 * size, "the same C_J in both gauges: worst " + worst + " of " + size);
        double big = Math.sqrt(w0 * w0 + wc * wc / 4);
        double[] modes = {big + wc / 2, big - wc / 2, -(big + wc / 2), -(big - wc / 2)};
        assertTrue(spectrum.peaks().size() >= 2, spectrum.peaks().toString());
        for (Spectrum.Peak q : spectrum.peaks()) {
            double off = Double.POSITIVE_INFINITY;
            for (double m : modes) off = Math.min(off, Math.abs(q.energy() - m));
            // a state with momentum is not time-reversal symmetric: complex weights, dispersive shifts below the resolution
            assertTrue(off < 0.5 * spectrum.resolution(), "peak " + q + " at a normal mode (" + spectrum.resolution() + ")");
        }
    }
}
