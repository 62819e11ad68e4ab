package io.psiflux.scattering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.backend.cpu.CpuBackend;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import io.psiflux.observe.FieldKind;
import io.psiflux.physics.InitialState;
import io.psiflux.physics.Hamiltonian;
import io.psiflux.sim.Options;
import io.psiflux.sim.Simulation;
import io.psiflux.sim.Snapshot;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Helmholtz split of j: the parts add up to j, the transport part alone accounts for
 * d(rho)/dt, the circulating part has zero divergence, and a stationary vortex has only
 * circulating current. Divergences come from a naive DFT derivative here (the oracle), not from
 * the code under test.
 */
class HelmholtzTest {
    static final Grid G = Grid.of(new Axis(64, -8, 8), new Axis(64, -8, 8));
    static final Set<FieldKind> ALL = Set.of(FieldKind.DENSITY, FieldKind.CURRENT, FieldKind.CURRENT_TRANSPORT,
            FieldKind.CURRENT_CIRCULATING);

    /** d f / d x_d of a real periodic field by a naive DFT along each line (k from Axis.kDerivative). */
    static double[] derivative(double[] f, int d) {
        int n = G.n(d), stride = G.stride(d), pts = G.points();
        double[] out = new double[pts];
        for (int s = 0; s < pts; s++) {
            if (G.index(s, d) != 0) continue;
            double[] re = new double[n], im = new double[n];
            for (int k = 0; k < n; k++) {
                for (int x = 0; x < n; x++) {
                    double a = -2 * Math.PI * k * x / n;
                    re[k] += f[s + x * stride] * Math.cos(a);
                    im[k] += f[s + x * stride] * Math.sin(a);
                }
            }
            for (int x = 0; x < n; x++) {
                double v = 0;
                for (int k = 0; k < n; k++) {
                    double kk = G.axis(d).kDerivative(k), a = 2 * Math.PI * k * x / n;
                    // (i kk)(re + i im) e^{i a}, real part
                    v += -kk * (im[k] * Math.cos(a) + re[k] * Math.sin(a));
                }
                out[s + x * stride] = v / n;
            }
        }
        return out;
    }

    static double[] divergence(RealField v) {
        double[] div = new double[G.points()];
        for (int d = 0; d < G.rank(); d++) {
            double[] c = new double[G.points()];
            for (int p = 0; p < c.length; p++) c[p] = v.get(d, p);
            double[] dd = derivative(c, d);
            for (int p = 0; p < c.length; p++) div[p] += dd[p];
        }
        return div;
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    static double maxAbs(RealField f) {
        double m = 0;
        for (int i = 0; i < f.length(); i++) m = Math.max(m, Math.abs(f.get(i)));
        return m;
    }

    /** A packet with both flow and swirl: exp(-r^2/4) (1 + 0.6 (x - 1 + i y)) e^{i 1.5 x}, off centre. */
    static InitialState swirlingPacket() {
        ComplexField psi = new ComplexField(G, Precision.DOUBLE);
        for (int p = 0; p < G.points(); p++) {
            double x = G.axis(0).x(G.index(p, 0)), y = G.axis(1).x(G.index(p, 1));
            double a = Math.exp(-((x - 1) * (x - 1) + y * y) / 2.5);
            double re = 1 + 0.6 * (x - 1), im = 0.6 * y, c = Math.cos(1.5 * x), s = Math.sin(1.5 * x);
            psi.set(p, a * (re * c - im * s), a * (re * s + im * c));
        }
        return InitialState.given(psi, "test");
    }

    @Test
    void partsAddUpTransportCarriesContinuityCirculatingHasNoDivergence() {
        double dt = 0.002;
        try (Simulation sim = Simulation.builder(G, Hamiltonian.builder().potential("0.1*x^2").build())
                .backend(new CpuBackend(G, Precision.DOUBLE)).initial(swirlingPacket()).dt(dt).build()) {
            RealField rho0 = sim.snapshot(sim.observe(), ALL).density().copy();
            sim.advance(1);
            Snapshot s = sim.snapshot(sim.observe(), ALL);
            RealField j = s.current().copy(), jt = s.currentTransport().copy(), jc = s.currentCirculating().copy();
            sim.advance(1);
            RealField rho2 = sim.snapshot(sim.observe(), ALL).density().copy();

            for (int i = 0; i < j.length(); i++) assertEquals(j.get(i), jt.get(i) + jc.get(i), 1e-14, "parts add up to j");
            double[] divT = divergence(jt), divC = divergence(jc), divJ = divergence(j);
            double[] drho = new double[G.points()];
            for (int p = 0; p < drho.length; p++) drho[p] = (rho2.get(p) - rho0.get(p)) / (2 * dt);
            double scale = maxAbs(drho), worstCont = 0, worstDivC = 0;
            for (int p = 0; p < drho.length; p++) {
                worstCont = Math.max(worstCont, Math.abs(drho[p] + divT[p]));
                worstDivC = Math.max(worstDivC, Math.abs(divC[p]));
            }
            System.out.printf("Helmholtz: max|drho/dt| = %.3e, max|drho/dt + div j_T| = %.3e, max|div j_C| = %.3e, "
                    + "max|j_T| = %.3e, max|j_C| = %.3e%n", scale, worstCont, worstDivC, maxAbs(jt), maxAbs(jc));
            assertTrue(maxAbs(jt) > 0.05 && maxAbs(jc) > 0.05, "this packet has both kinds of flow");
            assertTrue(worstCont < 1e-4 * scale, "continuity with the transport part alone: " + worstCont);
            assertTrue(worstDivC < 1e-10 * maxAbs(divJ), "circulating part divergence-free: " + worstDivC);
            // the circulating part carries no net probability through a plane
            for (int i = 0; i < G.n(0); i++) {
                double net = 0;
                for (int k = 0; k < G.n(1); k++) net += jc.get(0, i * G.n(1) + k);
                assertEquals(0.0, net, 1e-12 * maxAbs(jc) * G.n(1));
            }
        }
    }

    @Test
    void aStationaryVortexHasOnlyCirculatingCurrent() {
        // (x + i y) exp(-r^2/2): an eigenstate of the isotropic oscillator (E = 2) with angular momentum hbar
        ComplexField psi = new ComplexField(G, Precision.DOUBLE);
        for (int p = 0; p < G.points(); p++) {
            double x = G.axis(0).x(G.index(p, 0)), y = G.axis(1).x(G.index(p, 1)), a = Math.exp(-(x * x + y * y) / 2);
            psi.set(p, x * a, y * a);
        }
        try (Simulation sim = Simulation.builder(G, Hamiltonian.builder().potential("0.5*(x^2 + y^2)").build())
                .backend(new CpuBackend(G, Precision.DOUBLE)).initial(InitialState.given(psi, "vortex")).dt(0.01).build()) {
            Snapshot s = sim.snapshot(sim.observe(), ALL);
            double t = maxAbs(s.currentTransport()), c = maxAbs(s.currentCirculating());
            System.out.printf("vortex: max|j_T| = %.3e, max|j_C| = %.3e%n", t, c);
            assertTrue(c > 0.1, "a vortex circulates");
            assertTrue(t < 1e-10 * c, "no transport current in a stationary state: " + t);
            assertEquals(2.0, s.energy(), 1e-10);
            // still so after stepping, up to the splitting error: the Strang stationary state differs by O(dt^2)
            sim.advance(10);
            s = sim.snapshot(sim.observe(), ALL);
            double t10 = maxAbs(s.currentTransport());
            System.out.printf("vortex after 10 steps of 0.01: max|j_T| = %.3e%n", t10);
            assertTrue(t10 < 1e-4 * c, "transport after stepping: " + t10);
        }
    }
}
