package io.psiflux.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import io.psiflux.physics.Expr;
import io.psiflux.physics.Potential;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Time-dependent potentials compiled into a kernel: V evaluated on the device from the OpenCL C of
 * {@link ExprC} equals V sampled on the host. (That a run with V evaluated by the backend equals
 * one with V sampled on the host is part of the propagation contract, on every backend.)
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

    /** A time-dependent sum of {@code n} terms after a trap, like a generated drive (PoCL crashed on 250). */
    static String sum(int n) {
        StringBuilder s = new StringBuilder("0.5*x^2");
        for (int i = 0; i < n; i++) {
            s.append(" + ").append(0.001 * (i % 7 + 1)).append("*sin(").append(i % 5 + 1).append("t)*x^").append(i % 3 + 1);
        }
        return s.toString();
    }

    @Test
    void longSumsBuildAndMatchHostSampling() {
        compare(Precision.DOUBLE, 1e-12, List.of(sum(250), sum(1000)));
    }

    @Test
    void aPotentialThatDoesNotBuildIsLeftToTheHost() {
        Grid g = Grid.of(new Axis(8, -1, 1));
        try (OpenClBackend b = OpenClBackend.open(g, Precision.SINGLE, null, 1 << 12, QUICK)) {
            // NaN is no OpenCL C literal: the build fails, and compilePotential says so instead of throwing
            assertFalse(b.compilePotential(new Expr.Bin('*', new Expr.Num(Double.NaN), new Expr.Var(3))));
            assertTrue(b.compilePotential(Expr.parse("x*t")), "the backend still builds potentials afterwards");
        }
    }

    private static void compare(Precision precision, double tol) {
        compare(precision, tol, EXPRESSIONS);
    }

    private static void compare(Precision precision, double tol, List<String> expressions) {
        Grid g = grid3();
        List<String> failures = new ArrayList<>();
        try (OpenClBackend b = OpenClBackend.open(g, precision, null, 1 << 12, QUICK)) {
            if (precision == Precision.DOUBLE && !b.deviceInfo().fp64()) return;
            RealField host = RealField.scalar(g, Precision.DOUBLE), dev = RealField.scalar(g, Precision.DOUBLE);
            for (String text : expressions) {
                Expr tree = Expr.parse(text);
                assertNotNull(tree, text);
                assertTrue(b.compilePotential(tree), text.length() > 200 ? "a long sum builds" : text + " -> " + ExprC.of(tree));
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
        try (OpenClBackend b = OpenClBackend.open(Grid.of(new Axis(8, -1, 1)), Precision.SINGLE, null, 1 << 12, QUICK)) {
            assertTrue(!b.compilePotential(null));
        }
    }
}
