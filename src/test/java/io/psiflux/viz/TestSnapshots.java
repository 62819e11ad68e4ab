package io.psiflux.viz;

import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import io.psiflux.sim.Snapshot;

import java.util.function.ToDoubleFunction;

/**
 * Snapshots built by hand for the renderer tests: Gaussian packets in closed form (free
 * evolution with hbar = m = 1), the current from central differences, an optional potential.
 */
final class TestSnapshots {
    private TestSnapshots() {
    }

    /** A square/cubic grid of {@code n} points per axis on [-L/2, L/2). */
    static Grid grid(int rank, int n, double length) {
        Axis[] axes = new Axis[rank];
        for (int d = 0; d < rank; d++) axes[d] = new Axis(n, -length / 2, length / 2);
        return Grid.of(axes);
    }

    /**
     * The free Gaussian packet that was {@code exp(-|x - x0|^2 / (4 sigma^2) + i k.(x - x0))} at
     * t = 0, evolved to time t: per axis
     * {@code a^{-1/2} exp(-(x - x0 - k t)^2 / (4 sigma^2 a) + i k (x - x0) - i k^2 t / 2)},
     * {@code a = 1 + i t / (2 sigma^2)}.
     */
    static Snapshot packet(Grid g, double[] x0, double[] k, double sigma, double t, Precision precision,
                           ToDoubleFunction<double[]> potential) {
        ComplexField psi = new ComplexField(g, precision);
        int rank = g.rank();
        double[] x = new double[3];
        for (int p = 0; p < g.points(); p++) {
            double re = 1, im = 0;
            for (int d = 0; d < rank; d++) {
                x[d] = g.axis(d).x(g.index(p, d));
                double[] f = factor(x[d], x0[d], k[d], sigma, t);
                double r = re * f[0] - im * f[1];
                im = re * f[1] + im * f[0];
                re = r;
            }
            psi.set(p, re, im);
        }
        double norm = 0;
        for (int p = 0; p < g.points(); p++) norm += psi.abs2(p) * g.dV();
        double scale = 1 / Math.sqrt(norm);
        for (int p = 0; p < g.points(); p++) psi.set(p, psi.re(p) * scale, psi.im(p) * scale);
        return snapshot(g, psi, t, potential);
    }

    private static double[] factor(double x, double x0, double k, double sigma, double t) {
        // a = 1 + i b
        double b = t / (2 * sigma * sigma);
        double u = x - x0 - k * t;
        // exponent = -u^2 / (4 sigma^2 a) = -u^2 (1 - i b) / (4 sigma^2 (1 + b^2))
        double c = u * u / (4 * sigma * sigma * (1 + b * b));
        double eRe = -c, eIm = c * b + k * (x - x0) - k * k * t / 2;
        // a^{-1/2}: modulus (1 + b^2)^{-1/4}, argument -atan(b) / 2
        double mod = Math.pow(1 + b * b, -0.25) * Math.exp(eRe), arg = eIm - Math.atan(b) / 2;
        return new double[]{mod * Math.cos(arg), mod * Math.sin(arg)};
    }

    /** A snapshot around an arbitrary psi: density, finite-difference current, potential, norm. */
    static Snapshot snapshot(Grid g, ComplexField psi, double t, ToDoubleFunction<double[]> potential) {
        Precision pr = psi.precision();
        RealField density = RealField.scalar(g, pr);
        RealField current = RealField.vector(g, pr);
        RealField v = RealField.scalar(g, pr);
        double norm = 0;
        double[] x = new double[3];
        for (int p = 0; p < g.points(); p++) {
            density.set(p, psi.abs2(p));
            norm += psi.abs2(p) * g.dV();
            for (int d = 0; d < g.rank(); d++) {
                x[d] = g.axis(d).x(g.index(p, d));
                int i = g.index(p, d), n = g.n(d), s = g.stride(d);
                int up = p + ((i + 1) % n - i) * s, dn = p + ((i + n - 1) % n - i) * s;
                double dre = (psi.re(up) - psi.re(dn)) / (2 * g.axis(d).dx());
                double dim = (psi.im(up) - psi.im(dn)) / (2 * g.axis(d).dx());
                current.set(d, p, psi.re(p) * dim - psi.im(p) * dre); // Im(psi* dpsi)
            }
            v.set(p, potential == null ? 0 : potential.applyAsDouble(x));
        }
        return new Snapshot(Math.round(t * 100), t, g, psi, density, current, v, norm, 0.5);
    }
}
