package io.psiflux.backend;

import io.psiflux.grid.Grid;
import io.psiflux.physics.Hamiltonian;

/**
 * Integrals of one wavefunction under a Hamiltonian. None is divided by the norm:
 * {@code norm = sum |psi|^2 dV}, {@code x[d] = sum x_d |psi|^2 dV}, {@code p[d] = <psi| p_d - q A_d |psi>}
 * (the kinetic momentum; the canonical one without a vector potential), {@code kinetic =
 * <(p - qA)^2 / 2m>}, {@code potential = sum V |psi|^2 dV} with the potential last given to the
 * backend, {@code interaction = (g/2) sum |psi|^4 dV}, {@code lz = <x p_y - y p_x>} (canonical)
 * and {@code rotational = -Omega lz}. Spectral derivatives throughout; arrays have one entry per
 * declared axis.
 */
public record Moments(double norm, double[] x, double[] p, double kinetic, double potential, double interaction,
                      double lz, double rotational) {

    /** Moments without a field, a rotation or a nonlinearity. */
    public Moments(double norm, double[] x, double[] p, double kinetic, double potential) {
        this(norm, x, p, kinetic, potential, 0, 0, 0);
    }

    /**
     * The moments of raw sums: the one place where volume elements and the Hamiltonian's scales
     * meet them. Momentum-space sums carry {@code dV / N} (Parseval for the unnormalised FFT).
     * With A = M r: {@code <(p - qA)^2> = <p^2> - 2q sum_d <A_d p_d> + q^2 <A^2>}, where A_d does
     * not depend on x_d, so {@code <A_d p_d> = sum_e M[d][e] <x_e p_d>}.
     */
    public static Moments of(Sums s, Grid g, Hamiltonian h) {
        double dV = g.dV(), dK = dV / g.points(), hbar = h.momentumScale(), q = h.charge();
        int rank = g.rank();
        double[][] m = h.vectorPotential();
        double[] x = new double[3];
        for (int d = 0; d < rank; d++) x[d] = s.x()[d] * dV;
        double[][] xp = new double[3][3], xx = new double[3][3];
        for (int e = 0; e < 3; e++) {
            for (int d = 0; d < 3; d++) {
                xp[e][d] = hbar * s.xj()[e][d] * dV;
                xx[e][d] = s.xx()[e][d] * dV;
            }
        }
        double[] p = new double[rank];
        double ap = 0, a2 = 0;
        for (int d = 0; d < 3; d++) {
            double ad = 0;
            for (int e = 0; e < 3; e++) {
                ad += m[d][e] * x[e];
                ap += m[d][e] * xp[e][d];
                for (int f = 0; f < 3; f++) a2 += m[d][e] * m[d][f] * xx[e][f];
            }
            if (d < rank) p[d] = hbar * s.k()[d] * dK - q * ad;
        }
        double kinetic = (2 * h.mass() * h.kineticScale() * s.k2() * dK - 2 * q * ap + q * q * a2) / (2 * h.mass());
        double lz = xp[0][1] - xp[1][0];
        double[] xs = new double[rank];
        System.arraycopy(x, 0, xs, 0, rank);
        return new Moments(s.norm() * dV, xs, p, kinetic, s.potential() * dV, h.nonlinearity() / 2 * s.w2() * dV, lz,
                -h.rotation() * lz);
    }

    /** Energy expectation, normalised: (kinetic + potential + interaction + rotational) / norm. */
    public double energy() {
        return (kinetic + potential + interaction + rotational) / norm;
    }

    /**
     * The chemical potential of a Gross-Pitaevskii state, normalised: the energy with the
     * interaction counted twice, (kinetic + potential + 2 interaction + rotational) / norm.
     */
    public double chemicalPotential() {
        return (kinetic + potential + 2 * interaction + rotational) / norm;
    }

    /** Mean position along axis d, normalised. */
    public double meanX(int d) {
        return x[d] / norm;
    }

    /** Mean (kinetic) momentum along axis d, normalised. */
    public double meanP(int d) {
        return p[d] / norm;
    }
}
