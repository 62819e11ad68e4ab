package io.psiflux.backend;

/**
 * How {@link Particles} move: the velocity field {@code v = scale Im(psi* grad psi) / |psi|^2 - D r}
 * and the rules of the integrator. The caller (observe.Trajectories) takes the numbers from the
 * Hamiltonian; a backend only applies them.
 *
 * @param scale        hbar / m: velocity per unit {@code Im(psi* grad psi) / |psi|^2}
 * @param drift        the 3 x 3 drift matrix D (a vector potential or a rotation; zeros without one):
 *                     row d gives the velocity subtracted along axis d, {@code sum_e D[d][e] x_e}
 * @param rhoMin       below this |psi|^2 at a particle the velocity is taken as 0 (the particle
 *                     waits): there psi is at the level of rounding noise and its phase means nothing
 * @param cfl          a step is cut into sub-steps that each move a particle at most this many grid
 *                     spacings (the smallest spacing of the active axes), judged from its speed at
 *                     the start of the step
 * @param maxSubsteps  at most this many sub-steps per step
 */
public record ParticleRule(double scale, double[][] drift, double rhoMin, double cfl, int maxSubsteps) {

    /** Sub-steps move at most half a grid spacing. */
    public static final double DEFAULT_CFL = 0.5;
    /** At most 64 sub-steps per step. */
    public static final int DEFAULT_MAX_SUBSTEPS = 64;

    public ParticleRule {
        if (!(scale > 0)) throw new IllegalArgumentException("scale must be > 0, got " + scale);
        if (drift.length != 3) throw new IllegalArgumentException("the drift matrix is 3 x 3");
        double[][] d = new double[3][];
        for (int i = 0; i < 3; i++) {
            if (drift[i].length != 3) throw new IllegalArgumentException("the drift matrix is 3 x 3");
            d[i] = drift[i].clone();
        }
        drift = d;
        if (!(rhoMin >= 0)) throw new IllegalArgumentException("rhoMin must be >= 0, got " + rhoMin);
        if (!(cfl > 0)) throw new IllegalArgumentException("cfl must be > 0, got " + cfl);
        if (maxSubsteps < 1) throw new IllegalArgumentException("maxSubsteps must be >= 1, got " + maxSubsteps);
    }

    /** D[d][e]. */
    public double drift(int d, int e) {
        return drift[d][e];
    }
}
