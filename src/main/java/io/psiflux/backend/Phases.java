package io.psiflux.backend;

import io.psiflux.field.Complex;

/**
 * The phase factors of one Strang step of a fixed tau, prepared on a backend by
 * {@link Backend#prepare} (planning: tables are laid out and uploaded there, once):
 * <ul>
 *   <li>the potential half step {@code exp(c U)}, pointwise in position space, with
 *       {@code U = V - iW} the backend's complex potential as last set and c the coefficient
 *       (see {@code Hamiltonian.potentialCoefficient}); two merged halves are {@code exp(2c U)};</li>
 *   <li>the kinetic step, in momentum space: the product over the axes of per-axis factors in
 *       FFT order (see {@code Hamiltonian.kineticFactors}).</li>
 * </ul>
 * Owned by the backend that made it; closing it releases its tables.
 */
public interface Phases extends AutoCloseable {

    /** The coefficient c of the potential half step {@code exp(c U)}. */
    Complex potentialCoefficient();

    @Override
    default void close() {
    }
}
