package io.psiflux.backend;

/**
 * A planned measurement of the probability flux through planes of constant coordinate, made by
 * {@link Backend#fluxPlanes}. Plane {@code p} is the set of grid points whose index along axis
 * {@code axes[p]} is {@code indices[p]}; its flux is {@code sum over the plane of j_axis dA}, with
 * j = (hbar/m) Im(psi* grad psi) (spectral gradient, as {@link Backend#current}) and dA the product
 * of the other declared axes' spacings (dA = 1 in 1D). Positive flux flows towards larger x_axis.
 *
 * <p>Planned once (scratch memory is allocated when it is made); {@link #measure} allocates
 * nothing, so it may run every step.
 */
public interface FluxPlanes extends AutoCloseable {

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

    /** out[p] <- the flux through plane p now; {@code out.length >= count()}. */
    void measure(DeviceBuffer psi, double[] out);

    /** Releases the scratch memory. */
    @Override
    default void close() {
    }
}
