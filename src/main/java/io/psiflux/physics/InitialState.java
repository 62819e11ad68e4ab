package io.psiflux.physics;

import io.psiflux.UserError;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.grid.Grid;

/** The wavefunction at t = 0. Every initial state is normalised on the grid: sum |psi|^2 dV = 1. */
public interface InitialState {

    /** Builds psi(r, 0) on the grid, normalised. */
    ComplexField create(Grid grid, Precision precision, double hbar);

    /**
     * A Gaussian wavepacket, prod_d (2 pi sigma_d^2)^(-1/4) exp(-(x_d - c_d)^2 / (4 sigma_d^2)
     * + i p_d x_d / hbar): sigma is the standard deviation of |psi|^2 along each axis, p = hbar k0.
     */
    static InitialState gaussian(double[] center, double[] sigma, double[] momentum) {
        return (grid, precision, hbar) -> {
            ComplexField psi = new ComplexField(grid, precision);
            int rank = grid.rank();
            // per-axis factors, then products: exact in every rank
            double[][] re = new double[3][], im = new double[3][];
            for (int d = 0; d < 3; d++) {
                int n = grid.n(d);
                re[d] = new double[n];
                im[d] = new double[n];
                for (int i = 0; i < n; i++) {
                    if (d >= rank) {
                        re[d][i] = 1;
                        continue;
                    }
                    double x = grid.axis(d).x(i), u = x - center[d];
                    double amp = Math.pow(2 * Math.PI * sigma[d] * sigma[d], -0.25)
                            * Math.exp(-u * u / (4 * sigma[d] * sigma[d]));
                    double ph = momentum[d] * x / hbar;
                    re[d][i] = amp * Math.cos(ph);
                    im[d][i] = amp * Math.sin(ph);
                }
            }
            int p = 0;
            for (int i = 0; i < grid.n(0); i++) {
                for (int j = 0; j < grid.n(1); j++) {
                    double ar = re[0][i] * re[1][j] - im[0][i] * im[1][j];
                    double ai = re[0][i] * im[1][j] + im[0][i] * re[1][j];
                    for (int k = 0; k < grid.n(2); k++, p++) {
                        psi.set(p, ar * re[2][k] - ai * im[2][k], ar * im[2][k] + ai * re[2][k]);
                    }
                }
            }
            normalise(psi, "initial");
            return psi;
        };
    }

    /**
     * This state in the gauge of {@code h}'s vector potential, about the point {@code c}: times
     * {@code exp(i q int_c^r A.dl / hbar)} along the straight path from c. A packet whose momentum
     * is the kinetic momentum at its centre c is then the same physical state in every gauge (the
     * same density and gauge-invariant current). Without a field, this state.
     */
    default InitialState inGauge(Hamiltonian h, double[] c) {
        if (h.magnetic() == null) return this;
        InitialState base = this;
        return (grid, precision, hbar) -> {
            ComplexField psi = base.create(grid, precision, hbar);
            double[] r = new double[3], c3 = java.util.Arrays.copyOf(c, 3);
            for (int p = 0; p < psi.points(); p++) {
                for (int d = 0; d < 3; d++) r[d] = d < grid.rank() ? grid.axis(d).x(grid.index(p, d)) : 0;
                double ph = h.charge() * h.magnetic().lineIntegral(c3, r) / hbar;
                double cr = Math.cos(ph), ci = Math.sin(ph), re = psi.re(p), im = psi.im(p);
                psi.set(p, re * cr - im * ci, re * ci + im * cr);
            }
            return psi;
        };
    }

    /**
     * This state times {@code 1 + noise (a + i b)} at every point, a and b independent standard
     * normal numbers drawn in the grid's C order from {@code seed} (so the same seed gives the
     * same state on every backend and thread count), normalised again. The perturbation is
     * relative: where psi is 0 it stays 0. This state itself when noise is 0.
     */
    default InitialState withNoise(double noise, long seed) {
        if (noise == 0) return this;
        if (!(noise > 0) || Double.isInfinite(noise)) throw new IllegalArgumentException("noise must be >= 0, got " + noise);
        InitialState base = this;
        return (grid, precision, hbar) -> {
            ComplexField psi = base.create(grid, precision, hbar);
            java.util.Random random = new java.util.Random(seed);
            for (int p = 0; p < psi.points(); p++) {
                double fr = 1 + noise * random.nextGaussian(), fi = noise * random.nextGaussian();
                double re = psi.re(p), im = psi.im(p);
                psi.set(p, re * fr - im * fi, re * fi + im * fr);
            }
            normalise(psi, "initial (with noise)");
            return psi;
        };
    }

    /** A given wavefunction (e.g. read from an .npy file), normalised on the grid. */
    static InitialState given(ComplexField values, String what) {
        return (grid, precision, hbar) -> {
            ComplexField psi = values.to(precision);
            normalise(psi, what);
            return psi;
        };
    }

    /** Scales psi so that sum |psi|^2 dV = 1; refuses a state that is zero on the grid. */
    static void normalise(ComplexField psi, String what) {
        double s = 0;
        for (int p = 0; p < psi.points(); p++) s += psi.abs2(p);
        s *= psi.grid().dV();
        if (!(s > 0) || !Double.isFinite(s)) {
            throw new UserError(what + ": the initial state is zero (or not finite) on the grid; "
                    + "check its center, sigma and the grid extent");
        }
        double f = 1 / Math.sqrt(s);
        for (int p = 0; p < psi.points(); p++) psi.set(p, psi.re(p) * f, psi.im(p) * f);
    }
}
