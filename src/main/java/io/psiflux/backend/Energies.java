package io.psiflux.backend;

/**
 * The grid Hamiltonian as a linear operator, prepared on a backend by {@link Backend#prepareEnergies}
 * and applied by {@link Backend#applyEnergies}:
 * <pre>
 *   E psi = sum_d F_d^-1 E_d F_d psi + (s V + c) psi,
 *   E_d(k, l) = e_d[k] + g kappa_k a_{d,l} + b_{d,l},
 * </pre>
 * with F_d the FFT along axis d only, k the FFT-order index of the axis's transform, kappa_k its
 * derivative wavenumber ({@code Axis.kDerivative}: the Nyquist bin of an even axis has 0), l the
 * line of the axis ({@code Grid.lineStart} order), V the backend's real potential as last set or
 * evaluated (the absorber W is not part of it) and s, c two numbers. With the tables of
 * {@code Hamiltonian} (e_d = hbar^2 k^2 / 2m, g = -hbar, a the drift, b = q^2 A_d^2 / 2m, s = 1,
 * c = 0) this is H; scaled and shifted tables give s (H - E0), what a Chebyshev expansion needs.
 * Owned by the backend that made it; closing it releases its tables.
 */
public interface Energies extends AutoCloseable {

    @Override
    default void close() {
    }
}
