package io.psiflux.backend.opencl;

import io.psiflux.backend.DeviceBuffer;
import io.psiflux.backend.FluxPlanes;
import io.psiflux.backend.Moments;
import io.psiflux.field.Complex;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Grid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Phases, fused Strang steps, moments, density, current and the vector operations of the OpenCL
 * backend against closed forms and host-side arithmetic, in 1D, 2D and 3D and both precisions.
 * hbar and m are not 1 so that a swapped or missing constant shows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsTest {
    static final double HBAR = 0.7, MASS = 1.3;

    private final Map<String, OpenClBackend> backends = new HashMap<>();

    @BeforeAll
    void needsOpenCl() {
        OpenClAvailable.require();
    }

    @AfterAll
    void closeAll() {
        backends.values().forEach(OpenClBackend::close);
    }

    private OpenClBackend backend(Precision p, int[] shape, int maxLocal) {
        return backends.computeIfAbsent(p + Arrays.toString(shape) + maxLocal,
                k -> OpenClBackend.open(States.grid(shape), p, HBAR, MASS, null, maxLocal));
    }

    private OpenClBackend backend(Precision p, int[] shape) {
        return backend(p, shape, FftPlan.DEFAULT_MAX_LOCAL_LENGTH);
    }

    static Stream<Arguments> cases() {
        List<Arguments> a = new ArrayList<>();
        for (Precision p : Precision.values()) {
            for (int[] s : new int[][]{States.LINE, States.PLANE, States.CUBE}) a.add(Arguments.of(p, s));
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void phasesMatchClosedForms(Precision p, int[] shape) {
        OpenClBackend b = backend(p, shape);
        Grid g = b.grid();
        RealField v = States.harmonic(g, 1.0, MASS), w = States.absorber(g);
        b.setPotential(v, w);
        ComplexField psi0 = States.random(g, 7);
        Complex tau = new Complex(0.07, -0.02);
        ComplexField expectV = new ComplexField(g, Precision.DOUBLE), expectK = new ComplexField(g, Precision.DOUBLE);
        for (int q = 0; q < g.points(); q++) {
            // exp(-i (V - iW) tau / hbar)
            Complex f = new Complex(v.get(q), -w.get(q)).times(tau).times(new Complex(0, -1 / HBAR)).exp();
            Complex z = new Complex(psi0.re(q), psi0.im(q)).times(f);
            expectV.set(q, z.re(), z.im());
            double k2 = 0;
            for (int d = 0; d < g.rank(); d++) {
                double k = g.axis(d).k(g.index(q, d));
                k2 += k * k;
            }
            Complex fk = tau.times(new Complex(0, -HBAR * k2 / (2 * MASS))).exp();
            Complex zk = new Complex(psi0.re(q), psi0.im(q)).times(fk);
            expectK.set(q, zk.re(), zk.im());
        }
        try (DeviceBuffer psi = b.allocate()) {
            ComplexField out = new ComplexField(g, p);
            b.upload(psi0, psi);
            b.potentialPhase(psi, tau);
            b.download(psi, out);
            assertTrue(States.relError(out, expectV) < States.tol(p), "potential phase: " + States.relError(out, expectV));
            b.upload(psi0, psi);
            b.kineticPhase(psi, tau);
            b.download(psi, out);
            assertTrue(States.relError(out, expectK) < States.tol(p), "kinetic phase: " + States.relError(out, expectK));
        }
    }

    static Stream<Arguments> strangCases() {
        List<Arguments> a = new ArrayList<>();
        for (Arguments c : cases().toList()) {
            a.add(Arguments.of(c.get()[0], c.get()[1], FftPlan.DEFAULT_MAX_LOCAL_LENGTH));
        }
        // Axes split into several passes: two super-stages; three (odd, ends with a copy); a split strided axis.
        a.add(Arguments.of(Precision.DOUBLE, new int[]{1000}, 64));
        a.add(Arguments.of(Precision.SINGLE, new int[]{1000}, 64));
        a.add(Arguments.of(Precision.DOUBLE, new int[]{4096}, 16));
        a.add(Arguments.of(Precision.DOUBLE, new int[]{96, 6}, 16));
        return a.stream();
    }

    /** The fused schedule equals Backend.strang's definition: V/2, FFT, K, IFFT, V/2 per step. */
    @ParameterizedTest(name = "{0} {1} max line {2}")
    @MethodSource("strangCases")
    void fusedStrangEqualsTheComposition(Precision p, int[] shape, int maxLocal) {
        OpenClBackend b = backend(p, shape, maxLocal);
        Grid g = b.grid();
        b.setPotential(States.harmonic(g, 1.0, MASS), States.absorber(g));
        ComplexField psi0 = States.gaussian(g, new double[]{0.3, -0.2, 0.1}, States.periodicK(g, 1.0, -0.5, 0.3), 1.0, HBAR, MASS, 0);
        Complex tau = new Complex(0.03, -0.004);
        for (int steps : new int[]{1, 2, 5}) {
            try (DeviceBuffer fused = b.allocate(); DeviceBuffer plain = b.allocate()) {
                b.upload(psi0, fused);
                b.upload(psi0, plain);
                b.strang(fused, tau, steps);
                Complex h = tau.times(0.5);
                for (int s = 0; s < steps; s++) {
                    b.potentialPhase(plain, h);
                    b.fft(plain, false);
                    b.kineticPhase(plain, tau);
                    b.fft(plain, true);
                    b.potentialPhase(plain, h);
                }
                ComplexField x = new ComplexField(g, p), y = new ComplexField(g, p);
                b.download(fused, x);
                b.download(plain, y);
                double err = States.relError(x, y);
                assertTrue(err < 5 * States.tol(p), steps + " steps: fused and composed differ by " + err);
            }
        }
    }

    /** With V = 0 a Strang step is exact: a moving, spreading Gaussian follows its closed form. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void freeGaussianFollowsTheClosedForm(Precision p, int[] shape) {
        OpenClBackend b = backend(p, shape);
        Grid g = b.grid();
        b.setPotential(RealField.scalar(g, Precision.DOUBLE), null);
        double[] x0 = {0.3, -0.2, 0.1}, k0 = States.periodicK(g, 1.0, -0.5, 0.3);
        try (DeviceBuffer psi = b.allocate()) {
            b.upload(States.gaussian(g, x0, k0, 1.0, HBAR, MASS, 0), psi);
            b.strang(psi, Complex.real(0.05), 10);
            ComplexField out = new ComplexField(g, p);
            b.download(psi, out);
            ComplexField expect = States.gaussian(g, x0, k0, 1.0, HBAR, MASS, 0.5);
            double err = States.relError(out, expect);
            assertTrue(err < (p == Precision.DOUBLE ? 1e-9 : 1e-5), "free Gaussian after t = 0.5: " + err);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void momentsOfAGaussianMatchClosedForms(Precision p, int[] shape) {
        OpenClBackend b = backend(p, shape);
        Grid g = b.grid();
        double omega = 1.0;
        b.setPotential(States.harmonic(g, omega, MASS), null);
        double[] x0 = {0.3, -0.2, 0.1}, k0 = States.periodicK(g, 1.0, -0.5, 0.3);
        double sigma = 1.0;
        try (DeviceBuffer psi = b.allocate()) {
            b.upload(States.gaussian(g, x0, k0, sigma, HBAR, MASS, 0), psi);
            Moments m = b.moments(psi);
            double tol = p == Precision.DOUBLE ? 1e-10 : 2e-5;
            assertEquals(1.0, m.norm(), tol, "norm");
            double kinetic = 0, potential = 0;
            for (int d = 0; d < g.rank(); d++) {
                assertEquals(x0[d], m.x()[d], tol, "<x_" + d + ">");
                assertEquals(HBAR * k0[d], m.p()[d], tol, "<p_" + d + ">");
                kinetic += HBAR * HBAR / (2 * MASS) * (k0[d] * k0[d] + 1 / (4 * sigma * sigma));
                potential += 0.5 * MASS * omega * omega * (sigma * sigma + x0[d] * x0[d]);
            }
            assertEquals(kinetic, m.kinetic(), tol * kinetic, "kinetic energy");
            assertEquals(potential, m.potential(), tol * potential, "potential energy");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void aPlaneWaveCarriesCurrentHbarKOverM(Precision p, int[] shape) {
        OpenClBackend b = backend(p, shape);
        Grid g = b.grid();
        int[] modes = {2, -1, 3};
        double amp = 0.7;
        try (DeviceBuffer psi = b.allocate()) {
            b.upload(States.planeWave(g, modes, amp), psi);
            RealField rho = RealField.scalar(g, p), j = RealField.vector(g, p);
            b.density(psi, rho);
            b.current(psi, j);
            double tol = States.tol(p) * 10;
            for (int q = 0; q < g.points(); q++) {
                assertEquals(amp * amp, rho.get(q), tol, "density");
                for (int d = 0; d < g.rank(); d++) {
                    double expect = HBAR * States.wavenumber(g, d, modes[d]) / MASS * amp * amp;
                    assertEquals(expect, j.get(d, q), tol, "current component " + d);
                }
            }
        }
    }

    /** A real state has no current; a Gaussian times e^{i k0 x} has j = (hbar k0 / m) |psi|^2 pointwise. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void packetCurrentIsVelocityTimesDensity(Precision p, int[] shape) {
        OpenClBackend b = backend(p, shape);
        Grid g = b.grid();
        double[] x0 = {0.3, -0.2, 0.1};
        for (double[] k0 : new double[][]{{0, 0, 0}, States.periodicK(g, 1.0, -0.5, 0.3)}) {
            try (DeviceBuffer psi = b.allocate()) {
                ComplexField f = States.gaussian(g, x0, k0, 1.0, HBAR, MASS, 0);
                b.upload(f, psi);
                RealField j = RealField.vector(g, p);
                b.current(psi, j);
                // |j| ~ (hbar / m) |psi| |grad psi| <= (hbar / m) peak kmax: rounding is relative to that
                double peak = Math.pow(2 * Math.PI, -g.rank() / 2.0);
                // and the Gaussian's spectrum cut at Nyquist (e^-28 on the 28-point axis) bounds it at ~1e-11.
                double scale = HBAR / MASS * peak * g.axis(0).kMax();
                double tol = p == Precision.DOUBLE ? 1e-10 : 1e-4;
                for (int q = 0; q < g.points(); q++) {
                    for (int d = 0; d < g.rank(); d++) {
                        double expect = HBAR * k0[d] / MASS * f.abs2(q);
                        assertEquals(expect, j.get(d, q), tol * scale, "j_" + d + " at " + q);
                    }
                }
            }
        }
    }

    /**
     * Flux through planes, measured on the device: for psi = g e^{i k0.x} with g real, j = (hbar k0 / m)
     * |psi|^2 pointwise, so the flux through a plane is (hbar k0_d / m) sum_plane |psi|^2 dA; for a plane
     * wave that is hbar k_d A^2 / m times the plane's area.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void fluxThroughPlanesIsVelocityTimesPlaneDensity(Precision p, int[] shape) {
        OpenClBackend b = backend(p, shape);
        Grid g = b.grid();
        int rank = g.rank();
        int[] axes = new int[2 * rank], indices = new int[2 * rank];
        for (int d = 0; d < rank; d++) {
            axes[2 * d] = axes[2 * d + 1] = d;
            indices[2 * d] = g.n(d) / 2;
            indices[2 * d + 1] = g.n(d) / 3;
        }
        double[] k0 = States.periodicK(g, 1.0, -0.5, 0.3);
        ComplexField packet = States.gaussian(g, new double[]{0.3, -0.2, 0.1}, k0, 1.0, HBAR, MASS, 0);
        int[] modes = {2, -1, 3};
        ComplexField wave = States.planeWave(g, modes, 0.7);
        try (DeviceBuffer psi = b.allocate(); FluxPlanes planes = b.fluxPlanes(axes, indices)) {
            double[] out = new double[axes.length];
            b.upload(packet, psi);
            planes.measure(psi, out);
            for (int q = 0; q < axes.length; q++) {
                int d = axes[q];
                double sum = 0;
                for (int pt = 0; pt < g.points(); pt++) if (g.index(pt, d) == indices[q]) sum += packet.abs2(pt);
                double expect = HBAR * k0[d] / MASS * sum * g.dV() / g.axis(d).dx();
                assertEquals(expect, out[q], (p == Precision.DOUBLE ? 1e-9 : 1e-4) * Math.abs(expect) + States.tol(p), "packet flux through plane " + q);
            }
            b.upload(wave, psi);
            planes.measure(psi, out);
            for (int q = 0; q < axes.length; q++) {
                int d = axes[q];
                double area = 1;
                for (int e = 0; e < rank; e++) if (e != d) area *= g.axis(e).length();
                double expect = HBAR * States.wavenumber(g, d, modes[d]) / MASS * 0.49 * area;
                assertEquals(expect, out[q], 10 * States.tol(p) * Math.abs(expect), "plane-wave flux through plane " + q);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void innerProductAxpyAndScaleMatchHostArithmetic(Precision p, int[] shape) {
        OpenClBackend b = backend(p, shape);
        Grid g = b.grid();
        ComplexField a = States.random(g, 1).to(p).to(Precision.DOUBLE), c = States.random(g, 2).to(p).to(Precision.DOUBLE);
        double re = 0, im = 0;
        for (int q = 0; q < g.points(); q++) {
            re += a.re(q) * c.re(q) + a.im(q) * c.im(q);
            im += a.re(q) * c.im(q) - a.im(q) * c.re(q);
        }
        double dV = g.dV();
        try (DeviceBuffer x = b.allocate(); DeviceBuffer y = b.allocate()) {
            b.upload(a, x);
            b.upload(c, y);
            Complex z = b.inner(x, y);
            double scale = Math.sqrt(g.points()) * dV * 2;
            assertEquals(re * dV, z.re(), scale * States.tol(p), "Re <a|b>");
            assertEquals(im * dV, z.im(), scale * States.tol(p), "Im <a|b>");
            Complex coef = new Complex(0.3, -1.2);
            b.axpy(coef, x, y);
            b.scale(y, -0.5);
            ComplexField out = new ComplexField(g, p), expect = new ComplexField(g, Precision.DOUBLE);
            for (int q = 0; q < g.points(); q++) {
                Complex e = new Complex(c.re(q), c.im(q)).plus(coef.times(new Complex(a.re(q), a.im(q)))).times(-0.5);
                expect.set(q, e.re(), e.im());
            }
            b.download(y, out);
            assertTrue(States.relError(out, expect) < States.tol(p), "axpy then scale");
        }
    }

    /** Imaginary time (tau = -i dt) relaxes to the oscillator's ground state, E = hbar omega / 2. */
    @ParameterizedTest
    @EnumSource(Precision.class)
    void imaginaryTimeFindsTheGroundState(Precision p) {
        OpenClBackend b = backend(p, States.LINE);
        Grid g = b.grid();
        double omega = 1.0;
        b.setPotential(States.harmonic(g, omega, MASS), null);
        try (DeviceBuffer psi = b.allocate()) {
            b.upload(States.gaussian(g, new double[]{1.0}, new double[]{0.5}, 1.5, HBAR, MASS, 0), psi);
            double dt = 0.02;
            for (int chunk = 0; chunk < 10; chunk++) {
                b.strang(psi, new Complex(0, -dt), 50);
                b.scale(psi, 1 / Math.sqrt(b.moments(psi).norm()));
            }
            Moments m = b.moments(psi);
            assertEquals(HBAR * omega / 2, m.energy(), 1e-3, "ground-state energy");
            assertEquals(0, m.meanX(0), 1e-3, "ground state is centred");
        }
    }
}
