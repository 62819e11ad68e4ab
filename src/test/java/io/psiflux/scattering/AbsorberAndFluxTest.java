package io.psiflux.scattering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.backend.cpu.CpuBackend;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import io.psiflux.observe.FluxPlane;
import io.psiflux.observe.Observation;
import io.psiflux.physics.Absorber;
import io.psiflux.physics.InitialState;
import io.psiflux.physics.Hamiltonian;
import io.psiflux.sim.Options;
import io.psiflux.sim.Simulation;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The absorbing layer swallows a packet that leaves the box; flux planes integrate j over the plane and time. */
class AbsorberAndFluxTest {

    @Test
    void aPacketLeavingTheBoxIsAbsorbedWithUnder1e4Reflected() {
        Grid g = Grid.of(new Axis(512, -40, 40));
        double w = 15, p0 = 3, sigma = 3;
        try (Simulation sim = Simulation.builder(g, Hamiltonian.free(1, 1).withAbsorber(new Absorber(w, 2.0)))
                .backend(new CpuBackend(g, Precision.DOUBLE))
                .initial(InitialState.gaussian(new double[3], new double[] {sigma, 1, 1}, new double[] {p0, 0, 0})).dt(0.01).build()) {
            assertEquals(0.0, sim.observe().extra("absorbed"), 1e-14);
            // long enough for the slowest part (p0 - 3 sigma_p = 2.5) to reach the layer and come back
            sim.advance(3200);
            Observation o = sim.observe();
            ComplexField psi = new ComplexField(g, Precision.DOUBLE);
            sim.backend().download(sim.propagator().psi(), psi);
            double interior = 0;
            for (int i = 0; i < g.n(0); i++) if (Math.abs(g.axis(0).x(i)) < 40 - w) interior += psi.abs2(i) * g.dV();
            System.out.printf("absorber width %.0f strength 2, p0 = %.0f: %.3e back in the interior, absorbed %.10f%n", w, p0,
                    interior, o.extra("absorbed"));
            assertTrue(interior < 1e-4, "reflected (or wrapped around): " + interior);
            assertEquals(1 - o.norm(), o.extra("absorbed"), 1e-15);
            assertTrue(o.extra("absorbed") > 1 - 1e-4, "absorbed: " + o.extra("absorbed"));
        }
    }

    /**
     * Order 4 with an absorber: the triple jump's middle sub-step runs backwards in time, where
     * the layer amplifies by e^{+W |w0| dt} before the outer sub-steps damp it again. Per whole
     * step the norm must still only fall, and the absorbed probability must follow order 2's.
     */
    @Test
    void order4AbsorbsLikeOrder2AndTheNormNeverRises() {
        Grid g = Grid.of(new Axis(512, -40, 40));
        double w = 15, p0 = 3, sigma = 3, dt = 0.01;
        int steps = 3200, chunk = 100;
        double[][] absorbed = new double[2][steps / chunk + 1];
        int[] orders = {2, 4};
        for (int k = 0; k < 2; k++) {
            try (Simulation sim = Simulation.builder(g, Hamiltonian.free(1, 1).withAbsorber(new Absorber(w, 2.0)))
                    .backend(new CpuBackend(g, Precision.DOUBLE)).order(orders[k]).dt(dt)
                    .initial(
                    InitialState.gaussian(new double[3], new double[] {sigma, 1, 1}, new double[] {p0, 0, 0})).build()) {
                double last = sim.observe().norm();
                for (int c = 1; c <= steps / chunk; c++) {
                    sim.advance(chunk);
                    Observation o = sim.observe();
                    assertTrue(o.norm() <= last + 1e-14, "order " + orders[k] + ": norm rose at step " + c * chunk);
                    last = o.norm();
                    absorbed[k][c] = o.extra("absorbed");
                }
            }
        }
        double worst = 0;
        for (int c = 0; c < absorbed[0].length; c++) worst = Math.max(worst, Math.abs(absorbed[0][c] - absorbed[1][c]));
        System.out.printf("absorbed, order 2 vs order 4: largest difference over the run %.3e, final %.10f / %.10f%n", worst,
                absorbed[0][absorbed[0].length - 1], absorbed[1][absorbed[1].length - 1]);
        // both are within O(dt^2) ~ 1e-4 of the exact absorbed probability (order 2's error, W dt ~ 0.02)
        assertTrue(worst < 1e-4, "order 2 and order 4 disagree on the absorbed probability by " + worst);
        assertTrue(absorbed[1][absorbed[1].length - 1] > 1 - 1e-4, "order 4 absorbed " + absorbed[1][absorbed[1].length - 1]);
    }

    /** The standard normal CDF. */
    static double phi(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    /** erfc: Taylor series of erf below 2.5, Laplace's continued fraction above (~1e-14). */
    static double erfc(double x) {
        if (x < 0) return 2 - erfc(-x);
        if (x < 2.5) {
            // erf Taylor series
            double sum = 0, term = x;
            for (int n = 0; n < 200; n++) {
                sum += term / (2 * n + 1);
                term *= -x * x / (n + 1);
            }
            return 1 - 2 / Math.sqrt(Math.PI) * sum;
        }
        double f = 0;
        for (int n = 60; n >= 1; n--) f = n / 2.0 / (x + f);
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / (x + f);
    }

    @Test
    void throughAPlaneIsTheProbabilityThatCrossedIt2d() {
        // free packet, separable: the flux through x = 0 integrated over y is that of the x-marginal,
        // a Gaussian of mean x0 + p t and std sigma sqrt(1 + (t / (2 sigma^2))^2)
        Grid g = Grid.of(new Axis(128, -10, 10), new Axis(32, -5, 5));
        double x0 = -2, p = 2, sigma = 1, dt = 0.005;
        int steps = 400;
        try (Simulation sim = Simulation.builder(g, Hamiltonian.free(1, 1)).backend(new CpuBackend(g, Precision.DOUBLE))
                .initial(InitialState.gaussian(new double[] {x0, 0.5, 0}, new double[] {sigma, 0.8, 1}, new double[] {p, 0.7, 0}))
                .dt(dt).flux(new FluxPlane("mid", 0, 0.01)).build()) {
            sim.advance(steps);
            Observation o = sim.observe();
            double t = steps * dt, st = sigma * Math.sqrt(1 + Math.pow(t / (2 * sigma * sigma), 2));
            double exact = phi((x0 + p * t) / st) - phi(x0 / sigma);
            System.out.printf("2D flux plane: through = %.10f, exact %.10f%n", o.extra("through_mid"), exact);
            // the trapezoid rule in time leaves about dt^2/12 (F'(T) - F'(0)) ~ 2e-6
            assertEquals(exact, o.extra("through_mid"), 1e-5);
            assertTrue(o.extra("flux_mid") > 0, "flux towards +x");
        }
    }
}
