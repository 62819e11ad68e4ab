package io.psiflux.backend;

import static io.psiflux.backend.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.field.Complex;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Grid;
import io.psiflux.physics.Hamiltonian;
import io.psiflux.physics.InitialState;
import io.psiflux.physics.Potential;
import io.psiflux.propagate.SplitOperator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Propagation physics on every backend: exact free motion, coherent states on the classical orbit,
 * second order in time, imaginary-time relaxation, unitarity, the continuity equation and
 * time-dependent forces. Every assertion is a closed form, a conservation law or a convergence rate;
 * discretisation bounds (spectral truncation, periodic images, Strang's dt^2) are derived from the
 * parameters of each test and say so.
 */
class PropagationContractTest {

    /**
     * With V = 0 the kinetic phase is exact, so Strang is exact in time and the wavefunction must
     * match the analytic free Gaussian pointwise; the only errors are spectral truncation and the
     * periodic images, both bounded below from the parameters.
     */
    @ParameterizedTest(name = "{0} {1}D {2}")
    @MethodSource("io.psiflux.backend.Fixtures#allRanks")
    void freeGaussianSpreadsAndMovesAsTheExactSolution(BackendFactory f, int rank, Precision precision) {
        double hbar = 0.8, mass = 1.25, length = 24, tEnd = 2.0;
        int n = 48, steps = 8;
        double[] c = {-0.6, 0.4, -0.2}, s = {1.0, 1.0, 1.0}, k0 = {1.0, -0.8, 0.6};
        Grid g = box(rank, n, length);
        double[] p0 = new double[3];
        for (int d = 0; d < 3; d++) p0[d] = hbar * k0[d];

        // discretisation bound: largest neglected Gaussian tail, in k (at kMax) and in x (nearest image)
        double sT = ClosedForms.freeWidth(1.0, tEnd, hbar, mass), worst = 0;
        for (int d = 0; d < rank; d++) {
            double kGap = g.axis(d).kMax() - Math.abs(k0[d]);
            double xGap = length / 2 - Math.abs(c[d] + p0[d] / mass * tEnd);
            worst = Math.max(worst, Math.max(Math.exp(-s[d] * s[d] * kGap * kGap), Math.exp(-xGap * xGap / (4 * sT * sT))));
        }
        double disc = 10 * rank * worst;
        assertTrue(disc < 1e-8, "test grid resolves the packet (bound " + disc + ")");

        Hamiltonian h = free(hbar, mass);

        try (Backend b = f.open(g, precision); DeviceBuffer psi = b.allocate()) {
            b.upload(InitialState.gaussian(c, s, p0).create(g, precision, hbar), psi);
            strang(b, h, psi, Complex.real(tEnd / steps), steps);
            double[] got = download(b, psi);
            double[] exact = ClosedForms.freeGaussian(g, tEnd, c, s, k0, hbar, mass);
            // round-off: per step two stores and two transforms of ~log2 N roundings each
            double tol = disc + precision.tolerance(steps * (4 + 2 * log2(g.points())));
            assertClose(exact, got, tol * maxAbs(exact), "psi(x, t) vs the exact free Gaussian");

            Moments m = b.moments(psi, h);
            assertEquals(1.0, m.norm(), precision.tolerance(steps * 4 + log2(g.points())), "norm");
            double[] var = variances(g, got);
            for (int d = 0; d < rank; d++) {
                assertEquals(c[d] + p0[d] * tEnd / mass, m.meanX(d), tol * length, "<x> = x0 + p0 t/m, axis " + d);
                assertEquals(p0[d], m.meanP(d), tol * hbar * g.axis(d).kMax(), "<p> = p0, axis " + d);
                assertEquals(sT * sT, var[d], tol * length * length, "sigma(t)^2, axis " + d);
            }
        }
    }

    /**
     * A coherent state of V = m w^2 r^2 / 2 keeps its shape and its centre follows the classical
     * orbit. For a quadratic H, Strang moves the means exactly as the classical kick-drift-kick
     * leapfrog, whose error from the exact orbit is A h^2 (w t / 24 + 1/8) + O(h^4) (phase and
     * amplitude errors of cos(theta) = 1 - h^2/2, h = w dt), and it conserves
     * p^2/2m + (1 - h^2/4) V, so |E(t) - E(0)| <= (h^2/4) E.
     */
    @ParameterizedTest(name = "{0} {1}D {2}")
    @MethodSource("io.psiflux.backend.Fixtures#ranks1And2")
    void coherentStateFollowsTheClassicalOrbitWithConstantEnergy(BackendFactory f, int rank, Precision precision) {
        Oscillator o = new Oscillator(f, rank, precision);
        int steps = 400, check = 50;
        double h = 2 * Math.PI / steps, dt = h / o.omega;
        try (Backend b = o.open(); DeviceBuffer psi = b.allocate()) {
            b.upload(o.initial(), psi);
            Moments m0 = b.moments(psi, o.ham);
            double round = precision.tolerance(8 * log2(o.grid.points()));
            assertEquals(o.energy(), m0.energy(), round * o.energy(), "E(0) = sum p0^2/2m + m w^2 x0^2/2 + hbar w/2");
            for (int n = check; n <= steps; n += check) {
                strang(b, o.ham, psi, Complex.real(dt), check);
                double t = n * dt;
                Moments m = b.moments(psi, o.ham);
                double roundN = precision.tolerance(n * 4 + 8 * log2(o.grid.points()));
                for (int d = 0; d < rank; d++) {
                    double a = o.amplitude(d), bound = 1.2 * a * h * h * (o.omega * t / 24 + 0.125) + roundN * a;
                    assertEquals(ClosedForms.orbitX(o.x0[d], o.p0[d], o.mass, o.omega, t), m.meanX(d), bound,
                            "<x>(t) axis " + d + " at step " + n);
                    assertEquals(ClosedForms.orbitP(o.x0[d], o.p0[d], o.mass, o.omega, t), m.meanP(d),
                            bound * o.mass * o.omega, "<p>(t) axis " + d + " at step " + n);
                }
                assertEquals(m0.energy(), m.energy(), o.energy() * (1.01 * h * h / 4 + roundN), "energy at step " + n);
                double[] var = variances(o.grid, download(b, psi));
                for (int d = 0; d < rank; d++) {
                    assertEquals(o.sigma2, var[d], o.sigma2 * (h * h / 2 + roundN), "coherent width, axis " + d);
                }
            }
        }
    }

    /**
     * Halving dt cuts the orbit error of Strang about 4x: second order in time. Measured at 0.7 of
     * a period, not a whole one: first-order Lie splitting equals Strang conjugated by a half kick,
     * whose O(dt) momentum error cancels whenever x(T) = x(0).
     */
    @ParameterizedTest(name = "{0} {1}D {2}")
    @MethodSource("io.psiflux.backend.Fixtures#ranks1And2")
    void strangIsSecondOrderAgainstTheExactOscillatorOrbit(BackendFactory f, int rank, Precision precision) {
        Oscillator o = new Oscillator(f, rank, precision);
        double period = 0.7 * 2 * Math.PI / o.omega;
        double[] err = new double[2];
        int[] steps = {100, 200};
        for (int i = 0; i < 2; i++) {
            try (Backend b = o.open(); DeviceBuffer psi = b.allocate()) {
                b.upload(o.initial(), psi);
                strang(b, o.ham, psi, Complex.real(period / steps[i]), steps[i]);
                Moments m = b.moments(psi, o.ham);
                double e2 = 0;
                for (int d = 0; d < rank; d++) {
                    double ex = m.meanX(d) - ClosedForms.orbitX(o.x0[d], o.p0[d], o.mass, o.omega, period);
                    double ep = (m.meanP(d) - ClosedForms.orbitP(o.x0[d], o.p0[d], o.mass, o.omega, period)) / (o.mass * o.omega);
                    e2 += ex * ex + ep * ep;
                }
                err[i] = Math.sqrt(e2);
            }
        }
        double ratio = err[0] / err[1];
        assertTrue(ratio > 3 && ratio < 5, "error ratio for dt -> dt/2 was " + ratio + " (errors " + Arrays.toString(err) + ")");
    }

    /**
     * Second order in dt for a generic smooth potential, in every rank: the wavefunction error
     * against a run with dt/16 drops about 4x when dt halves.
     */
    @ParameterizedTest(name = "{0} {1}D {2}")
    @MethodSource("io.psiflux.backend.Fixtures#allRanks")
    void strangIsSecondOrderAgainstASmallStepReference(BackendFactory f, int rank, Precision precision) {
        double hbar = 1.0, mass = 1.0, tEnd = 0.5;
        Grid g = box(rank, 16, 8);
        int[] steps = {10, 20, 160};
        double[][] out = new double[3][];
        Hamiltonian h = free(hbar, mass);
        try (Backend b = f.open(g, precision); DeviceBuffer psi = b.allocate()) {
            b.setPotential(scalar(g, smoothPotential(g, 3.0, 7)), null);
            ComplexField start = InitialState.given(field(g, Precision.DOUBLE, smoothComplex(g, 71)), "test").create(g, precision, hbar);
            for (int i = 0; i < 3; i++) {
                b.upload(start, psi);
                strang(b, h, psi, Complex.real(tEnd / steps[i]), steps[i]);
                out[i] = download(b, psi);
            }
        }
        double[] err = new double[2];
        for (int i = 0; i < 2; i++) {
            double e2 = 0;
            for (int q = 0; q < out[2].length; q++) e2 += (out[i][q] - out[2][q]) * (out[i][q] - out[2][q]);
            err[i] = Math.sqrt(e2 * g.dV());
        }
        // the reference's own error is (1/8)^2 = 1/64 of the finer run's: the ratio is 4 to within 2%
        double ratio = err[0] / err[1];
        assertTrue(ratio > 3 && ratio < 5, "error ratio for dt -> dt/2 was " + ratio + " (errors " + Arrays.toString(err) + ")");
    }

    /**
     * Imaginary time (tau = -i dt) drives any state to the ground state, energy rank * hbar w / 2,
     * and a step then shrinks the norm by exp(-2 E0 dt / hbar). Strang's modified Hamiltonian differs
     * from H by at most (w dt)^2 / 8 relative (the BCH dt^2 commutators of the oscillator).
     */
    @ParameterizedTest(name = "{0} {1}D {2}")
    @MethodSource("io.psiflux.backend.Fixtures#allRanks")
    void imaginaryTimeRelaxesToTheOscillatorGroundState(BackendFactory f, int rank, Precision precision) {
        double hbar = 0.9, mass = 1.1, omega = 1.3, dt = 0.02;
        Grid g = box(rank, 32, 10);
        double e0 = rank * hbar * omega / 2, split = (omega * dt) * (omega * dt) / 8;
        double sigma = Math.sqrt(hbar / (2 * mass * omega));
        Hamiltonian h = free(hbar, mass);
        try (Backend b = f.open(g, precision); DeviceBuffer psi = b.allocate()) {
            b.setPotential(scalar(g, harmonic(g, mass, omega)), null);
            double[] s = {1.3 * sigma, 0.8 * sigma, 1.1 * sigma};
            b.upload(InitialState.gaussian(new double[] {0.5, -0.3, 0.2}, s, new double[] {0.4, 0, -0.2})
                    .create(g, precision, hbar), psi); // displaced, wrong width, moving
            Complex tau = new Complex(0, -dt);
            int relax = (int) Math.ceil(15 / (omega * dt)); // excited admixture decays as exp(-2 w t): e^-30
            for (int done = 0; done < relax; done += 20) {
                strang(b, h, psi, tau, 20);
                b.scale(psi, 1 / Math.sqrt(b.moments(psi, h).norm()));
            }
            double round = precision.tolerance(8 * log2(g.points()));
            Moments m = b.moments(psi, h);
            assertEquals(e0, m.energy(), e0 * (split + round), "ground-state energy rank * hbar w / 2");
            // <x> is linear in the odd (first excited) admixture, which decays as exp(-w t): the
            // displacement |x0| + |p0|/(m w) shrinks by that factor
            double[] x0 = {0.5, -0.3, 0.2}, p0 = {0.4, 0, -0.2};
            for (int d = 0; d < rank; d++) {
                double shift = 2 * (Math.abs(x0[d]) + Math.abs(p0[d]) / (mass * omega)) * Math.exp(-omega * relax * dt);
                assertEquals(0.0, m.meanX(d), shift + sigma * round, "ground state is centred, axis " + d);
            }
            double before = m.norm();
            strang(b, h, psi, tau, 1);
            double decay = -Math.log(b.moments(psi, h).norm() / before) * hbar / (2 * dt);
            assertEquals(e0, decay, e0 * (split + round / (omega * dt)), "norm decays as exp(-2 E0 dt / hbar)");
        }
    }

    /** Real-time steps are unitary: the norm stays 1 over many steps in a rough random potential. */
    @ParameterizedTest(name = "{0} {1}D {2}")
    @MethodSource("io.psiflux.backend.Fixtures#allRanks")
    void normIsConservedOverManySteps(BackendFactory f, int rank, Precision precision) {
        Grid g = box(rank, rank == 3 ? 24 : 32, 16);
        int steps = 300, chunk = 50;
        Hamiltonian h = free(1.0, 1.0);
        try (Backend b = f.open(g, precision); DeviceBuffer psi = b.allocate()) {
            b.setPotential(scalar(g, smoothPotential(g, 4.0, 17)), null);
            b.upload(InitialState.gaussian(new double[] {1, -1, 0.5}, new double[] {1.2, 1.0, 0.9},
                    new double[] {1.5, 0.5, -1.0}).create(g, precision, 1.0), psi);
            for (int n = chunk; n <= steps; n += chunk) {
                strang(b, h, psi, Complex.real(0.03), chunk);
                // round-off: a few stores per step, each changing the norm by at most ~eps
                assertEquals(1.0, b.moments(psi, h).norm(), precision.tolerance(4 * n + log2(g.points())), "norm after " + n + " steps");
            }
        }
    }

    /**
     * d rho/dt + div j = 0, with d rho/dt from centred differences of successive Strang steps and
     * div j taken spectrally in test code, for a band-limited state in a smooth potential. Both the difference quotient and Strang are second
     * order, so the residual relative to |d rho/dt| is O((W dt)^2), W the fastest frequency in the
     * state (kinetic hbar k^2/2m over the packet's k range plus the potential's range over hbar),
     * and halving dt cuts it about 4x.
     */
    @ParameterizedTest(name = "{0} {1}D {2}")
    @MethodSource("io.psiflux.backend.Fixtures#allRanks")
    void continuityEquationHoldsBetweenSnapshots(BackendFactory f, int rank, Precision precision) {
        double hbar = 1.0, mass = 1.0, vAmp = 1.0, length = 8;
        Grid g = box(rank, 16, length);
        // the state and V hold Fourier modes |m| <= 2; over two steps the state reaches about |m| <= 4
        double kTop = 4 * 2 * Math.PI / length;
        double w = hbar * kTop * kTop / (2 * mass) + 2 * vAmp / hbar;
        // In single precision the rounding of rho (a few 1e-7 over two steps) divided by 2 dt must
        // stay well below the dt^2 residual at the smaller step, or the dt -> dt/2 ratio measures
        // rounding: twice the steps there.
        double[] dts = precision == Precision.SINGLE ? new double[] {0.04, 0.02} : new double[] {0.02, 0.01};
        double[] rel = new double[2];
        Hamiltonian h = free(hbar, mass);
        try (Backend b = f.open(g, precision); DeviceBuffer psi = b.allocate()) {
            double[] v = smoothPotential(g, vAmp, 29);
            b.setPotential(scalar(g, v), null);
            // band-limited and periodic, so the product rule behind d rho/dt = -div j holds on the grid
            ComplexField start = InitialState.given(field(g, Precision.DOUBLE, smoothComplex(g, 31)), "test")
                    .create(g, precision, hbar);
            RealField j = RealField.vector(g, precision);
            for (int i = 0; i < 2; i++) {
                double dt = dts[i];
                b.upload(start, psi);
                double[] rho0 = density(download(b, psi));
                strang(b, h, psi, Complex.real(dt), 1);
                b.current(psi, h.currentScale(), j);
                strang(b, h, psi, Complex.real(dt), 1);
                double[] rho2 = density(download(b, psi));
                double[] div = new double[g.points()];
                for (int d = 0; d < rank; d++) {
                    double[] jd = new double[g.points()];
                    for (int p = 0; p < g.points(); p++) jd[p] = j.get(d, p);
                    double[] djd = NaiveDft.derivativeOfReal(g, jd, d);
                    for (int p = 0; p < g.points(); p++) div[p] += djd[p];
                }
                double res = 0, rate = 0;
                for (int p = 0; p < g.points(); p++) {
                    double drho = (rho2[p] - rho0[p]) / (2 * dt);
                    res = Math.max(res, Math.abs(drho + div[p]));
                    rate = Math.max(rate, Math.abs(drho));
                }
                rel[i] = res / rate;
                double round = precision.tolerance(8 * log2(g.points())) * maxAbs(rho0) / (dt * rate);
                assertTrue(rel[i] < (w * dt) * (w * dt) + round,
                        "continuity residual / |d rho/dt| = " + rel[i] + " at dt " + dt + ", bound " + (w * dt) * (w * dt));
            }
            double ratio = rel[0] / rel[1];
            assertTrue(ratio > 3 && ratio < 5, "residual ratio for dt -> dt/2 was " + ratio + " " + Arrays.toString(rel));
        }
    }

    /**
     * A time-dependent uniform force, V = -F0 cos(W t) x_last: Ehrenfest is exact for a linear
     * potential, so <p>(T) = p0 + F0 sin(W T)/W. The propagator samples V at mid-step, which makes
     * <p> the composite midpoint rule of the force: error <= T dt^2 max|F''| / 24, second order
     * (sampling at the start of a step would be first order). Exercises setPotential every step.
     */
    @ParameterizedTest(name = "{0} {1}D {2}")
    @MethodSource("io.psiflux.backend.Fixtures#allRanks")
    void timeDependentForceKicksTheMomentumAtSecondOrder(BackendFactory f, int rank, Precision precision) {
        double hbar = 1.0, mass = 1.0, f0 = 1.0, w = 2.0, tEnd = 1.0;
        Grid g = box(rank, rank == 3 ? 24 : 48, rank == 3 ? 14 : 20);
        String axis = new String[] {"x", "y", "z"}[rank - 1];
        Potential pot = Potential.expression(String.format(Locale.ROOT, "-%s*cos(%s*t)*%s", f0, w, axis), "potential.expression");
        assertTrue(pot.timeDependent(), "the expression uses t");
        double exact = f0 * Math.sin(w * tEnd) / w;
        for (boolean inBackend : new boolean[] {true, false}) {
            // the backend evaluates the tree itself, or (tree hidden) V is sampled on the host and set every sub-step
            Hamiltonian h = free(hbar, mass).withPotential(inBackend ? pot : hostOnly(pot));
            int[] steps = {10, 20};
            double[] err = new double[2];
            for (int i = 0; i < 2; i++) {
                double dt = tEnd / steps[i];
                try (Backend b = f.open(g, precision); SplitOperator op = new SplitOperator(b, h, dt)) {
                    assertEquals(inBackend, op.potentialOnDevice(), "V evaluated by the backend");
                    op.reset(InitialState.gaussian(new double[3], new double[] {1, 1, 1}, new double[3]).create(g, precision, hbar), 0, 0);
                    op.advance(steps[i]);
                    assertEquals(tEnd, op.time(), 1e-12, "clock");
                    double p = b.moments(op.psi(), h).meanP(rank - 1);
                    err[i] = Math.abs(p - exact);
                    double bound = tEnd * dt * dt * f0 * w * w / 24;
                    assertTrue(err[i] <= 1.1 * bound + precision.tolerance(8 * steps[i]),
                            "<p>(T) error " + err[i] + " exceeds the midpoint-rule bound " + bound + " at dt " + dt);
                }
            }
            double ratio = err[0] / err[1];
            assertTrue(ratio > 3 && ratio < 5, "error ratio for dt -> dt/2 was " + ratio + " " + Arrays.toString(err));
        }
    }

    /**
     * V evaluated by the backend from the expression tree and V sampled on the host give the same
     * run: the driven oscillator V = x^2/2 - 0.5 sin(2t) x with an absorber, orders 2 and 4, <x>,
     * <p> and the potential energy every 25 steps.
     */
    @ParameterizedTest(name = "{0} {1}D {2}")
    @MethodSource("io.psiflux.backend.Fixtures#allRanks")
    void aPotentialEvaluatedByTheBackendEqualsHostSampling(BackendFactory f, int rank, Precision precision) {
        Grid g = box(rank, rank == 3 ? 16 : 32, 24);
        Potential v = Potential.expression("x^2/2 - 0.5 sin(2t) x + 0.1 y^2 - 0.05 t z", "test");
        Hamiltonian compiled = Hamiltonian.builder().potential(v).absorber(2.0, 1.0).build();
        Hamiltonian sampled = compiled.withPotential(hostOnly(v));
        for (int order : new int[] {2, 4}) {
            double[] a = orbit(f, g, precision, compiled, order, true), b = orbit(f, g, precision, sampled, order, false);
            // the same arithmetic but for V's last bits (tree vs tree, on the device vs on the host, rounding of V)
            double tol = precision.tolerance(8 * 100);
            for (int i = 0; i < a.length; i++) assertEquals(b[i], a[i], tol * Math.max(1, Math.abs(b[i])), "order " + order + ", sample " + i);
        }
    }

    private static double[] orbit(BackendFactory f, Grid g, Precision precision, Hamiltonian h, int order, boolean inBackend) {
        try (Backend b = f.open(g, precision);
             SplitOperator op = new SplitOperator(b, h, 0.02, new io.psiflux.propagate.Scheme(order, false))) {
            assertEquals(inBackend, op.potentialOnDevice(), "V evaluated by the backend");
            op.reset(InitialState.gaussian(new double[] {1, 0.5, -0.5}, new double[] {Math.sqrt(0.5), 1, 1},
                    new double[] {0.5, 0, 0}).create(g, precision, 1), 0, 0);
            double[] out = new double[3 * 4];
            for (int k = 0; k < 4; k++) {
                op.advance(25);
                op.syncPotential();
                Moments m = b.moments(op.psi(), h);
                out[3 * k] = m.meanX(0);
                out[3 * k + 1] = m.meanP(0);
                out[3 * k + 2] = m.potential();
            }
            return out;
        }
    }

    /** The same potential without its tree: the propagator must sample it on the host. */
    private static Potential hostOnly(Potential v) {
        return new Potential() {
            @Override
            public boolean timeDependent() {
                return v.timeDependent();
            }

            @Override
            public void sample(double t, RealField out) {
                v.sample(t, out);
            }
        };
    }

    /**
     * A term of the equation added in physics alone: this test's own {@link Potential}, a uniform
     * force growing in time, F(t) = F0 + F1 t along the last axis (V = -F(t) x), joins a free
     * Hamiltonian through the builder, with a sampler and a tree and no backend code. Ehrenfest is
     * exact for a linear potential: <p>(T) = p0 + F0 T + F1 T^2 / 2, which the mid-step sampling
     * hits exactly (the midpoint rule is exact for a linear F), and <x>(T) = x0 + p0 T / m +
     * F0 T^2 / 2m + F1 T^3 / 6m, which Strang's kicks miss by F1 dt^2 T / 12m.
     */
    @ParameterizedTest(name = "{0} {1}D {2}")
    @MethodSource("io.psiflux.backend.Fixtures#allRanks")
    void aTermAddedInPhysicsAloneActsOnEveryBackend(BackendFactory f, int rank, Precision precision) {
        double hbar = 1.0, mass = 1.3, f0 = 0.6, f1 = 0.4, tEnd = 1.0, dt = 0.05;
        // |phi|^2 at Nyquist stays below e^-37 (|p| <= 0.9, dx <= 0.6), |psi|^2 at the edges below e^-30
        Grid g = box(rank, rank == 3 ? 40 : 48, 24);
        int axis = rank - 1;
        Potential tilt = new Potential() {
            @Override
            public boolean timeDependent() {
                return true;
            }

            @Override
            public void sample(double t, RealField out) {
                for (int p = 0; p < g.points(); p++) out.set(p, -(f0 + f1 * t) * g.axis(axis).x(g.index(p, axis)));
            }

            @Override
            public io.psiflux.physics.Expr tree() {
                io.psiflux.physics.Expr force = new io.psiflux.physics.Expr.Bin('+', new io.psiflux.physics.Expr.Num(f0),
                        new io.psiflux.physics.Expr.Bin('*', new io.psiflux.physics.Expr.Num(f1), new io.psiflux.physics.Expr.Var(3)));
                return new io.psiflux.physics.Expr.Neg(new io.psiflux.physics.Expr.Bin('*', force, new io.psiflux.physics.Expr.Var(axis)));
            }
        };
        Hamiltonian h = Hamiltonian.builder().hbar(hbar).mass(mass).potential(tilt).build();
        double[] x0 = {-1, 0.5, -0.5}, p0 = {0.3, -0.2, 0.1};
        try (Backend b = f.open(g, precision); SplitOperator op = new SplitOperator(b, h, dt)) {
            op.reset(InitialState.gaussian(x0, new double[] {1, 1, 1}, p0).create(g, precision, hbar), 0, 0);
            op.advance((int) Math.round(tEnd / dt));
            Moments m = b.moments(op.psi(), h);
            double round = precision.tolerance(8 * 20 + 8 * log2(g.points()));
            double pT = p0[axis] + f0 * tEnd + f1 * tEnd * tEnd / 2;
            double xT = x0[axis] + p0[axis] * tEnd / mass + f0 * tEnd * tEnd / (2 * mass) + f1 * tEnd * tEnd * tEnd / (6 * mass);
            assertEquals(pT, m.meanP(axis), round * 10, "<p>(T) = p0 + F0 T + F1 T^2/2");
            assertEquals(xT, m.meanX(axis), 1.1 * f1 * dt * dt * tEnd / (12 * mass) + round * 10, "<x>(T)");
            for (int d = 0; d < axis; d++) assertEquals(p0[d], m.meanP(d), round * 10, "no force across, axis " + d);
        }
    }

    /** The oscillator of the coherent-state tests; sizes keep spectral and image errors below 1e-10. */
    private static final class Oscillator {
        final int rank;
        final Precision precision;
        final double hbar = 0.8, mass = 1.25, omega = 1.1;
        final double[] x0 = {1.5, -1.0}, p0 = {1.2, 0.5};
        final double sigma2;
        final Grid grid;
        final BackendFactory factory;
        final Hamiltonian ham;

        Oscillator(BackendFactory f, int rank, Precision precision) {
            this.factory = f;
            this.ham = free(hbar, mass);
            this.rank = rank;
            this.precision = precision;
            this.sigma2 = hbar / (2 * mass * omega);
            this.grid = box(rank, 64, 16);
        }

        Backend open() {
            Backend b = factory.open(grid, precision);
            b.setPotential(scalar(grid, harmonic(grid, mass, omega)), null);
            return b;
        }

        ComplexField initial() {
            double s = Math.sqrt(sigma2);
            return InitialState.gaussian(x0, new double[] {s, s}, p0).create(grid, precision, hbar);
        }

        double amplitude(int d) {
            double v = p0[d] / (mass * omega);
            return Math.sqrt(x0[d] * x0[d] + v * v);
        }

        double energy() {
            double e = 0;
            for (int d = 0; d < rank; d++) {
                e += p0[d] * p0[d] / (2 * mass) + mass * omega * omega * x0[d] * x0[d] / 2 + hbar * omega / 2;
            }
            return e;
        }
    }
}
