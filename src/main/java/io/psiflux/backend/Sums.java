package io.psiflux.backend;

/**
 * Raw sums over one wavefunction, as {@link Backend#sums} computes them: no volume element, no
 * physical constant (one place, {@link Moments#of}, turns them into observables). With
 * {@code w = |psi|^2} at each grid point and {@code phi} the unnormalised forward FFT of psi:
 *
 * @param norm      {@code sum w}
 * @param x         per declared axis, {@code sum x_d w}
 * @param potential {@code sum V w}, V the backend's real potential as last set
 * @param k         per declared axis, {@code sum k_d |phi|^2} with k_d = {@code Axis.kDerivative}
 * @param k2        {@code sum |k|^2 |phi|^2} with k = {@code Axis.k} (the Nyquist bin included)
 */
public record Sums(double norm, double[] x, double potential, double[] k, double k2) {
}
