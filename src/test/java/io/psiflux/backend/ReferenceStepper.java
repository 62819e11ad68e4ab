package io.psiflux.backend;

import io.psiflux.field.Complex;
import io.psiflux.grid.Grid;

/**
 * The slow oracle for {@link Backend#strang}: a plain Strang split step written from the equation,
 * with {@link NaiveDft} for the transforms, double precision throughout, no fusion, no tables
 * shared between steps. One step with complex time step tau is
 * <pre>
 *   psi <- e^{-i (V - iW) tau / 2 hbar} F^-1 e^{-i hbar |k|^2 tau / 2m} F e^{-i (V - iW) tau / 2 hbar} psi
 * </pre>
 * with |k|^2 = sum_d Axis.k(i_d)^2. Only for tiny grids (cost O(N sum_d n_d) per step).
 */
public final class ReferenceStepper {
    private final Grid grid;
    private final double hbar;
    private final double mass;
    private final double[] v;
    private final double[] w;

    /** {@code v} is the real potential per point, {@code w} the absorber per point or null. */
    public ReferenceStepper(Grid grid, double hbar, double mass, double[] v, double[] w) {
        this.grid = grid;
        this.hbar = hbar;
        this.mass = mass;
        this.v = v;
        this.w = w;
    }

    /** Advances the interleaved double array {@code psi} in place by {@code steps} steps of tau. */
    public void strang(double[] psi, Complex tau, int steps) {
        Complex half = tau.times(0.5);
        for (int s = 0; s < steps; s++) {
            potential(psi, half);
            NaiveDft.transform(grid, psi, false);
            kinetic(psi, tau);
            NaiveDft.transform(grid, psi, true);
            potential(psi, half);
        }
    }

    /** psi <- exp(-i (V - iW) tau / hbar) psi. */
    public void potential(double[] psi, Complex tau) {
        for (int p = 0; p < grid.points(); p++) {
            Complex z = new Complex(v == null ? 0 : v[p], w == null ? 0 : -w[p]);
            multiply(psi, p, z.times(tau).times(new Complex(0, -1 / hbar)).exp());
        }
    }

    /** phi <- exp(-i hbar |k|^2 tau / 2m) phi, on a field in momentum space. */
    public void kinetic(double[] phi, Complex tau) {
        for (int p = 0; p < grid.points(); p++) {
            double k2 = 0;
            for (int d : grid.activeAxes()) {
                double k = grid.axis(d).k(grid.index(p, d));
                k2 += k * k;
            }
            multiply(phi, p, tau.times(new Complex(0, -hbar * k2 / (2 * mass))).exp());
        }
    }

    private static void multiply(double[] a, int p, Complex z) {
        double re = a[2 * p], im = a[2 * p + 1];
        a[2 * p] = re * z.re() - im * z.im();
        a[2 * p + 1] = re * z.im() + im * z.re();
    }
}
