package io.psiflux.propagate;

import io.psiflux.backend.Backend;
import io.psiflux.backend.DeviceBuffer;
import io.psiflux.field.Complex;
import io.psiflux.field.ComplexField;
import io.psiflux.field.RealField;
import io.psiflux.physics.Potential;

/**
 * Second-order Strang splitting of i hbar dpsi/dt = [T + V(r, t)] psi:
 * psi <- e^{-iV dt/2hbar} F^-1 e^{-i hbar k^2 dt/2m} F e^{-iV dt/2hbar} psi.
 *
 * <p>The wavefunction lives in the backend for the whole run. A static potential is sampled once
 * and consecutive steps are fused by the backend; a time-dependent one is sampled at the middle of
 * each step (t + dt/2), which keeps the scheme second order.
 */
public final class SplitOperator implements AutoCloseable {
    private final Backend backend;
    private final Potential potential;
    private final Complex tau;
    private final double dt;
    private final DeviceBuffer psi;
    /** Host scratch for sampling V; allocated once. */
    private final RealField v;
    private long step;
    private double time;
    /** Time at which the potential currently set on the backend was sampled. */
    private double potentialTime = Double.NaN;

    public SplitOperator(Backend backend, Potential potential, double dt) {
        this.backend = backend;
        this.potential = potential;
        this.dt = dt;
        this.tau = Complex.real(dt);
        this.psi = backend.allocate();
        this.v = RealField.scalar(backend.grid(), io.psiflux.field.Precision.DOUBLE);
        setPotentialAt(0.0);
    }

    /** Sets the state and resets the clock to (step, time). */
    public void reset(ComplexField psi0, long step, double time) {
        backend.upload(psi0, psi);
        this.step = step;
        this.time = time;
    }

    private void setPotentialAt(double t) {
        if (t == potentialTime) return;
        potential.sample(t, v);
        backend.setPotential(v, null);
        potentialTime = t;
    }

    /** Advances {@code steps} steps of dt. */
    public void advance(int steps) {
        if (steps <= 0) return;
        if (!potential.timeDependent()) {
            backend.strang(psi, tau, steps);
        } else {
            for (int s = 0; s < steps; s++) {
                setPotentialAt(time + (s + 0.5) * dt);
                backend.strang(psi, tau, 1);
            }
        }
        step += steps;
        time = step * dt;
    }

    /** Makes the backend's potential the one at the current time (for observables). */
    public void syncPotential() {
        if (potential.timeDependent()) setPotentialAt(time);
    }

    /** The potential currently set on the backend, sampled on the grid (double precision). */
    public RealField potentialField() {
        return v;
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
