package io.psiflux.observe;

import io.psiflux.backend.Moments;
import java.util.ArrayList;
import java.util.List;

/**
 * The scalar observables of one output step, one row of observables.csv: norm = sum |psi|^2 dV,
 * energy = <H>/norm (kinetic spectral + potential), mean_x[d] = <x_d>/norm and
 * mean_p[d] = <p_d>/norm (spectral), then the run's extra columns in order (e.g. absorbed,
 * flux_NAME, through_NAME, state).
 */
public record Observation(long step, double time, double norm, double energy, double[] meanX, double[] meanP,
                          List<String> extraNames, double[] extraValues) {

    public Observation(long step, double time, double norm, double energy, double[] meanX, double[] meanP) {
        this(step, time, norm, energy, meanX, meanP, List.of(), new double[0]);
    }

    public static Observation of(long step, double time, Moments m) {
        int r = m.x().length;
        double[] x = new double[r], p = new double[r];
        for (int d = 0; d < r; d++) {
            x[d] = m.meanX(d);
            p[d] = m.meanP(d);
        }
        return new Observation(step, time, m.norm(), m.energy(), x, p);
    }

    /** This observation with one more column at the end. */
    public Observation with(String name, double value) {
        List<String> names = new ArrayList<>(extraNames);
        names.add(name);
        double[] v = java.util.Arrays.copyOf(extraValues, extraValues.length + 1);
        v[extraValues.length] = value;
        return new Observation(step, time, norm, energy, meanX, meanP, List.copyOf(names), v);
    }

    /** The value of an extra column, or NaN when there is none of that name. */
    public double extra(String name) {
        int i = extraNames.indexOf(name);
        return i < 0 ? Double.NaN : extraValues[i];
    }

    /** Column names of the standard part of observables.csv for a grid of this rank. */
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

    /** Every column name of this row: {@link #columns(int)} then the extra columns. */
    public List<String> columnNames() {
        List<String> c = new ArrayList<>(List.of(columns(meanX.length)));
        c.addAll(extraNames);
        return c;
    }

    /** The values in the order of {@link #columnNames()}. */
    public double[] values() {
        int r = meanX.length;
        double[] v = new double[4 + 2 * r + extraValues.length];
        v[0] = step;
        v[1] = time;
        v[2] = norm;
        v[3] = energy;
        for (int d = 0; d < r; d++) {
            v[4 + d] = meanX[d];
            v[4 + r + d] = meanP[d];
        }
        System.arraycopy(extraValues, 0, v, 4 + 2 * r, extraValues.length);
        return v;
    }
}
