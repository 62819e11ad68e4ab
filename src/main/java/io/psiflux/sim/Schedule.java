package io.psiflux.sim;

/**
 * When a scheduled {@link Action} runs, in steps (after Oceananigans' schedules): an action is due
 * after the steps {@link #next} names. The simulation steps in one fused call up to the nearest
 * due step of all its actions, so sparse actions cost nothing between their steps.
 */
@FunctionalInterface
public interface Schedule {

    /** The first step count after {@code step} at which this schedule is due. */
    long next(long step);

    /** After every step. */
    static Schedule everyStep() {
        return step -> step + 1;
    }

    /** After every {@code interval} steps: at steps interval, 2 interval, ... */
    static Schedule iterationInterval(long interval) {
        return new IterationInterval(interval);
    }

    /** Due at multiples of {@code interval} steps. */
    record IterationInterval(long interval) implements Schedule {
        public IterationInterval {
            if (interval < 1) throw new IllegalArgumentException("an iteration interval is at least 1, got " + interval);
        }

        @Override
        public long next(long step) {
            return (Math.floorDiv(step, interval) + 1) * interval;
        }
    }
}
