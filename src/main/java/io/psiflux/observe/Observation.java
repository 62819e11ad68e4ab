package io.psiflux.observe;

import io.psiflux.backend.Moments;

/**
 * The scalar observables of one output step, one row of observables.csv: norm = sum |psi|^2 dV,
 * energy = <H>/norm (kinetic spectral + potential), mean_x[d] = <x_d>/norm and
 * mean_p[d] = <p_d>/norm (spectral).
 */
public record Observation(long step, double time, double norm, double energy, double[] meanX, double[] meanP) {

    public static Observation of(long step, double time, Moments m) {
        int r = m.x().length;
        double[] x = new double[r], p = new double[r];
        for (int d = 0; d < r; d++) {
            x[d] = m.meanX(d);
            p[d] = m.meanP(d);
        }
        return new Observation(step, time, m.norm(), m.energy(), x, p);
    }

    /** Column names of observables.csv for a grid of this rank. */
    public static String[] columns(int rank) {
        String[] axes = {"x", "y", "z"};
        String[] c = new String[4 + 2 * rank];
        c[0] = "step";
        c[1] = "time";
        c[2] = "norm";
        c[3] = "energy";
        for (int d = 0; d < rank; d++) {
            c[4 + d] = "mean_" + axes[d];
            c[4 + rank + d] = "mean_p" + axes[d];
        }
        return c;
    }

    /** The values in the order of {@link #columns(int)}. */
    public double[] values() {
        int r = meanX.length;
        double[] v = new double[4 + 2 * r];
        v[0] = step;
        v[1] = time;
        v[2] = norm;
        v[3] = energy;
        for (int d = 0; d < r; d++) {
            v[4 + d] = meanX[d];
            v[4 + r + d] = meanP[d];
        }
        return v;
    }
}
