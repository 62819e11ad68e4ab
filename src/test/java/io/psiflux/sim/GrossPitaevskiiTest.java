package io.psiflux.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import io.psiflux.observe.Observation;
import io.psiflux.physics.Hamiltonian;
import io.psiflux.physics.InitialState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Gross-Pitaevskii term g |psi|^2 against closed forms. With hbar = m = 1 and g < 0 in 1D the
 * bright soliton psi = a sech(b x), b = |g| / 2, a^2 = b / 2, is the ground state, with energy
 * E = -g^2 / 24 and chemical potential mu = -g^2 / 8; boosted to velocity v it moves without
 * changing shape, carrying j = v |psi|^2, its energy (the GP functional) conserved. A strongly
 * repulsive condensate in a trap tends to the Thomas-Fermi limit.
 */
class GrossPitaevskiiTest {

    static final double G = -2;

    static ComplexField soliton(Grid grid, double x0, double v) {
        double b = Math.abs(G) / 2, a = Math.sqrt(b / 2);
        ComplexField f = new ComplexField(grid, Precision.DOUBLE);
        for (int i = 0; i < grid.points(); i++) {
            double x = grid.axis(0).x(i), amp = a / Math.cosh(b * (x - x0));
            f.set(i, amp * Math.cos(v * x), amp * Math.sin(v * x));
        }
        return f;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "opencl"})
    void theAttractiveGroundStateIsTheBrightSoliton(String backend) throws Exception {
        Grid g = Grid.of(new Axis(256, -20, 20));
        Hamiltonian h = Hamiltonian.builder().nonlinearity(G).build();
        MagneticAndRotationTest.Rows rows = new MagneticAndRotationTest.Rows();
        InitialState start = InitialState.gaussian(new double[] {0.4}, new double[] {2}, new double[] {0});
        RunResult r;
        try (Relaxation relax = Simulation.builder(g, h).backend(backend).initial(start).dt(0.002).relaxation(1, 1e-13)) {
            r = relax.run(200000, 10000, rows, (d, t, s) -> { });
            ComplexField psi = relax.states().get(0);
            // the profile: centred where it settled, a sech of the closed-form width
            double b = Math.abs(G) / 2, c = rows.last(0).meanX()[0], worst = 0;
            for (int i = 0; i < g.points(); i++) {
                double x = g.axis(0).x(i), exact = b / 2 / Math.pow(Math.cosh(b * (x - c)), 2);
                worst = Math.max(worst, Math.abs(psi.abs2(i) - exact));
            }
            assertEquals(0, worst / (b / 2), 1e-3, "|psi|^2 = (b/2) sech^2(b (x - c))");
        }
        assertTrue(r.converged(), r.problem());
        assertEquals(-G * G / 24, r.energies()[0], 1e-5, "E = -g^2/24");
        assertEquals(-G * G / 8, rows.last(0).extra("mu"), 2e-3, "mu = -g^2/8");
        assertEquals(-G * G / 8, r.finals().get("chemical_potential"), 2e-3, "the summary's chemical potential");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "opencl"})
    void aMovingSolitonKeepsItsShapeAndEnergy(String backend) throws Exception {
        Grid g = Grid.of(new Axis(512, -40, 40));
        double v = 1.5, x0 = -10, t = 12;
        Hamiltonian h = Hamiltonian.builder().nonlinearity(G).build();
        try (Simulation sim = Simulation.builder(g, h).backend(backend).initial(soliton(g, x0, v)).dt(t / 6000).build()) {
            Observation o0 = sim.observe();
            assertEquals(v * v / 2 - G * G / 24, o0.energy(), 1e-9, "E = v^2/2 - g^2/24 at t = 0");
            sim.advance(6000);
            Observation o = sim.observe();
            assertEquals(o0.energy(), o.energy(), 1e-7, "energy conserved");
            assertEquals(x0 + v * t, o.meanX()[0], 1e-5, "moves at v");
            RealField rho = sim.density(), j = sim.current();
            ComplexField exact = soliton(g, x0 + v * t, v);
            double worst = 0, worstJ = 0, peak = Math.abs(G) / 4;
            for (int i = 0; i < g.points(); i++) {
                worst = Math.max(worst, Math.abs(rho.get(i) - exact.abs2(i)));
                worstJ = Math.max(worstJ, Math.abs(j.get(i) - v * exact.abs2(i)));
            }
            assertEquals(0, worst / peak, 1e-4, "the density keeps its shape");
            assertEquals(0, worstJ / (v * peak), 1e-4, "j = v |psi|^2");
        }
    }

    /**
     * 1D, V = x^2 / 2, g = 200: Thomas-Fermi mu = (3 g / 4 sqrt 2)^(2/3) = 22.9; the kinetic
     * energy it neglects is of relative order (ln of mu) / mu^2 in 1D, below 1% here.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "opencl"})
    void aStronglyRepulsiveCondensateApproachesThomasFermi(String backend) throws Exception {
        double gr = 200;
        Grid g = Grid.of(new Axis(256, -14, 14));
        Hamiltonian h = Hamiltonian.builder().potential("0.5*x^2").nonlinearity(gr).build();
        MagneticAndRotationTest.Rows rows = new MagneticAndRotationTest.Rows();
        InitialState start = InitialState.gaussian(new double[] {0}, new double[] {3}, new double[] {0});
        double x2 = 0;
        try (Relaxation relax = Simulation.builder(g, h).backend(backend).initial(start).dt(0.0005).relaxation(1, 1e-12)) {
            relax.run(100000, 10000, rows, (d, t, s) -> { });
            ComplexField psi = relax.states().get(0);
            for (int i = 0; i < g.points(); i++) x2 += Math.pow(g.axis(0).x(i), 2) * psi.abs2(i) * g.axis(0).dx();
        }
        double muTf = Math.pow(3 * gr / (4 * Math.sqrt(2)), 2.0 / 3), radius = Math.sqrt(2 * muTf);
        assertEquals(muTf, rows.last(0).extra("mu"), 0.01 * muTf, "mu near Thomas-Fermi");
        assertEquals(0.6 * muTf, rows.last(0).energy(), 0.01 * muTf, "E = (3/5) mu in the Thomas-Fermi limit");
        // the inverted parabola n(x) = (mu - x^2/2) / g out to R = sqrt(2 mu) has <x^2> = R^2 / 5
        assertEquals(radius, Math.sqrt(5 * x2), 0.02 * radius, "the Thomas-Fermi radius");
    }

    /**
     * Imaginary time with g != 0 (renormalised every step) converges to a state off by O(dt): the
     * chemical potential, which is linear in that error, converges at first order, the energy
     * functional, stationary at the true state, at second. Halving dt divides their errors by
     * about 2 and 4. CPU only: it is slow on PoCL, and the backends agree on the step above.
     */
    @org.junit.jupiter.api.Test
    void imaginaryTimeGivesMuAtFirstOrderAndTheEnergyAtSecond() throws Exception {
        Grid g = Grid.of(new Axis(256, -20, 20));
        Hamiltonian h = Hamiltonian.builder().nonlinearity(G).build();
        double[] dts = {0.02, 0.01}, eMu = new double[2], eE = new double[2];
        for (int i = 0; i < 2; i++) {
            InitialState start = InitialState.gaussian(new double[] {0}, new double[] {2}, new double[] {0});
            try (Relaxation relax = Simulation.builder(g, h).backend("cpu").initial(start).dt(dts[i]).relaxation(1, 1e-14)) {
                RunResult r = relax.run(200000, 100000, new MagneticAndRotationTest.Rows(), (d, t, s) -> { });
                assertTrue(r.converged(), r.problem());
                eE[i] = Math.abs(r.energies()[0] + G * G / 24);
                eMu[i] = Math.abs(r.finals().get("chemical_potential") + G * G / 8);
            }
        }
        String msg = String.format(java.util.Locale.ROOT, "mu errors %.3e %.3e, E errors %.3e %.3e", eMu[0], eMu[1], eE[0], eE[1]);
        assertTrue(eMu[0] / eMu[1] > 1.6 && eMu[0] / eMu[1] < 2.5, "mu first order: " + msg);
        assertTrue(eE[0] / eE[1] > 3 && eE[0] / eE[1] < 5, "E second order: " + msg);
    }
}
