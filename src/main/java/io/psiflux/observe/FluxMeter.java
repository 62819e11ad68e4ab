package io.psiflux.observe;

import io.psiflux.backend.Backend;
import io.psiflux.backend.DeviceBuffer;
import io.psiflux.backend.FluxPlanes;
import io.psiflux.physics.Hamiltonian;
import java.util.List;

/**
 * The flux through each {@link FluxPlane} and its time integral since t = 0, accumulated by the
 * trapezoid rule from the flux measured after every step (not only at output steps):
 * {@code through += dt (flux_before + flux_after) / 2}. With an absorber and the planes outside
 * the interaction region, the final {@code through} of a plane beyond a barrier is the
 * transmission probability and minus that of a plane before it the reflection.
 */
public final class FluxMeter implements AutoCloseable {
    private final List<FluxPlane> planes;
    private final FluxPlanes probe;
    /**
     * Per plane: the flux per unit raw sum, (hbar / m) dA, and per unit density moment rho x_e,
     * -dA D[axis][e] (the drift of a field or a rotation); the one place fluxes are scaled.
     */
    private final double[] scale;
    private final double[][] driftScale;
    private final double[] raw;
    private final double[] flux;
    private final double[] next;
    private final double[] through;

    public FluxMeter(Backend backend, Hamiltonian h, List<FluxPlane> planes) {
        this.planes = List.copyOf(planes);
        int n = planes.size();
        int[] axes = new int[n], indices = new int[n];
        for (int p = 0; p < n; p++) {
            axes[p] = planes.get(p).axis();
            indices[p] = planes.get(p).index(backend.grid());
        }
        this.probe = backend.fluxPlanes(axes, indices);
        this.scale = new double[n];
        this.driftScale = new double[n][3];
        double[][] drift = h.drift();
        for (int p = 0; p < n; p++) {
            double dA = backend.grid().dV() / backend.grid().axis(axes[p]).dx();
            scale[p] = h.currentScale() * dA;
            for (int e = 0; e < 3; e++) driftScale[p][e] = -dA * drift[axes[p]][e];
        }
        this.raw = new double[FluxPlanes.SUMS * n];
        this.flux = new double[n];
        this.next = new double[n];
        this.through = new double[n];
    }

    public List<FluxPlane> planes() {
        return planes;
    }

    /** Measures the flux of the initial state and zeroes the integrals. */
    public void start(DeviceBuffer psi) {
        measure(psi, flux);
        java.util.Arrays.fill(through, 0);
    }

    /** After a step of dt: measures the flux and adds the step's trapezoid to the integrals. */
    public void step(DeviceBuffer psi, double dt) {
        measure(psi, next);
        for (int p = 0; p < flux.length; p++) {
            through[p] += 0.5 * dt * (flux[p] + next[p]);
            flux[p] = next[p];
        }
    }

    /** into[p] <- the flux through plane p now: the raw sums scaled (the gauge-invariant current's flux). */
    private void measure(DeviceBuffer psi, double[] into) {
        probe.measure(psi, raw);
        for (int p = 0; p < into.length; p++) {
            int o = FluxPlanes.SUMS * p;
            into[p] = scale[p] * raw[o] + driftScale[p][0] * raw[o + 1] + driftScale[p][1] * raw[o + 2] + driftScale[p][2] * raw[o + 3];
        }
    }

    /** Continues from a checkpoint: the last fluxes and the integrals as they were. */
    public void restore(double[] lastFlux, double[] integrals) {
        System.arraycopy(lastFlux, 0, flux, 0, flux.length);
        System.arraycopy(integrals, 0, through, 0, through.length);
    }

    /** Flux through plane p after the last step. */
    public double flux(int p) {
        return flux[p];
    }

    /** Time integral of the flux through plane p since t = 0. */
    public double through(int p) {
        return through[p];
    }

    @Override
    public void close() {
        probe.close();
    }
}
