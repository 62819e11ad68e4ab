package io.psiflux.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.psiflux.field.RealField;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import io.psiflux.observe.FluxPlane;
import io.psiflux.observe.Observation;
import io.psiflux.physics.Hamiltonian;
import io.psiflux.physics.InitialState;
import io.psiflux.physics.MagneticField;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A charge in a uniform magnetic field and a particle in a rotating frame, against closed forms:
 * the Fock-Darwin levels and their angular momenta, the levels of a rotating oscillator, the
 * cyclotron orbit and the E x B drift (Ehrenfest: exact for the mean of a linear force), the
 * same physics in the symmetric and the Landau gauge, and the gauge-invariant (rotating-frame)
 * current of a real state, -rho (q/m) A (or -rho Omega z x r). On every backend.
 */
class MagneticAndRotationTest {

    /** Collects the rows written. */
    static final class Rows implements Output {
        final List<Observation> rows = new ArrayList<>();

        @Override
        public void write(Observation o, Snapshot s) {
            rows.add(o);
        }

        @Override
        public void finish(RunResult r) {
        }

        @Override
        public void close() {
        }

        /** The last row of state k. */
        Observation last(int k) {
            Observation o = null;
            for (Observation r : rows) if (r.extra("state") == k) o = r;
            return o;
        }
    }

    static final Grid TRAP = Grid.of(new Axis(48, -7, 7), new Axis(48, -7, 7));

    static RunResult relax(String backend, Hamiltonian h, int states, Rows rows) throws Exception {
        InitialState start = InitialState.gaussian(new double[] {0.3, -0.2}, new double[] {0.9, 1.1}, new double[] {0, 0});
        try (Relaxation r = Simulation.builder(TRAP, h).backend(backend).initial(start).dt(0.005).relaxation(states, 1e-12)) {
            return r.run(40000, 1000, rows, (d, t, s) -> { });
        }
    }

    /**
     * Fock-Darwin: H = (p - qA)^2 / 2m + m w0^2 r^2 / 2 has E = (2n + |l| + 1) hbar W - hbar wc l / 2,
     * W = sqrt(w0^2 + wc^2 / 4), wc = qB / m; with w0 = 1, wc = 1 the lowest are (n, l) = (0, 0),
     * (0, 1), (0, 2): W, 2W - 1/2, 3W - 1, with L_z = 0, hbar, 2 hbar.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "opencl"})
    void fockDarwinLevelsAndTheirAngularMomenta(String backend) throws Exception {
        double hbar = 1.2, mass = 0.8, q = -0.5, w0 = 1, wc = 1, b = wc * mass / q;
        Hamiltonian h = Hamiltonian.builder().hbar(hbar).mass(mass).charge(q)
                .potential(0.5 * mass * w0 * w0 + "*(x^2 + y^2)").magnetic(new double[] {0, 0, b}, MagneticField.Gauge.SYMMETRIC).build();
        Rows rows = new Rows();
        RunResult r = relax(backend, h, 3, rows);
        double w = Math.sqrt(w0 * w0 + wc * wc / 4);
        double[] expect = {hbar * w, hbar * (2 * w - wc / 2), hbar * (3 * w - wc)};
        for (int k = 0; k < 3; k++) {
            assertEquals(expect[k], r.energies()[k], 1e-4 * expect[k], "level " + k);
            assertEquals(k * hbar, rows.last(k).extra("lz"), 1e-3, "L_z of level " + k);
        }
    }

    /** H - Omega L_z of an isotropic oscillator (w = 1): E = (2n + |l| + 1) hbar w - hbar Omega l, the lowest 1, 2 - Omega, 2 + Omega. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "opencl"})
    void rotatingOscillatorLevels(String backend) throws Exception {
        double omega = 0.2;
        Hamiltonian h = Hamiltonian.builder().potential("0.5*(x^2 + y^2)").rotation(omega).build();
        Rows rows = new Rows();
        RunResult r = relax(backend, h, 3, rows);
        double[] expect = {1, 2 - omega, 2 + omega};
        double[] lz = {0, 1, -1};
        for (int k = 0; k < 3; k++) {
            assertEquals(expect[k], r.energies()[k], 1e-4, "level " + k);
            assertEquals(lz[k], rows.last(k).extra("lz"), 1e-3, "L_z of level " + k);
        }
    }

    /**
     * A packet at (-3, 0) with kinetic momentum (0, 3 m wc) in B along z (q B > 0): the classical
     * orbit about the origin, clockwise, radius 3, period 2 pi / wc: <x> = -3 cos wc t,
     * <y> = 3 sin wc t, the same in the symmetric and the Landau gauge, where the densities and
     * the gauge-invariant currents agree point by point.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "opencl"})
    void cyclotronOrbitIsTheSameInBothGauges(String backend) throws Exception {
        // the Landau gauge's canonical p_x = p_kin,x - q B y spans q B times the packet's width in y
        // (about 8 hbar/unit at 4 sigma here): dx = 0.25 resolves it, 0.375 does not
        Grid g = Grid.of(new Axis(96, -12, 12), new Axis(96, -12, 12));
        double mass = 1.5, q = 2, b = 0.75, wc = q * b / mass, radius = 3;
        double[] c = {-radius, 0};
        RealField[] rho = new RealField[2], j = new RealField[2];
        int k = 0;
        for (MagneticField.Gauge gauge : MagneticField.Gauge.values()) {
            Hamiltonian h = Hamiltonian.builder().mass(mass).charge(q).magnetic(new double[] {0, 0, b}, gauge).build();
            InitialState packet = InitialState.gaussian(c, new double[] {1, 1}, new double[] {0, radius * mass * wc}).inGauge(h, c);
            double t = Math.PI / (2 * wc), dt = t / 400;
            try (Simulation sim = Simulation.builder(g, h).backend(backend).initial(packet).dt(dt).build()) {
                for (int quarter = 1; quarter <= 2; quarter++) {
                    sim.advance(400);
                    Observation o = sim.observe();
                    double angle = wc * sim.time();
                    assertEquals(-radius * Math.cos(angle), o.meanX()[0], 2e-4, gauge + " <x> at quarter " + quarter);
                    assertEquals(radius * Math.sin(angle), o.meanX()[1], 2e-4, gauge + " <y> at quarter " + quarter);
                    assertEquals(radius * mass * wc * Math.sin(angle), o.meanP()[0], 2e-4, gauge + " kinetic <p_x>");
                    assertEquals(radius * mass * wc * Math.cos(angle), o.meanP()[1], 2e-4, gauge + " kinetic <p_y>");
                }
                rho[k] = sim.density();
                j[k] = sim.current();
            }
            k++;
        }
        double rmax = 0, jmax = 0, drho = 0, dj = 0;
        for (int p = 0; p < g.points(); p++) {
            rmax = Math.max(rmax, rho[0].get(p));
            drho = Math.max(drho, Math.abs(rho[0].get(p) - rho[1].get(p)));
            for (int d = 0; d < 2; d++) {
                jmax = Math.max(jmax, Math.abs(j[0].get(d, p)));
                dj = Math.max(dj, Math.abs(j[0].get(d, p) - j[1].get(d, p)));
            }
        }
        // the split differs between gauges (A along x only, or along both axes): the same state up to
        // the splitting error, O(dt^2) ~ 1e-5 here; a wrong sign or factor differs at O(1)
        assertEquals(0, drho / rmax, 1e-4, "densities in the two gauges");
        assertEquals(0, dj / jmax, 1e-4, "gauge-invariant currents in the two gauges");
        System.out.printf("gauges differ by %.2e (density), %.2e (current)%n", drho / rmax, dj / jmax);
    }

    /**
     * Crossed fields: E along x (V = -q E x) and B along z; from rest at the origin the mean follows
     * the cycloid x = (E / B wc)(1 - cos wc t), y = (E / B wc)(sin wc t - wc t): the guiding centre
     * drifts at E x B / B^2 = -E / B along y.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "opencl"})
    void crossedFieldsDriftAtEOverB(String backend) throws Exception {
        Grid g = Grid.of(new Axis(64, -12, 12), new Axis(64, -14, 10));
        double q = 1, mass = 1, b = 1, e = 0.5, wc = q * b / mass;
        Hamiltonian h = Hamiltonian.builder().charge(q).mass(mass).potential(-q * e + "*x")
                .magnetic(new double[] {0, 0, b}, MagneticField.Gauge.SYMMETRIC).build();
        InitialState packet = InitialState.gaussian(new double[] {0, 0}, new double[] {1, 1}, new double[] {0, 0}).inGauge(h, new double[] {0, 0});
        try (Simulation sim = Simulation.builder(g, h).backend(backend).initial(packet).dt(2 * Math.PI / 1600).build()) {
            for (int part = 1; part <= 4; part++) {
                sim.advance(400);
                double t = sim.time(), s = e / (b * wc);
                Observation o = sim.observe();
                assertEquals(s * (1 - Math.cos(wc * t)), o.meanX()[0], 2e-4, "<x> at t = " + t);
                assertEquals(s * (Math.sin(wc * t) - wc * t), o.meanX()[1], 2e-4, "<y> at t = " + t);
            }
        }
    }

    /**
     * A real state has no canonical current: j = -rho (q / m) A(r) with a field, and in a frame
     * rotating at Omega the rotating-frame current -rho Omega z x r. Both together add. The flux
     * meter reads the same current (the plane sum of j_x at x = 0.5).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "opencl"})
    void aRealStateCarriesOnlyTheDriftCurrent(String backend) throws Exception {
        Grid g = Grid.of(new Axis(40, -6, 6), new Axis(36, -5, 6));
        double mass = 1.4, q = -0.7, b = 0.9, omega = 0.3;
        Hamiltonian h = Hamiltonian.builder().mass(mass).charge(q).potential("0.5*(x^2+y^2)")
                .magnetic(new double[] {0, 0, b}, MagneticField.Gauge.SYMMETRIC).rotation(omega).build();
        InitialState real = InitialState.gaussian(new double[] {0.4, 1.1}, new double[] {1, 0.8}, new double[] {0, 0});
        double x0 = g.axis(0).x(23);
        try (Simulation sim = Simulation.builder(g, h).backend(backend).initial(real).dt(0.01)
                .flux(new FluxPlane("plane", 0, x0)).build()) {
            RealField rho = sim.density(), j = sim.current();
            double scale = 0, worst = 0, plane = 0;
            for (int p = 0; p < g.points(); p++) {
                double x = g.axis(0).x(g.index(p, 0)), y = g.axis(1).x(g.index(p, 1));
                // A = B x r / 2 = (B/2)(-y, x); z x r = (-y, x)
                double f = q / mass * b / 2 + omega;
                double jx = -rho.get(p) * f * -y, jy = -rho.get(p) * f * x;
                scale = Math.max(scale, Math.hypot(jx, jy));
                worst = Math.max(worst, Math.max(Math.abs(j.get(0, p) - jx), Math.abs(j.get(1, p) - jy)));
                if (g.index(p, 0) == 23) plane += jx * g.axis(1).dx();
            }
            assertEquals(0, worst / scale, 1e-10, "j = -rho ((q/m) A + Omega z x r)");
            assertEquals(plane, sim.observe().extra("flux_plane"), 1e-10 * Math.abs(plane) + 1e-14, "the flux meter's current");
        }
    }
}
