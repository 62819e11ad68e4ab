package io.psiflux.observe;

/**
 * Which Bohmian trajectories a run follows (config [trajectories]): explicit starting points and
 * points drawn from |psi(0)|^2.
 *
 * @param start  starting points, one array of rank coordinates each (trajectories.start, default none)
 * @param count  how many more to draw from |psi(0)|^2 (trajectories.count, default 0)
 * @param seed   the seed of that draw (trajectories.seed, default {@link #DEFAULT_SEED}); the same
 *               seed draws the same points
 * @param every  record the positions every this many steps (trajectories.every); 0, the default,
 *               records them at the output steps only, so rows line up with observables.csv
 */
public record TrajectorySpec(double[][] start, int count, long seed, int every) {

    public static final long DEFAULT_SEED = 1;

    public TrajectorySpec {
        start = start == null ? new double[0][] : start.clone();
        if (count < 0) throw new IllegalArgumentException("count must be >= 0, got " + count);
        if (every < 0) throw new IllegalArgumentException("every must be >= 0, got " + every);
        if (start.length + (long) count == 0) throw new IllegalArgumentException("no trajectories: give starting points or a count");
    }

    /** {@code count} points drawn from |psi(0)|^2 with the default seed, recorded at output steps. */
    public static TrajectorySpec sampled(int count) {
        return new TrajectorySpec(null, count, DEFAULT_SEED, 0);
    }

    /** The given starting points, recorded at output steps. */
    public static TrajectorySpec at(double[]... points) {
        return new TrajectorySpec(points, 0, DEFAULT_SEED, 0);
    }

    /** This spec, recorded every {@code steps} steps. */
    public TrajectorySpec every(int steps) {
        return new TrajectorySpec(start, count, seed, steps);
    }

    /** Number of particles. */
    public int particles() {
        return start.length + count;
    }
}
