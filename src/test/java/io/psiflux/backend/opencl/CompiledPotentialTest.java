package io.psiflux.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.backend.Backend;
import io.psiflux.backend.Moments;
import io.psiflux.backend.cpu.CpuBackend;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import io.psiflux.physics.Absorber;
import io.psiflux.physics.Expr;
import io.psiflux.physics.InitialState;
import io.psiflux.physics.Potential;
import io.psiflux.propagate.Scheme;
import io.psiflux.propagate.SplitOperator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Time-dependent potentials compiled into a kernel: V evaluated on the device equals V sampled on
 * the host, and a propagation with the compiled potential follows the CPU's.
 */
class CompiledPotentialTest {
    private static final String QUICK = "-cl-opt-disable";
    static final List<String> EXPRESSIONS = List.of(
            "0.5*x^2 - 0.5*sin(2*t)*x", "x^2/2 + y^2 - 2t x y", "exp(-(x^2 + y^2)/2) * cos(3t) + 0.1 z^3",
            "sqrt(1 + x^2 + y^2) * (1 + 0.5 sin(t))", "min(x, y) + max(2t, z) + abs(x - y)",
            "100 * step(x - t) * step(2 - x)", "-x^-2 * 1e-3 + log(2 + x^2) + tanh(y) + sinh(0.1z) + cosh(0.2x)",
            "2^-x^2 + pi e t + (x^2 + 1)^1.5");

    @BeforeAll
    static void needOpenCl() {
        OpenClAvailable.require();
    }

    static Grid grid3() {
        return Grid.of(new Axis(8, -3, 3.5), new Axis(6, -2.5, 2), new Axis(5, -1, 1.5));
    }

    @Test
    void deviceValuesMatchHostSamplingInDouble() {
        compare(Precision.DOUBLE, 1e-12);
    }

    @Test
    void deviceValuesMatchHostSamplingInSingle() {
        compare(Precision.SINGLE, 1e-6);
    }

    private static void compare(Precision precision, double tol) {
        Grid g = grid3();
        List<String> failures = new ArrayList<>();
        try (OpenClBackend b = OpenClBackend.open(g, precision, 1, 1, null, 1 << 12, QUICK)) {
            if (precision == Precision.DOUBLE && !b.deviceInfo().fp64()) return;
            RealField host = RealField.scalar(g, Precision.DOUBLE), dev = RealField.scalar(g, Precision.DOUBLE);
            for (String text : EXPRESSIONS) {
                Expr tree = Expr.parse(text);
                assertNotNull(tree, text);
                assertTrue(b.compilePotential(tree), text + " -> " + ExprC.of(tree));
                Potential p = Potential.expression(text, "test");
                for (double t : new double[] {0, 0.37, 2.5}) {
                    p.sample(t, host);
                    b.evaluatePotential(t);
                    b.readPotential(dev);
                    double scale = 0;
                    for (int i = 0; i < host.length(); i++) scale = Math.max(scale, Math.abs(host.get(i)));
                    for (int i = 0; i < host.length(); i++) {
                        double h = host.get(i), d = dev.get(i);
                        if (h == d) continue;
                        double err = Math.abs(h - d) / Math.max(Math.abs(h), precision == Precision.DOUBLE ? 1e-300 : 1e-3 * scale);
                        if (!(err <= tol)) {
                            failures.add(text + " at t = " + t + ", point " + i + ": host " + h + ", device " + d);
                            break;
                        }
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void noTreeIsRefused() {
        try (OpenClBackend b = OpenClBackend.open(Grid.of(new Axis(8, -1, 1)), Precision.SINGLE, 1, 1, null, 1 << 12, QUICK)) {
            assertTrue(!b.compilePotential(null));
        }
    }

    /**
     * The driven oscillator V = x^2/2 - F0 sin(W t) x: OpenCL (V on the device) against the CPU
     * sampling V on the host (the potential's tree hidden, so the CPU cannot compile it).
     */
    @Test
    void drivenOscillatorFollowsTheCpu() {
        Grid g = Grid.of(new Axis(128, -12, 12));
        Potential v = Potential.expression("x^2/2 - 0.5 sin(2t) x", "test");
        try (OpenClBackend b = OpenClBackend.open(g, Precision.DOUBLE, 1, 1, null, 1 << 12, QUICK)) {
            if (!b.deviceInfo().fp64()) return;
            Potential hostOnly = new Potential() {
                @Override
                public boolean timeDependent() {
                    return true;
                }

                @Override
                public void sample(double t, RealField out) {
                    v.sample(t, out);
                }
            };
            for (int order : new int[] {2, 4}) {
                double[] cl = orbit(b, v, order, true);
                try (CpuBackend c = new CpuBackend(g, Precision.DOUBLE, 1, 1, 1)) {
                    double[] cpu = orbit(c, hostOnly, order, false);
                    for (int i = 0; i < cl.length; i++) {
                        assertEquals(cpu[i], cl[i], 1e-10, "order " + order + ", sample " + i);
                    }
                }
            }
        }
    }

    /** <x>, <p> and the potential energy every 25 steps of dt = 0.02 up to t = 2, with an absorber far out. */
    private static double[] orbit(Backend b, Potential v, int order, boolean onDevice) {
        try (SplitOperator op = new SplitOperator(b, v, 0.02, new Scheme(order, false), new Absorber(2.0, 1.0))) {
            assertEquals(onDevice, op.potentialOnDevice(), b.name() + " evaluates V on the device");
            ComplexField psi0 = InitialState.gaussian(new double[] {1, 0, 0}, new double[] {Math.sqrt(0.5), 1, 1},
                    new double[] {0.5, 0, 0}).create(b.grid(), Precision.DOUBLE, 1);
            op.reset(psi0, 0, 0);
            double[] out = new double[3 * 4];
            for (int k = 0; k < 4; k++) {
                op.advance(25);
                op.syncPotential();
                Moments m = b.moments(op.psi());
                out[3 * k] = m.meanX(0);
                out[3 * k + 1] = m.meanP(0);
                out[3 * k + 2] = m.potential();
            }
            return out;
        }
    }
}
