package io.psiflux.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The particle integrator of every backend ({@link Backend#particles}), fed psi at the step ends
 * in closed form, so nothing but the interpolation and the time integration is tested: a free
 * Gaussian's Bohmian trajectories x(t) = c + v t + (x0 - c) sigma(t) / sigma0 at second order in
 * dt, a uniform flow followed exactly with the particle on a node waiting, the drift of a field,
 * and the backends agreeing with each other. hbar and m are not 1.
 */
class ParticlesContractTest {
    static final double HBAR = 1.3, MASS = 0.7;
    static final double[][] NO_DRIFT = new double[3][3];

    static Stream<Arguments> factories() {
        return BackendFactory.all().stream().map(Arguments::of);
    }

    static Stream<Arguments> factoriesAndRanks() {
        return Fixtures.cross(BackendFactory.all(), List.of(new Object[] {1}, new Object[] {2}, new Object[] {3}));
    }

    static Grid grid(int rank) {
        return switch (rank) {
            case 1 -> Grid.of(new Axis(512, -16, 16));
            case 2 -> Grid.of(new Axis(256, -16, 16), new Axis(192, -12, 12));
            default -> Grid.of(new Axis(48, -6, 6), new Axis(48, -6, 6), new Axis(48, -6, 6));
        };
    }

    static final double[] C = {-1.0, 0.5, 0.25}, S = {1.0, 1.2, 0.9}, K = {1.0, -0.5, 0.3};

    /** Starting points around the packet's centre, up to two widths away. */
    static double[] starts(int rank, int[] count) {
        double[] offsets = {-1.8, -0.9, -0.2, 0.6, 1.7};
        int n = (int) Math.pow(offsets.length, rank);
        double[] out = new double[n * rank];
        for (int i = 0; i < n; i++) {
            int r = i;
            for (int d = 0; d < rank; d++) {
                out[i * rank + d] = C[d] + offsets[r % offsets.length] * S[d];
                r /= offsets.length;
            }
        }
        count[0] = n;
        return out;
    }

    /** The largest distance of the particles from the closed form at time t. */
    static double error(double[] pos, double[] start, int rank, double t) {
        double worst = 0;
        for (int i = 0; i < pos.length / rank; i++) {
            double e = 0;
            for (int d = 0; d < rank; d++) {
                double v = HBAR * K[d] / MASS;
                double grow = ClosedForms.freeWidth(S[d], t, HBAR, MASS) / S[d];
                double x = C[d] + v * t + (start[i * rank + d] - C[d]) * grow;
                e += (pos[i * rank + d] - x) * (pos[i * rank + d] - x);
            }
            worst = Math.max(worst, Math.sqrt(e));
        }
        return worst;
    }

    /** Particles run from t = 0 to {@code steps dt}, psi at every step end the exact free packet. */
    static double[] run(Backend b, double[] start, int count, double dt, int steps, double cfl) {
        Grid g = b.grid();
        ParticleRule rule = new ParticleRule(HBAR / MASS, NO_DRIFT, 0, cfl, cfl > 1e6 ? 1 : ParticleRule.DEFAULT_MAX_SUBSTEPS);
        ComplexField f = new ComplexField(g, Precision.DOUBLE);
        try (Particles p = b.particles(count, rule); DeviceBuffer before = b.allocate(); DeviceBuffer after = b.allocate()) {
            p.set(start);
            load(b, f, before, 0);
            for (int s = 1; s <= steps; s++) {
                load(b, f, after, s * dt);
                p.advance(before, after, dt);
                b.copy(after, before);
            }
            double[] out = new double[start.length];
            p.get(out);
            return out;
        }
    }

    static void load(Backend b, ComplexField f, DeviceBuffer into, double t) {
        double[] z = ClosedForms.freeGaussian(f.grid(), t, C, S, K, HBAR, MASS);
        System.arraycopy(z, 0, f.doubles(), 0, z.length);
        b.upload(f, into);
    }

    @ParameterizedTest(name = "{0} {1}D")
    @MethodSource("factoriesAndRanks")
    void freeGaussianTrajectoriesFollowTheClosedFormAtSecondOrder(BackendFactory factory, int rank) {
        Grid g = grid(rank);
        int[] n = new int[1];
        double[] start = starts(rank, n);
        int steps = rank == 3 ? 8 : 16;
        double t = 0.1 * steps;
        try (Backend b = factory.open(g, Precision.DOUBLE)) {
            // Heun alone (no sub-steps): halving dt quarters the error
            double coarse = error(run(b, start, n[0], 0.1, steps, 1e9), start, rank, t);
            double fine = error(run(b, start, n[0], 0.05, 2 * steps, 1e9), start, rank, t);
            // the default rule, sub-steps where particles are fast (the velocity linear in time inside a step): also second order
            double subCoarse = error(run(b, start, n[0], 0.1, steps, ParticleRule.DEFAULT_CFL), start, rank, t);
            double subFine = error(run(b, start, n[0], 0.05, 2 * steps, ParticleRule.DEFAULT_CFL), start, rank, t);
            System.out.printf(Locale.ROOT, "%s %dD to t = %.1f: Heun error %.3e (dt 0.1), %.3e (dt 0.05), ratio %.2f; "
                    + "default rule %.3e, %.3e, ratio %.2f%n", factory, rank, t, coarse, fine, coarse / fine, subCoarse, subFine,
                    subCoarse / subFine);
            assertTrue(coarse / fine > 3.5 && coarse / fine < 4.5, "second order: error ratio " + coarse / fine);
            // the number of sub-steps does not halve exactly with dt (it is rounded up per particle): a looser window
            assertTrue(subCoarse / subFine > 3 && subCoarse / subFine < 6, "second order with sub-steps: ratio " + subCoarse / subFine);
            assertTrue(fine < 2e-3 && subFine < 2e-3, "error at dt 0.05: " + fine + ", " + subFine);
        }
    }

    /**
     * psi = sin(x) e^{2ix} has v = 2 hbar / m everywhere but on its nodes x = n pi: a particle
     * moves at exactly that speed (Heun is exact for a uniform flow, and the interpolation of psi
     * does not spoil it next to a node), and one started on a node waits there.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("factories")
    void aUniformFlowIsFollowedExactlyAndAParticleOnANodeWaits(BackendFactory factory) {
        double l = 8 * Math.PI;
        Grid g = Grid.of(new Axis(800, -l / 2, l / 2));
        ComplexField f = new ComplexField(g, Precision.DOUBLE);
        for (int p = 0; p < g.points(); p++) {
            double x = g.axis(0).x(p), a = Math.sin(x);
            f.set(p, a * Math.cos(2 * x), a * Math.sin(2 * x));
        }
        double rhoMin = 1e-12, dt = 0.01, v = 2 * HBAR / MASS;
        double[] start = {0.0, 1.0, -2.5};
        try (Backend b = factory.open(g, Precision.DOUBLE);
             Particles p = b.particles(3, new ParticleRule(HBAR / MASS, NO_DRIFT, rhoMin, 0.5, 64));
             DeviceBuffer psi = b.allocate()) {
            b.upload(f, psi);
            p.set(start);
            int steps = 100;
            for (int s = 0; s < steps; s++) p.advance(psi, psi, dt);
            double[] out = new double[3];
            p.get(out);
            assertEquals(0.0, out[0], 1e-15, "a particle on a node waits");
            for (int i = 1; i < 3; i++) {
                double expect = start[i] + v * dt * steps;
                expect -= l * Math.floor((expect + l / 2) / l);
                assertEquals(expect, out[i], 1e-6, "particle " + i + " in the uniform flow (it crossed nodes at n pi)");
            }
        }
    }

    /**
     * A real psi carries no current, so the velocity is the drift's alone, v = -D r: with
     * D = [[0, -w], [w, 0]] (a frame rotating at w) the particles turn at -w on circles about
     * the origin.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("factories")
    void theDriftOfAFieldOrRotationTurnsParticlesOfARealState(BackendFactory factory) {
        Grid g = Grid.of(new Axis(128, -8, 8), new Axis(128, -8, 8));
        ComplexField f = new ComplexField(g, Precision.DOUBLE);
        for (int p = 0; p < g.points(); p++) {
            double x = g.axis(0).x(g.index(p, 0)), y = g.axis(1).x(g.index(p, 1));
            f.set(p, Math.exp(-(x * x + y * y) / 8), 0);
        }
        double w = 0.7, dt = 0.005;
        double[][] drift = {{0, -w, 0}, {w, 0, 0}, {0, 0, 0}};
        double[] start = {2, 0, 0, -1.5};
        try (Backend b = factory.open(g, Precision.DOUBLE);
             Particles p = b.particles(2, new ParticleRule(HBAR / MASS, drift, 0, 0.5, 64));
             DeviceBuffer psi = b.allocate()) {
            b.upload(f, psi);
            p.set(start);
            int steps = 400;
            for (int s = 0; s < steps; s++) p.advance(psi, psi, dt);
            double[] out = new double[4];
            p.get(out);
            double a = -w * dt * steps, c = Math.cos(a), s = Math.sin(a);
            for (int i = 0; i < 2; i++) {
                double x = start[2 * i], y = start[2 * i + 1];
                // Heun on a rotation: error ~ r (w dt)^3 / 6 per step
                assertEquals(c * x - s * y, out[2 * i], 1e-5, "x of particle " + i);
                assertEquals(s * x + c * y, out[2 * i + 1], 1e-5, "y of particle " + i);
            }
        }
    }

    /** Every backend moves the same particles to the same places (to rounding, in each precision). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.psiflux.backend.Fixtures#allRanks")
    void backendsAgreeWithTheCpu(BackendFactory factory, int rank, Precision precision) {
        if (factory.name().equals("cpu")) return;
        Grid g = grid(rank);
        int[] n = new int[1];
        double[] start = starts(rank, n);
        double[] mine, cpu;
        try (Backend b = factory.open(g, precision)) {
            mine = run(b, start, n[0], 0.05, 12, ParticleRule.DEFAULT_CFL);
        }
        try (Backend b = BackendFactory.all().get(0).open(g, precision)) {
            cpu = run(b, start, n[0], 0.05, 12, ParticleRule.DEFAULT_CFL);
        }
        double tol = precision == Precision.DOUBLE ? 1e-10 : 2e-4;
        for (int i = 0; i < start.length; i++) assertEquals(cpu[i], mine[i], tol, "coordinate " + i);
    }
}
