package io.psiflux.backend.opencl;

import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;

import java.util.Random;

/**
 * Test grids and states with closed forms. Each grid's box is sized for its point count so that a
 * unit-width Gaussian is resolved to double rounding in both x and k: with L = sqrt(2 sqrt2 pi n),
 * the Gaussian's tails at the box edge and its spectrum at the Nyquist wavenumber are both below
 * e^-30. The shapes repeat those of FftAccuracyTest, so the compiled programs are shared.
 */
final class States {
    static final int[] LINE = {64};
    static final int[] PLANE = {40, 49};
    static final int[] CUBE = {32, 30, 28};

    private States() {
    }

    static Grid grid(int... shape) {
        Axis[] axes = new Axis[shape.length];
        for (int d = 0; d < shape.length; d++) {
            double l = Math.sqrt(2 * Math.sqrt(2) * Math.PI * shape[d]);
            double shift = 0.05 * (d + 1); // an off-centre box catches sign errors in x and k
            axes[d] = new Axis(shape[d], -l / 2 + shift, l / 2 + shift);
        }
        return Grid.of(axes);
    }

    /**
     * A free Gaussian packet at time t (t = 0 is the initial state) on the periodic box: per axis
     * the sum over images x -> x + m L (|m| <= 3) of
     * (2 pi s^2)^(-1/4) sqrt(s^2 / S) exp(-(x - x0 - v t)^2 / (4 S) + i (k0 x - w t)) with
     * S = s^2 + i hbar t / 2m, v = hbar k0 / m, w = hbar k0^2 / 2m. k0 must be a multiple of
     * 2 pi / L for the images to join smoothly; see {@link #wavenumber}. Normalised to 1 up to the
     * overlap of images.
     */
    static ComplexField gaussian(Grid g, double[] x0, double[] k0, double sigma, double hbar, double mass, double t) {
        ComplexField f = new ComplexField(g, Precision.DOUBLE);
        double[][][] axis = new double[g.rank()][][];
        for (int d = 0; d < g.rank(); d++) {
            int n = g.n(d);
            axis[d] = new double[2][n];
            for (int i = 0; i < n; i++) {
                for (int m = -3; m <= 3; m++) {
                    double[] z = packet1d(g.axis(d).x(i) + m * g.axis(d).length(), x0[d], k0[d], sigma, hbar, mass, t);
                    axis[d][0][i] += z[0];
                    axis[d][1][i] += z[1];
                }
            }
        }
        for (int p = 0; p < g.points(); p++) {
            double re = 1, im = 0;
            for (int d = 0; d < g.rank(); d++) {
                int i = g.index(p, d);
                double cr = axis[d][0][i], ci = axis[d][1][i];
                double nr = re * cr - im * ci, ni = re * ci + im * cr;
                re = nr;
                im = ni;
            }
            f.set(p, re, im);
        }
        return f;
    }

    private static double[] packet1d(double x, double x0, double k0, double sigma, double hbar, double mass, double t) {
        double sr = sigma * sigma, si = hbar * t / (2 * mass); // S = sr + i si
        double v = hbar * k0 / mass, w = hbar * k0 * k0 / (2 * mass);
        double u = x - x0 - v * t;
        // -(u^2) / (4 S) = -u^2 conj(S) / (4 |S|^2)
        double s2 = sr * sr + si * si;
        double er = -u * u * sr / (4 * s2), ei = u * u * si / (4 * s2);
        // sqrt(s^2 / S) = sigma / sqrt(S)
        double mod = Math.pow(s2, 0.25), arg = 0.5 * Math.atan2(si, sr);
        double ar = sigma / mod * Math.cos(-arg), ai = sigma / mod * Math.sin(-arg);
        double mag = Math.pow(2 * Math.PI * sigma * sigma, -0.25) * Math.exp(er);
        double ph = ei + k0 * x - w * t;
        return new double[]{mag * (ar * Math.cos(ph) - ai * Math.sin(ph)), mag * (ar * Math.sin(ph) + ai * Math.cos(ph))};
    }

    /** Wavenumbers close to the wanted ones that are multiples of 2 pi / L_d, as periodic packets need. */
    static double[] periodicK(Grid g, double... wanted) {
        double[] k = new double[3];
        for (int d = 0; d < g.rank(); d++) k[d] = wavenumber(g, d, (int) Math.round(wanted[d] * g.axis(d).length() / (2 * Math.PI)));
        return k;
    }

    /** A plane wave A e^{i k.x} with k_d = 2 pi m_d / L_d. */
    static ComplexField planeWave(Grid g, int[] modes, double amplitude) {
        ComplexField f = new ComplexField(g, Precision.DOUBLE);
        for (int p = 0; p < g.points(); p++) {
            double ph = 0;
            for (int d = 0; d < g.rank(); d++) ph += wavenumber(g, d, modes[d]) * g.axis(d).x(g.index(p, d));
            f.set(p, amplitude * Math.cos(ph), amplitude * Math.sin(ph));
        }
        return f;
    }

    static double wavenumber(Grid g, int d, int mode) {
        return 2 * Math.PI * mode / g.axis(d).length();
    }

    static ComplexField random(Grid g, long seed) {
        Random r = new Random(seed);
        ComplexField f = new ComplexField(g, Precision.DOUBLE);
        for (int p = 0; p < g.points(); p++) f.set(p, r.nextGaussian(), r.nextGaussian());
        return f;
    }

    /** A smooth potential with both signs: V = 0.5 |x|^2 - 1. */
    static RealField harmonic(Grid g, double omega, double mass) {
        RealField v = RealField.scalar(g, Precision.DOUBLE);
        for (int p = 0; p < g.points(); p++) {
            double r2 = 0;
            for (int d = 0; d < g.rank(); d++) {
                double x = g.axis(d).x(g.index(p, d));
                r2 += x * x;
            }
            v.set(p, 0.5 * mass * omega * omega * r2);
        }
        return v;
    }

    /** An absorber W >= 0 that grows towards the box edge along axis 0. */
    static RealField absorber(Grid g) {
        RealField w = RealField.scalar(g, Precision.DOUBLE);
        Axis a = g.axis(0);
        for (int p = 0; p < g.points(); p++) {
            double s = (g.index(p, 0) + 0.5) / a.n() - 0.5;
            w.set(p, 3 * s * s);
        }
        return w;
    }

    /** max |a - b| / max |b|. */
    static double relError(ComplexField a, ComplexField b) {
        return Dft.maxRelError(a, b);
    }

    /** Tolerance for results that went through a few dozen roundings in the given precision. */
    static double tol(Precision p) {
        return p == Precision.DOUBLE ? 1e-12 : 1e-5;
    }
}
