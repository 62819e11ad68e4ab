package io.psiflux.observe;

import java.util.List;

/**
 * Recorded Bohmian trajectories: row r holds the positions of every particle at {@code times[r]},
 * {@code count x rank} values, particle-major (the layout of trajectories.npy, shape
 * (rows, count, rank)). Rows are never changed once recorded, so a Paths may be kept.
 *
 * @param rank  coordinates per particle
 * @param count particles
 * @param steps the step of each row
 * @param times the time of each row
 * @param rows  the positions of each row
 */
public record Paths(int rank, int count, long[] steps, double[] times, List<double[]> rows) {

    public Paths {
        if (steps.length != rows.size() || times.length != rows.size()) throw new IllegalArgumentException("one step and time per row");
        rows = List.copyOf(rows);
    }

    public int size() {
        return rows.size();
    }

    /** Coordinate d of particle i in row r. */
    public double x(int r, int i, int d) {
        return rows.get(r)[i * rank + d];
    }

    /** The rows up to and including step {@code step}. */
    public Paths upTo(long step) {
        int n = 0;
        while (n < steps.length && steps[n] <= step) n++;
        if (n == steps.length) return this;
        return new Paths(rank, count, java.util.Arrays.copyOf(steps, n), java.util.Arrays.copyOf(times, n), rows.subList(0, n));
    }
}
