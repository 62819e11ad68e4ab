package io.psiflux.backend;

/**
 * Integrals of one wavefunction, as computed by {@link Backend#moments}. None is divided by the
 * norm: {@code norm = sum |psi|^2 dV}, {@code x[d] = sum x_d |psi|^2 dV},
 * {@code p[d] = <psi| -i hbar d/dx_d |psi>} (spectral), {@code kinetic = <psi| -(hbar^2/2m) lap |psi>}
 * (spectral) and {@code potential = sum V |psi|^2 dV} with the potential last given to
 * {@link Backend#setPotential}. Arrays have one entry per declared axis.
 */
public record Moments(double norm, double[] x, double[] p, double kinetic, double potential) {

    /** Energy expectation, normalised: (kinetic + potential) / norm. */
    public double energy() {
        return (kinetic + potential) / norm;
    }

    /** Mean position along axis d, normalised. */
    public double meanX(int d) {
        return x[d] / norm;
    }

    /** Mean momentum along axis d, normalised. */
    public double meanP(int d) {
        return p[d] / norm;
    }
}
