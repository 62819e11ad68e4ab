package io.psiflux.backend;

/**
 * Raw sums over one wavefunction, as {@link Backend#sums} computes them: no volume element, no
 * physical constant (one place, {@link Moments#of}, turns them into observables). With
 * {@code w = |psi|^2} at each grid point, {@code phi} the unnormalised forward FFT of psi and
 * {@code J_d = Im(psi* d psi / dx_d)} (spectral derivative, {@code Axis.kDerivative}):
 *
 * @param norm      {@code sum w}
 * @param x         per declared axis, {@code sum x_d w}
 * @param potential {@code sum V w}, V the backend's real potential as last set
 * @param k         per declared axis, {@code sum k_d |phi|^2} with k_d = {@code Axis.kDerivative}
 * @param k2        {@code sum |k|^2 |phi|^2} with k = {@code Axis.k} (the Nyquist bin included)
 * @param xx        3 x 3, {@code sum x_e x_f w} (0 on inactive axes)
 * @param xj        3 x 3, {@code xj[e][d] = sum x_e J_d} for e != d (0 on the diagonal and inactive axes):
 *                  the mixed moments of the vector potential's and the rotation's terms
 * @param w2        {@code sum w^2}, for the Gross-Pitaevskii energy
 */
public record Sums(double norm, double[] x, double potential, double[] k, double k2, double[][] xx, double[][] xj,
                   double w2) {
}
