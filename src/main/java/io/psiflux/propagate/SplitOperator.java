package io.psiflux.propagate;

import io.psiflux.backend.AxisPhases;
import io.psiflux.backend.Backend;
import io.psiflux.backend.DeviceBuffer;
import io.psiflux.backend.Phases;
import io.psiflux.field.Complex;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.physics.Hamiltonian;
import java.util.List;

/**
 * Split-operator steps of i hbar dpsi/dt = H psi for a {@link Hamiltonian} H = T + V(r, t) - i W(r),
 * built from the backend's Strang step psi <- e^{-i(V-iW) tau/2hbar} F^-1 e^{-i hbar k^2 tau/2m} F
 * e^{-i(V-iW) tau/2hbar} psi, composed to order 2 or 4 and in real or imaginary time by a
 * {@link Scheme}. The phases of each sub-step are prepared on the backend once, here.
 *
 * <p>The absorber W (if any) rides in the same potential phase as V, so it costs no extra pass.
 * The wavefunction lives in the backend for the whole run. A static potential is sampled once and
 * consecutive order-2 steps are fused by the backend; a time-dependent one is sampled at the
 * middle of each Strang sub-step (for order 4, of each of the three sub-steps of the triple jump),
 * which keeps each sub-step time-symmetric and the composition at its order.
 *
 * <p>A time-dependent expression potential is offered to the backend once, as its tree
 * ({@link Hamiltonian#potentialTree()}); when {@link Backend#compilePotential} accepts it, each sub-step
 * evaluates V in the backend ({@link Backend#evaluatePotential}) and nothing is uploaded; the host
 * copy {@link #potentialField()} is then sampled only by {@link #syncPotential()}, for
 * observations and snapshots. Otherwise V is sampled on the host and uploaded each sub-step.
 */
public final class SplitOperator implements Propagator {
    private final Backend backend;
    private final Hamiltonian hamiltonian;
    private final Scheme scheme;
    private final double dt;
    /** The sub-steps' taus, tau_i = w_i tau, and the offsets of their midpoints in real time. */
    private final Complex[] taus;
    private final double[] midpoints;
    private final Complex tau;
    /** The prepared phases of each sub-step (equal taus share one). */
    private final Phases[] phases;
    /**
     * With a field or a rotation, per sub-step the kinetic steps along each axis: half steps of
     * axes 0 .. rank-2 around a whole step of the last axis (Strang over the axes); else null.
     */
    private final AxisPhases[][] axisPhases;
    private final DeviceBuffer psi;
    /** Buffers stepped beside psi by the same steps ({@link #alsoStep}). */
    private final List<DeviceBuffer> companions = new java.util.ArrayList<>();
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

    /** Order 2 in real time. */
    public SplitOperator(Backend backend, Hamiltonian h, double dt) {
        this(backend, h, dt, Scheme.STRANG);
    }

    /**
     * Prepares the phases and samples (or compiles) the potential. An absorber is refused in
     * imaginary time, where it would be a meaningless phase, and so is a time-dependent potential.
     */
    public SplitOperator(Backend backend, Hamiltonian h, double dt, Scheme scheme) {
        if (scheme.imaginary() && h.timeDependent()) {
            throw new IllegalArgumentException("imaginary time needs a static potential");
        }
        if (scheme.imaginary() && h.absorber() != null) throw new IllegalArgumentException("no absorber in imaginary time");
        this.backend = backend;
        this.hamiltonian = h;
        this.scheme = scheme;
        this.dt = dt;
        this.tau = scheme.tau(dt);
        Complex[] weights = scheme.weights();
        this.taus = new Complex[weights.length];
        this.midpoints = new double[weights.length];
        this.phases = new Phases[weights.length];
        int rank = backend.grid().rank();
        this.axisPhases = h.axisSplit() && rank > 1 ? new AxisPhases[weights.length][] : null;
        double start = 0;
        for (int i = 0; i < weights.length; i++) {
            taus[i] = tau.times(weights[i]);
            midpoints[i] = (start + weights[i].re() / 2) * dt;
            start += weights[i].re();
            for (int j = 0; j < i && phases[i] == null; j++) {
                if (taus[j].equals(taus[i])) {
                    phases[i] = phases[j];
                    if (axisPhases != null) axisPhases[i] = axisPhases[j];
                }
            }
            if (phases[i] == null) {
                phases[i] = backend.prepare(h, taus[i]);
                if (axisPhases != null) {
                    axisPhases[i] = new AxisPhases[rank];
                    for (int d = 0; d < rank; d++) {
                        axisPhases[i][d] = backend.prepareAxis(h, d, d == rank - 1 ? taus[i] : taus[i].times(0.5));
                    }
                }
            }
        }
        this.psi = backend.allocate();
        this.v = RealField.scalar(backend.grid(), Precision.DOUBLE);
        if (h.absorber() != null) {
            this.w = RealField.scalar(backend.grid(), Precision.DOUBLE);
            h.sampleW(w);
        } else {
            this.w = null;
        }
        // on the host first (onDevice is still false here): sets W, and V at t = 0
        setPotentialAt(0.0);
        boolean compiled = false;
        if (h.timeDependent() && h.potentialTree() != null) {
            compiled = backend.compilePotential(h.potentialTree(), h.potential().sampling().subsamples(backend.grid()));
        }
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
        hamiltonian.sampleV(t, v);
        hostTime = t;
    }

    /**
     * Steps {@code b} beside psi from now on: every later {@link #advance} applies the same steps
     * (the same fused calls, so the same bits) to it, e.g. phi = J psi(0) of a current correlation
     * function. The step must be linear in psi: refused with a nonlinear term.
     */
    public void alsoStep(DeviceBuffer b) {
        if (hamiltonian.nonlinearity() != 0) throw new IllegalArgumentException("a nonlinear step acts on psi alone");
        companions.add(b);
    }

    /** Advances {@code steps} steps of dt. */
    public void advance(int steps) {
        if (steps <= 0) return;
        boolean dynamic = hamiltonian.timeDependent();
        if (!dynamic && taus.length == 1 && axisPhases == null) {
            backend.strang(psi, phases[0], steps);
            for (DeviceBuffer b : companions) backend.strang(b, phases[0], steps);
        } else {
            for (int s = 0; s < steps; s++) {
                double t0 = time + s * dt;
                for (int i = 0; i < taus.length; i++) {
                    if (dynamic) setPotentialAt(t0 + midpoints[i]);
                    if (axisPhases == null) {
                        backend.strang(psi, phases[i], 1);
                        for (DeviceBuffer b : companions) backend.strang(b, phases[i], 1);
                    } else {
                        axisSplitStep(psi, phases[i], axisPhases[i]);
                        for (DeviceBuffer b : companions) axisSplitStep(b, phases[i], axisPhases[i]);
                    }
                }
            }
        }
        step += steps;
        time = step * dt;
    }

    /**
     * One Strang step with a field or a rotation: potential half step, the kinetic part axis by
     * axis (half steps of axes 0 .. rank-2, a whole step of the last axis, the half steps again in
     * reverse), potential half step. Symmetric, so second order; exact for the free particle in a
     * uniform field only when the axis parts commute (they do not, which is the O(dt^2) error).
     */
    private void axisSplitStep(DeviceBuffer psi, Phases p, AxisPhases[] axes) {
        backend.potentialPhase(psi, p);
        int last = axes.length - 1;
        for (int d = 0; d < last; d++) backend.axisStep(psi, axes[d]);
        backend.axisStep(psi, axes[last]);
        for (int d = last - 1; d >= 0; d--) backend.axisStep(psi, axes[d]);
        backend.potentialPhase(psi, p);
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
        if (!hamiltonian.timeDependent()) return;
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

    public Hamiltonian hamiltonian() {
        return hamiltonian;
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
        for (Phases p : phases) p.close();
        if (axisPhases != null) for (AxisPhases[] a : axisPhases) for (AxisPhases x : a) x.close();
        psi.close();
    }
}
