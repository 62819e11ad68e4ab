package io.psiflux.backend;

import io.psiflux.grid.Grid;
import io.psiflux.physics.Hamiltonian;

/**
 * Integrals of one wavefunction. None is divided by the norm: {@code norm = sum |psi|^2 dV},
 * {@code x[d] = sum x_d |psi|^2 dV}, {@code p[d] = <psi| -i hbar d/dx_d |psi>} (spectral),
 * {@code kinetic = <psi| -(hbar^2/2m) lap |psi>} (spectral) and {@code potential = sum V |psi|^2 dV}
 * with the potential last given to the backend. Arrays have one entry per declared axis.
 */
public record Moments(double norm, double[] x, double[] p, double kinetic, double potential) {

    /**
     * The moments of raw sums: the one place where volume elements and the Hamiltonian's scales
     * meet them. Momentum-space sums carry {@code dV / N} (Parseval for the unnormalised FFT).
     */
    public static Moments of(Sums s, Grid g, Hamiltonian h) {
        double dV = g.dV(), dK = dV / g.points();
        int rank = g.rank();
        double[] x = new double[rank], p = new double[rank];
        for (int d = 0; d < rank; d++) {
            x[d] = s.x()[d] * dV;
            p[d] = h.momentumScale() * s.k()[d] * dK;
        }
        return new Moments(s.norm() * dV, x, p, h.kineticScale() * s.k2() * dK, s.potential() * dV);
    }

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
