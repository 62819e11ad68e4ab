package io.psiflux.propagate;

import io.psiflux.backend.Backend;
import io.psiflux.backend.DeviceBuffer;
import io.psiflux.field.ComplexField;
import io.psiflux.field.RealField;
import io.psiflux.physics.Hamiltonian;

/**
 * What a real-time simulation steps with: psi on the backend, advanced by steps of dt under a
 * {@link Hamiltonian}, with its clock and the potential as the backend holds it. Implemented by
 * {@link SplitOperator} (Strang, the triple jump) and {@link Chebyshev} (exact in time for a static H).
 */
public interface Propagator extends AutoCloseable {

    /** Sets the state and resets the clock to (step, time). */
    void reset(ComplexField psi0, long step, double time);

    /** Advances {@code steps} steps of dt. */
    void advance(int steps);

    /**
     * Steps {@code b} beside psi from now on: every later {@link #advance} applies the same
     * (linear) steps to it, e.g. phi = J psi(0) of a current correlation function.
     */
    default void alsoStep(DeviceBuffer b) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot step a second buffer");
    }

    /** Makes the backend's potential the one at the current time (for observables). */
    void syncPotential();

    /** The real potential on the grid (double precision), as of the last {@link #syncPotential()}. */
    RealField potentialField();

    /** The absorber W on the grid (double precision), or null. */
    RealField absorberField();

    Hamiltonian hamiltonian();

    Backend backend();

    /** The state, on the backend (the same buffer for the propagator's whole life). */
    DeviceBuffer psi();

    long step();

    double time();

    double dt();

    @Override
    void close();
}
