package io.psiflux.sim;

/**
 * The wavefunction became NaN or infinite: a numerical failure of the run (too large a step for
 * the potential, a potential that is not finite), not a bug. The message is one line naming the
 * step, the time and the likely cause with a safe dt where one can be estimated.
 */
public final class NumericalFailure extends RuntimeException {
    private final long step;

    public NumericalFailure(long step, String message) {
        super(message);
        this.step = step;
    }

    /** The step after which the failure was seen. */
    public long step() {
        return step;
    }
}
