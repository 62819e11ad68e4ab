package io.psiflux.sweep;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Where a sweep's points run: {@link LocalEngine} (worker processes on this machine) or
 * {@link SlurmEngine} (a Slurm array job). An engine only starts workers and waits; what a point
 * is, and where it stands, is read from its folder ({@link PointStatus}), never from the engine,
 * so any engine, a rerun and --collect agree.
 */
public interface Engine {

    /** How an engine's turn ended. */
    enum Outcome {
        /** Every point handed out ran (completed, failed, or was skipped). */
        FINISHED,
        /** A signal stopped it; interrupted points resume on the next run. */
        INTERRUPTED,
        /** Submitted and not waited for (Slurm --no-wait). */
        SUBMITTED
    }

    /**
     * What to run and how.
     *
     * @param plan     the sweep
     * @param folder   its folder, locked
     * @param todo     the points to hand out (not completed, not running; failed only to retry)
     * @param settings how workers start and what each run gets
     * @param stop     true once a signal asked the sweep to stop
     * @param progress the sweep's progress line
     */
    record Job(Plan plan, SweepFolder folder, List<Point> todo, Settings settings, BooleanSupplier stop, SweepProgress progress) {
    }

    /**
     * @param java        how to start a worker JVM
     * @param runOptions  options every run gets: --backend, --precision
     * @param devices     one --device per job (GPUs), or empty
     * @param jobs        how many points run at once (local: worker processes; Slurm: the array's
     *                    throttle, 0 for Slurm's own limit)
     * @param retryFailed run failed points again
     */
    record Settings(JavaCommand java, List<String> runOptions, List<String> devices, int jobs, boolean retryFailed) {
    }

    /** Runs the job. */
    Outcome run(Job job) throws InterruptedException;
}
