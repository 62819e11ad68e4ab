package io.psiflux.propagate;

import io.psiflux.backend.Backend;
import io.psiflux.backend.DeviceBuffer;
import io.psiflux.field.Complex;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.physics.Absorber;
import io.psiflux.physics.Potential;
import java.util.List;

/**
 * Split-operator steps of i hbar dpsi/dt = [T + V(r, t) - i W(r)] psi, built from the backend's
 * Strang step psi <- e^{-i(V-iW) tau/2hbar} F^-1 e^{-i hbar k^2 tau/2m} F e^{-i(V-iW) tau/2hbar} psi,
 * composed to order 2 or 4 and in real or imaginary time by a {@link Scheme}.
 *
 * <p>The absorber W (if any) rides in the same potential phase as V, so it costs no extra pass.
 * The wavefunction lives in the backend for the whole run. A static potential is sampled once and
 * consecutive order-2 steps are fused by the backend; a time-dependent one is sampled at the
 * middle of each Strang sub-step (for order 4, of each of the three sub-steps of the triple jump),
 * which keeps each sub-step time-symmetric and the composition at its order.
 *
 * <p>A time-dependent expression potential is offered to the backend once, as its tree
 * ({@link Potential#tree()}); when {@link Backend#compilePotential} accepts it, each sub-step
 * evaluates V in the backend ({@link Backend#evaluatePotential}) and nothing is uploaded; the host
 * copy {@link #potentialField()} is then sampled only by {@link #syncPotential()}, for
 * observations and snapshots. Otherwise V is sampled on the host and uploaded each sub-step.
 */
public final class SplitOperator implements AutoCloseable {
    private final Backend backend;
    private final Potential potential;
    private final Scheme scheme;
    private final double dt;
    /** The sub-steps' taus, tau_i = w_i tau, and the offsets of their midpoints in real time. */
    private final Complex[] taus;
    private final double[] midpoints;
    private final Complex tau;
    private final DeviceBuffer psi;
    /** Host scratch for sampling V; allocated once. */
    private final RealField v;
    /** The absorber W sampled on the grid, or null. */
    private final RealField w;
    private long step;
    private double time;
    /** Time at which the potential currently set on the backend was sampled. */
    private double potentialTime = Double.NaN;
    /** True when the backend evaluates the time-dependent potential itself. */
    private final boolean onDevice;
    /** Time at which the host copy v was sampled. */
    private double hostTime = Double.NaN;

    public SplitOperator(Backend backend, Potential potential, double dt) {
        this(backend, potential, dt, Scheme.STRANG, null);
    }

    /**
     * @param absorber the absorbing layer, or null for none (refused in imaginary time, where it
     *                 would be a meaningless phase)
     */
    public SplitOperator(Backend backend, Potential potential, double dt, Scheme scheme, Absorber absorber) {
        if (scheme.imaginary() && potential.timeDependent()) {
            throw new IllegalArgumentException("imaginary time needs a static potential");
        }
        if (scheme.imaginary() && absorber != null) throw new IllegalArgumentException("no absorber in imaginary time");
        this.backend = backend;
        this.potential = potential;
        this.scheme = scheme;
        this.dt = dt;
        this.tau = scheme.tau(dt);
        Complex[] weights = scheme.weights();
        this.taus = new Complex[weights.length];
        this.midpoints = new double[weights.length];
        double start = 0;
        for (int i = 0; i < weights.length; i++) {
            taus[i] = tau.times(weights[i]);
            midpoints[i] = (start + weights[i].re() / 2) * dt;
            start += weights[i].re();
        }
        this.psi = backend.allocate();
        this.v = RealField.scalar(backend.grid(), Precision.DOUBLE);
        if (absorber != null) {
            this.w = RealField.scalar(backend.grid(), Precision.DOUBLE);
            absorber.sample(w);
        } else {
            this.w = null;
        }
        // on the host first (onDevice is still false here): sets W, and V at t = 0
        setPotentialAt(0.0);
        boolean compiled = false;
        if (potential.timeDependent() && potential.tree() != null) compiled = backend.compilePotential(potential.tree());
        this.onDevice = compiled;
    }

    /** Sets the state and resets the clock to (step, time). */
    public void reset(ComplexField psi0, long step, double time) {
        backend.upload(psi0, psi);
        this.step = step;
        this.time = time;
    }

    private void setPotentialAt(double t) {
        if (t == potentialTime) return;
        if (onDevice) {
            backend.evaluatePotential(t);
        } else {
            sampleHost(t);
            backend.setPotential(v, w);
        }
        potentialTime = t;
    }

    private void sampleHost(double t) {
        if (t == hostTime) return;
        potential.sample(t, v);
        hostTime = t;
    }

    /** Advances {@code steps} steps of dt. */
    public void advance(int steps) {
        if (steps <= 0) return;
        boolean dynamic = potential.timeDependent();
        if (!dynamic && taus.length == 1) {
            backend.strang(psi, tau, steps);
        } else {
            for (int s = 0; s < steps; s++) {
                double t0 = time + s * dt;
                for (int i = 0; i < taus.length; i++) {
                    if (dynamic) setPotentialAt(t0 + midpoints[i]);
                    backend.strang(psi, taus[i], 1);
                }
            }
        }
        step += steps;
        time = step * dt;
    }

    /**
     * Imaginary time's bookkeeping after a step: removes the components along {@code lower}
     * (orthonormal states, Gram-Schmidt) and rescales psi to norm 1. Returns the norm psi had
     * after the projection and before the rescaling.
     */
    public double orthonormalise(List<DeviceBuffer> lower) {
        for (DeviceBuffer phi : lower) {
            Complex c = backend.inner(phi, psi);
            backend.axpy(c.times(-1), phi, psi);
        }
        double norm = backend.inner(psi, psi).re();
        if (!(norm > 0) || !Double.isFinite(norm)) return norm;
        backend.scale(psi, 1 / Math.sqrt(norm));
        return norm;
    }

    /** Makes the backend's potential the one at the current time (for observables). */
    public void syncPotential() {
        if (!potential.timeDependent()) return;
        setPotentialAt(time);
        // the host copy for snapshots (and its check that V is finite)
        sampleHost(time);
    }

    /**
     * The potential on the grid (double precision): the one set on the backend, or, when the
     * backend evaluates a time-dependent potential itself, the one at the last
     * {@link #syncPotential()}.
     */
    public RealField potentialField() {
        return v;
    }

    /** The absorber W on the grid (double precision), or null. */
    public RealField absorberField() {
        return w;
    }

    /** True when the backend evaluates the time-dependent potential itself (compiled into a kernel). */
    public boolean potentialOnDevice() {
        return onDevice;
    }

    public Scheme scheme() {
        return scheme;
    }

    public DeviceBuffer psi() {
        return psi;
    }

    public Backend backend() {
        return backend;
    }

    public long step() {
        return step;
    }

    public double time() {
        return time;
    }

    public double dt() {
        return dt;
    }

    @Override
    public void close() {
        psi.close();
    }
}
