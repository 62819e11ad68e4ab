package io.psiflux.backend;

/**
 * A planned measurement of the raw flux sums through planes of constant coordinate, made by
 * {@link Backend#fluxPlanes}. Plane {@code p} is the set of grid points whose index along axis
 * {@code axes[p]} is {@code indices[p]}; its raw sums ({@link #SUMS} per plane) are
 * {@code sum over the plane of Im(psi* d psi / dx_axis)} (spectral derivative, as
 * {@link Backend#current}) and the density moments {@code sum |psi|^2 x_e} for e = 0, 1, 2 (0 on
 * inactive axes). The flux is {@code dA ((hbar / m) J - sum_e D[axis][e] rho x_e)}, dA the product
 * of the other declared axes' spacings (dA = 1 in 1D) and D the Hamiltonian's drift (a field or a
 * rotation), which the caller applies (see observe.FluxMeter). Positive flux flows towards larger x_axis.
 *
 * <p>Planned once (scratch memory is allocated when it is made); {@link #measure} allocates
 * nothing, so it may run every step.
 */
public interface FluxPlanes extends AutoCloseable {

    /** Raw sums per plane: Im(psi* d psi), then rho x_0, rho x_1, rho x_2. */
    int SUMS = 4;

    /**
     * Refuses planes that are not on {@code g}: one index per axis, each axis declared, each index
     * on its axis. Every implementation checks its arguments with this.
     */
    static void check(io.psiflux.grid.Grid g, int[] axes, int[] indices) {
        if (axes.length != indices.length) throw new IllegalArgumentException("one index per plane axis");
        for (int p = 0; p < axes.length; p++) {
            if (axes[p] < 0 || axes[p] >= g.rank()) throw new IllegalArgumentException("plane axis " + axes[p] + " not declared");
            if (indices[p] < 0 || indices[p] >= g.n(axes[p])) throw new IllegalArgumentException("plane index " + indices[p] + " off the grid");
        }
    }

    /** Number of planes. */
    int count();

    /** out[SUMS p + i] <- raw sum i of plane p now; {@code out.length >= SUMS count()}. */
    void measure(DeviceBuffer psi, double[] out);

    /** Releases the scratch memory. */
    @Override
    default void close() {
    }
}
