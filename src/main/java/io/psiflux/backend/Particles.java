package io.psiflux.backend;

/**
 * Points advected by the velocity field of the wavefunction, planned by {@link Backend#particles}:
 * {@code dx/dt = v(x, t)}, v as {@link ParticleRule} says, with psi and grad psi interpolated at
 * each point by local quintic Lagrange interpolation on the grid (see {@link Bohm}). Positions are
 * {@code count x rank} numbers, particle-major, inside the periodic box.
 *
 * <p>The integrator uses psi only where the split step has it, at the ends of a step: Heun's
 * method (the explicit trapezoid, second order) from psi(t) to psi(t + dt), in sub-steps where a
 * particle is fast (see {@link ParticleRule#cfl}), the velocity at a point inside the step being
 * the linear interpolation in time of the velocities psi gives there at the two ends. A backend keeps the positions where psi lives (on the
 * device for OpenCL); {@link #advance} moves no data to the host.
 */
public interface Particles extends AutoCloseable {

    /** Number of particles. */
    int count();

    /** Sets the positions ({@code count x rank} values, particle-major). */
    void set(double[] positions);

    /** Copies the positions into {@code out} ({@code count x rank} values). */
    void get(double[] out);

    /**
     * Moves every particle over one step of {@code dt}: {@code before} holds psi at the start of
     * the step, {@code after} at its end. Neither is changed.
     */
    void advance(DeviceBuffer before, DeviceBuffer after, double dt);

    /** Releases what the plan holds. */
    @Override
    default void close() {
    }
}
