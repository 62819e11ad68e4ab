package io.psiflux.scattering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.backend.Moments;
import io.psiflux.backend.cpu.CpuBackend;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import io.psiflux.physics.Absorber;
import io.psiflux.physics.InitialState;
import io.psiflux.physics.Hamiltonian;
import io.psiflux.physics.Potential;
import io.psiflux.propagate.Scheme;
import io.psiflux.propagate.SplitOperator;
import org.junit.jupiter.api.Test;

/**
 * The driven oscillator V = x^2/2 - F0 sin(W t) x (hbar = m = omega = 1). For a quadratic
 * potential Ehrenfest's theorem is exact, so <x>(t) is the classical solution
 * x(t) = x0 cos t + (p0 - F0 W / (1 - W^2)) sin t + F0 sin(W t) / (1 - W^2).
 * The potential is re-sampled inside every step, so this checks the time sampling: order 2
 * (Strang, midpoint) and order 4 (triple jump, midpoint of each sub-step) converge at their order.
 */
class DrivenOscillatorTest {
    static final double F0 = 0.5, W = 2.0, X0 = 1.0, P0 = 0.5, T = 4.0;
    static final Grid GRID = Grid.of(new Axis(128, -12, 12));
    static final Potential V = Potential.expression("0.5*x^2 - 0.5*sin(2*t)*x", "test");
    static final Hamiltonian H = Hamiltonian.free(1, 1).withPotential(V);

    static double exactX(double t) {
        double c = F0 / (1 - W * W);
        return X0 * Math.cos(t) + (P0 - c * W) * Math.sin(t) + c * Math.sin(W * t);
    }

    static double exactP(double t) {
        double c = F0 / (1 - W * W);
        return -X0 * Math.sin(t) + (P0 - c * W) * Math.cos(t) + c * W * Math.cos(W * t);
    }

    /** |<x>(T) - x(T)| + |<p>(T) - p(T)| after T / dt steps of the given order. */
    static double error(int order, double dt) {
        try (CpuBackend b = new CpuBackend(GRID, Precision.DOUBLE, 1);
             SplitOperator op = new SplitOperator(b, H, dt, new Scheme(order, false))) {
            double s = Math.sqrt(0.5);
            ComplexField psi0 = InitialState.gaussian(new double[] {X0, 0, 0}, new double[] {s, 1, 1}, new double[] {P0, 0, 0})
                    .create(GRID, Precision.DOUBLE, 1);
            op.reset(psi0, 0, 0);
            int n = (int) Math.round(T / dt);
            op.advance(n);
            Moments m = b.moments(op.psi(), H);
            return Math.abs(m.meanX(0) - exactX(T)) + Math.abs(m.meanP(0) - exactP(T));
        }
    }

    @Test
    void followsTheClassicalOrbit() {
        assertTrue(error(2, 0.002) < 2e-5, "order 2, dt = 0.002: " + error(2, 0.002));
        assertTrue(error(4, 0.02) < 1e-7, "order 4, dt = 0.02: " + error(4, 0.02));
    }

    @Test
    void orderTwoConvergesAtSecondOrder() {
        double e1 = error(2, 0.04), e2 = error(2, 0.02);
        double ratio = e1 / e2;
        System.out.printf("driven oscillator, order 2: error %.3e (dt 0.04), %.3e (dt 0.02), ratio %.2f%n", e1, e2, ratio);
        assertEquals(4, ratio, 0.6, "halving dt should cut the error ~4x");
    }

    @Test
    void orderFourConvergesAtFourthOrder() {
        double e1 = error(4, 0.2), e2 = error(4, 0.1);
        double ratio = e1 / e2;
        System.out.printf("driven oscillator, order 4: error %.3e (dt 0.2), %.3e (dt 0.1), ratio %.2f%n", e1, e2, ratio);
        assertEquals(16, ratio, 3, "halving dt should cut the error ~16x");
    }

    @Test
    void absorberOutOfReachChangesNothing() {
        // a layer far from the packet leaves the dynamics alone (W is zero where psi lives)
        try (CpuBackend b = new CpuBackend(GRID, Precision.DOUBLE, 1);
             SplitOperator op = new SplitOperator(b, H.withAbsorber(new Absorber(2.0, 1.0)), 0.01, Scheme.STRANG)) {
            ComplexField psi0 = InitialState.gaussian(new double[] {X0, 0, 0}, new double[] {Math.sqrt(0.5), 1, 1},
                    new double[] {P0, 0, 0}).create(GRID, Precision.DOUBLE, 1);
            op.reset(psi0, 0, 0);
            op.advance(100);
            assertEquals(1.0, b.moments(op.psi(), H).norm(), 1e-12);
        }
    }
}
