package io.psiflux.viz;

/**
 * What the viewer may ask of a running simulation. The viewer calls these from its window
 * thread while the simulation runs on another, so implementations must be thread-safe (volatile
 * fields or atomics are enough); none may block for long.
 */
public interface SimulationControl {
    /** Pauses (true) or resumes (false) time stepping; snapshots stop changing while paused. */
    void setPaused(boolean paused);

    boolean isPaused();

    /** Restarts from the initial state at t = 0 (keeps the paused state and steps per frame). */
    void reset();

    /** Time steps between published snapshots, at least 1. */
    void setStepsPerFrame(int steps);

    int stepsPerFrame();

    /** While paused: advance one batch of {@link #stepsPerFrame()} steps and publish it (default: nothing). */
    default void stepOnce() {
    }

    /** A control that ignores every request: for replaying frames that cannot be steered. */
    SimulationControl NONE = new SimulationControl() {
        @Override
        public void setPaused(boolean paused) {
        }

        @Override
        public boolean isPaused() {
            return false;
        }

        @Override
        public void reset() {
        }

        @Override
        public void setStepsPerFrame(int steps) {
        }

        @Override
        public int stepsPerFrame() {
            return 1;
        }
    };
}
