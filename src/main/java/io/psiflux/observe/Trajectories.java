package io.psiflux.observe;

import io.psiflux.backend.Backend;
import io.psiflux.backend.DeviceBuffer;
import io.psiflux.backend.ParticleRule;
import io.psiflux.backend.Particles;
import io.psiflux.field.ComplexField;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import io.psiflux.physics.Hamiltonian;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Bohmian trajectories: particles carried by the velocity field {@code v = j / rho} of the
 * wavefunction, j the gauge-invariant current (in a rotating frame the rotating-frame current)
 * that {@code Simulation.current()} returns: {@code v = (hbar/m) Im(psi* grad psi) / |psi|^2 - D r},
 * D the Hamiltonian's drift. Moved after every step by the backend's {@link Particles} (on the
 * device for OpenCL, on the host for the CPU), from psi at the two ends of the step (a copy of the
 * previous step's psi is kept on the backend for that). The method and the rule near nodes are
 * documented on {@link io.psiflux.backend.Bohm}; here: below {@link TrajectorySpec#rhoMin} (a
 * fraction, default 1e-8) of the initial state's peak density a particle waits.
 *
 * <p>Positions are recorded as rows ({@link #record}), each the whole set at one step, and kept
 * for trajectories.npy ({@link #paths}).
 */
public final class Trajectories implements AutoCloseable {
    private final Backend backend;
    private final int rank;
    private final int every;
    private final Particles particles;
    private final DeviceBuffer previous;
    private final double[] start;
    private final List<double[]> rows = new ArrayList<>();
    private final List<Long> steps = new ArrayList<>();
    private final List<Double> times = new ArrayList<>();

    public Trajectories(Backend backend, Hamiltonian h, ComplexField psi0, TrajectorySpec spec) {
        this.backend = backend;
        Grid g = backend.grid();
        this.rank = g.rank();
        this.every = spec.every();
        this.start = startingPoints(g, psi0, spec);
        double peak = 0;
        for (int p = 0; p < psi0.points(); p++) peak = Math.max(peak, psi0.abs2(p));
        ParticleRule rule = new ParticleRule(h.currentScale(), h.drift(), spec.rhoMin() * peak, ParticleRule.DEFAULT_CFL,
                ParticleRule.DEFAULT_MAX_SUBSTEPS);
        this.particles = backend.particles(spec.particles(), rule);
        this.previous = backend.allocate();
    }

    /**
     * The starting points, {@code count x rank} values: the explicit ones wrapped into the box,
     * then {@code count} drawn from |psi0|^2 (a grid point with probability |psi|^2 dV, then a
     * uniform offset within its cell), reproducibly from the seed.
     */
    public static double[] startingPoints(Grid g, ComplexField psi0, TrajectorySpec spec) {
        int rank = g.rank(), explicit = spec.start().length;
        double[] out = new double[spec.particles() * rank];
        for (int i = 0; i < explicit; i++) {
            double[] s = spec.start()[i];
            if (s.length != rank) throw new IllegalArgumentException("starting point " + i + " needs " + rank + " coordinates");
            for (int d = 0; d < rank; d++) out[i * rank + d] = wrap(g.axis(d), s[d]);
        }
        if (spec.count() == 0) return out;
        int n = g.points();
        double[] cumulative = new double[n];
        double total = 0;
        for (int p = 0; p < n; p++) {
            total += psi0.abs2(p);
            cumulative[p] = total;
        }
        SplittableRandom random = new SplittableRandom(spec.seed());
        for (int i = explicit; i < spec.particles(); i++) {
            double u = random.nextDouble() * total;
            int lo = 0, hi = n - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cumulative[mid] > u) hi = mid;
                else lo = mid + 1;
            }
            for (int d = 0; d < rank; d++) {
                Axis a = g.axis(d);
                out[i * rank + d] = wrap(a, a.x(g.index(lo, d)) + (random.nextDouble() - 0.5) * a.dx());
            }
        }
        return out;
    }

    private static double wrap(Axis a, double x) {
        double f = (x - a.min()) / a.length();
        double w = a.min() + (f - Math.floor(f)) * a.length();
        return w >= a.max() ? a.min() : w;
    }

    /** Number of particles. */
    public int count() {
        return particles.count();
    }

    public int rank() {
        return rank;
    }

    /** Steps between recorded rows, or 0 for rows at output steps only. */
    public int every() {
        return every;
    }

    /** Back to the starting points with psi (the state at t = 0): rows cleared. */
    public void reset(DeviceBuffer psi) {
        particles.set(start);
        backend.copy(psi, previous);
        rows.clear();
        steps.clear();
        times.clear();
    }

    /** psi was replaced (the clock kept): the next step starts from it. */
    public void rebase(DeviceBuffer psi) {
        backend.copy(psi, previous);
    }

    /** After a step of dt that ended with {@code psi}: moves the particles over it. */
    public void step(DeviceBuffer psi, double dt) {
        particles.advance(previous, psi, dt);
        backend.copy(psi, previous);
    }

    /** The positions now, a new array of {@code count x rank} values. */
    public double[] positions() {
        double[] out = new double[count() * rank];
        particles.get(out);
        return out;
    }

    /** Records the positions now as the row of {@code step}, unless that row is there already. */
    public void record(long step, double time) {
        if (!steps.isEmpty() && steps.get(steps.size() - 1) >= step) return;
        rows.add(positions());
        steps.add(step);
        times.add(time);
    }

    /** The rows recorded so far. */
    public Paths paths() {
        long[] s = new long[steps.size()];
        double[] t = new double[times.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = steps.get(i);
            t[i] = times.get(i);
        }
        return new Paths(rank, count(), s, t, rows);
    }

    /**
     * Goes on from a checkpoint: the positions as they were, psi as the state they were at, and
     * the rows recorded up to then (those of {@code earlier}, which may be null for none).
     */
    public void restore(double[] positions, DeviceBuffer psi, Paths earlier) {
        if (positions == null || positions.length != count() * rank) {
            throw new IllegalArgumentException("the checkpoint holds no positions of " + count() + " particles");
        }
        particles.set(positions);
        backend.copy(psi, previous);
        rows.clear();
        steps.clear();
        times.clear();
        if (earlier != null) history(earlier);
    }

    /** Replaces the recorded rows by those of {@code earlier} (a resumed run's, read back from its folder). */
    public void history(Paths earlier) {
        if (earlier.count() != count() || earlier.rank() != rank) {
            throw new IllegalArgumentException("the recorded trajectories hold " + earlier.count() + " particles in " + earlier.rank()
                    + "D, this run " + count() + " in " + rank + "D");
        }
        rows.clear();
        steps.clear();
        times.clear();
        for (int r = 0; r < earlier.size(); r++) {
            rows.add(earlier.rows().get(r));
            steps.add(earlier.steps()[r]);
            times.add(earlier.times()[r]);
        }
    }

    @Override
    public void close() {
        particles.close();
        previous.close();
    }
}
