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
 * @param rhoMin the node rule (trajectories.rho_min, default {@link #DEFAULT_RHO_MIN}): a particle
 *               waits (v = 0) where |psi|^2 is below this fraction of the peak of |psi(0)|^2
 */
public record TrajectorySpec(double[][] start, int count, long seed, int every, double rhoMin) {

    public static final long DEFAULT_SEED = 1;
    /** Below 1e-8 of the initial peak density psi's phase is noise at single precision's level: particles wait there. */
    public static final double DEFAULT_RHO_MIN = 1e-8;

    /** With the default node rule. */
    public TrajectorySpec(double[][] start, int count, long seed, int every) {
        this(start, count, seed, every, DEFAULT_RHO_MIN);
    }

    public TrajectorySpec {
        if (!(rhoMin >= 0 && rhoMin < 1)) throw new IllegalArgumentException("rhoMin must be in [0, 1), got " + rhoMin);
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
        return new TrajectorySpec(start, count, seed, steps, rhoMin);
    }

    /** Number of particles. */
    public int particles() {
        return start.length + count;
    }
}
