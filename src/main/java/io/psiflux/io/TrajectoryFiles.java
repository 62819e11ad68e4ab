package io.psiflux.io;

import io.psiflux.UserError;
import io.psiflux.observe.Paths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's Bohmian trajectories (public contract): {@code trajectories.npy}, float64 of shape
 * (rows, particles, rank), row r the positions at time {@code trajectories_time.npy[r]} (float64,
 * shape (rows,)). Both are rewritten whole at every output step (and before a checkpoint), so an
 * interrupted run keeps its paths up to then.
 */
public final class TrajectoryFiles {
    public static final String POSITIONS = "trajectories.npy", TIMES = "trajectories_time.npy";

    private TrajectoryFiles() {
    }

    /** Writes the rows of {@code p} into {@code dir} (each file whole or not at all). */
    public static void write(Path dir, Paths p) {
        int rows = p.size(), per = p.count() * p.rank();
        double[] all = new double[rows * per];
        for (int r = 0; r < rows; r++) System.arraycopy(p.rows().get(r), 0, all, r * per, per);
        Npy.write(dir.resolve(POSITIONS), new int[] {rows, p.count(), p.rank()}, all);
        Npy.write(dir.resolve(TIMES), new int[] {rows}, p.times().clone());
    }

    /**
     * The rows a run in {@code dir} recorded up to step {@code last} (steps = round(time / dt)),
     * for a resumed run of {@code count} particles in {@code rank} dimensions; no rows when the
     * files are absent. Files that do not fit are a {@link UserError} naming them.
     */
    public static Paths read(Path dir, int rank, int count, double dt, long last) {
        Path pos = dir.resolve(POSITIONS), times = dir.resolve(TIMES);
        if (!Files.exists(pos) || !Files.exists(times)) return new Paths(rank, count, new long[0], new double[0], List.of());
        NpyArray a = Npy.read(pos), t = Npy.read(times);
        if (a.rank() != 3 || a.shape()[1] != count || a.shape()[2] != rank || t.rank() != 1 || t.shape()[0] != a.shape()[0]) {
            throw new UserError("--resume: " + pos + " does not hold the trajectories of " + count + " particles in " + rank
                    + "D with their times in " + times + "; use --overwrite to start over");
        }
        int per = count * rank;
        List<double[]> rows = new ArrayList<>();
        List<Long> steps = new ArrayList<>();
        for (int r = 0; r < a.shape()[0]; r++) {
            long step = Math.round(t.data()[r] / dt);
            if (step > last) break;
            double[] row = new double[per];
            System.arraycopy(a.data(), r * per, row, 0, per);
            rows.add(row);
            steps.add(step);
        }
        long[] s = new long[rows.size()];
        double[] tt = new double[rows.size()];
        for (int r = 0; r < s.length; r++) {
            s[r] = steps.get(r);
            tt[r] = t.data()[r];
        }
        return new Paths(rank, count, s, tt, rows);
    }
}
