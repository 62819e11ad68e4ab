package io.psiflux.sim;

import io.psiflux.backend.Backend;
import io.psiflux.backend.DeviceBuffer;
import io.psiflux.backend.Moments;
import io.psiflux.field.ComplexField;
import io.psiflux.observe.Observation;
import io.psiflux.physics.Hamiltonian;
import io.psiflux.physics.InitialState;
import io.psiflux.propagate.Scheme;
import io.psiflux.propagate.SplitOperator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Imaginary-time relaxation, a solver on top of the propagator: finds the lowest {@code states}
 * eigenstates of a static Hamiltonian one after the other. Each step (tau = -i dt, so every
 * component decays as exp(-E dt / hbar)) is followed by Gram-Schmidt against the states already
 * found and renormalisation; a state is done when its energy changes by at most
 * {@code tolerance} (relative) in one step, or after the step budget (then the result says it did
 * not converge). State 0 starts from the initial state; state k > 0 from the initial state times a
 * fixed pseudo-random factor (seed k), so it overlaps the states of every symmetry.
 *
 * <p>Built by {@link Simulation.Builder#relaxation}; owns its backend.
 */
public final class Relaxation implements AutoCloseable {
    private final Backend backend;
    private final Hamiltonian hamiltonian;
    private final SplitOperator propagator;
    private final ComplexField psi0;
    private final int states;
    private final double tolerance;
    private final ComplexField psiHost;
    /** The states found so far (orthonormal), on the device. */
    private final List<DeviceBuffer> found = new ArrayList<>();
    private final List<ComplexField> foundHost = new ArrayList<>();
    private double secondsStepping;

    Relaxation(Backend backend, Hamiltonian h, InitialState initial, double dt, int order, int states, double tolerance) {
        if (states < 1) throw new IllegalArgumentException("states must be >= 1, got " + states);
        if (!(tolerance > 0)) throw new IllegalArgumentException("tolerance must be > 0, got " + tolerance);
        this.backend = backend;
        this.hamiltonian = h;
        this.propagator = new SplitOperator(backend, h, dt, new Scheme(order, true));
        this.psi0 = initial.create(backend.grid(), backend.precision(), h.hbar());
        this.states = states;
        this.tolerance = tolerance;
        this.psiHost = new ComplexField(backend.grid(), backend.precision());
    }

    public Backend backend() {
        return backend;
    }

    /** The states found by the last {@link #run}, lowest first (host copies). */
    public List<ComplexField> states() {
        return List.copyOf(foundHost);
    }

    private Observation observe(int state) {
        Moments m = backend.moments(propagator.psi(), hamiltonian);
        return Observation.of(propagator.step(), propagator.time(), m).with("state", state);
    }

    private void step() {
        long t0 = System.nanoTime();
        propagator.advance(1);
        propagator.orthonormalise(found);
        backend.finish();
        secondsStepping += (System.nanoTime() - t0) * 1e-9;
    }

    /**
     * Relaxes every state with at most {@code maxSteps} steps each, writing a row (with a "state"
     * column) at step 0, every {@code every} steps and at the end of each state, state_K when state
     * K is found, and the result at the end.
     */
    public RunResult run(long maxSteps, int every, Output out, Progress progress) throws IOException {
        for (DeviceBuffer b : found) b.close();
        found.clear();
        foundHost.clear();
        double[] energies = new double[states];
        String problem = null;
        long total = 0, budget = maxSteps * states;
        long lastReport = System.nanoTime();
        Observation last = null;
        for (int k = 0; k < states; k++) {
            propagator.reset(k == 0 ? psi0 : perturbed(psi0, k), 0, 0.0);
            propagator.orthonormalise(found);
            Observation o = observe(k);
            out.write(o, noFields(o));
            double e = o.energy(), change = Double.NaN;
            boolean converged = false;
            while (propagator.step() < maxSteps) {
                step();
                total++;
                double next = backend.moments(propagator.psi(), hamiltonian).energy();
                change = Math.abs(next - e) / Math.abs(next);
                e = next;
                if (!Double.isFinite(e)) {
                    throw new IllegalStateException("the energy became NaN or infinite at step " + propagator.step() + " of state " + k);
                }
                converged = change <= tolerance;
                if (converged) break;
                if (propagator.step() % every == 0) {
                    o = observe(k);
                    out.write(o, noFields(o));
                }
                long now = System.nanoTime();
                if (now - lastReport > 200_000_000L) {
                    progress.update(total, budget, secondsStepping);
                    lastReport = now;
                }
            }
            last = observe(k);
            if (propagator.step() % every != 0 || converged) out.write(last, noFields(last));
            energies[k] = last.energy();
            if (!converged && problem == null) {
                problem = String.format(Locale.ROOT, "state %d did not converge in %d steps: its energy %.10g still changed by "
                        + "%.3g (relative) in the last step, more than time.tolerance = %s; raise time.steps (or dt)",
                        k, maxSteps, e, change, tolerance);
            }
            DeviceBuffer keep = backend.allocate();
            backend.copy(propagator.psi(), keep);
            found.add(keep);
            backend.download(keep, psiHost);
            foundHost.add(psiHost.to(psiHost.precision()));
            out.state(k, psiHost);
        }
        progress.update(total, budget, secondsStepping);
        RunResult r = new RunResult(backend.name(), backend.device(), backend.precision().toString(), total,
                secondsStepping, last.norm(), last.energy(), Map.of(), energies, problem == null, problem);
        out.finish(r);
        return r;
    }

    private Snapshot noFields(Observation o) {
        return new Snapshot(o.step(), o.time(), backend.grid(), null, null, null, propagator.potentialField(), o.norm(), o.energy());
    }

    /** psi0 times (1 + u), u uniform in [-1/2, 1/2) per point from a generator seeded with k. */
    private static ComplexField perturbed(ComplexField psi0, int k) {
        ComplexField f = new ComplexField(psi0.grid(), psi0.precision());
        Random rnd = new Random(k);
        for (int p = 0; p < f.points(); p++) {
            double s = 1 + rnd.nextDouble() - 0.5;
            f.set(p, psi0.re(p) * s, psi0.im(p) * s);
        }
        return f;
    }

    @Override
    public void close() {
        for (DeviceBuffer b : found) b.close();
        found.clear();
        propagator.close();
        backend.close();
    }
}
