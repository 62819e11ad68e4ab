package io.psiflux.backend;

/**
 * The phase factors of the kinetic step along one axis when a magnetic field or a rotating frame
 * couples k_d to the other coordinates, prepared on a backend by {@link Backend#prepareAxis}:
 * element k of line l (in {@code Grid.lineStart} order) of the axis's 1D transform is multiplied by
 * {@code K[k] exp(gamma kappa_k a_l) f_l}, with K the axis's kinetic factors, kappa_k the
 * derivative wavenumber ({@code Axis.kDerivative}), a_l the line's shift and f_l its factor (see
 * {@code Hamiltonian.lineShift}). Owned by the backend that made it; closing it releases its tables.
 */
public interface AxisPhases extends AutoCloseable {

    /** The axis this step acts along. */
    int axis();

    @Override
    default void close() {
    }
}
