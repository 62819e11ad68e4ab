package io.psiflux.sim;

import io.psiflux.backend.Backend;
import io.psiflux.backend.DeviceBuffer;
import io.psiflux.backend.Moments;
import io.psiflux.field.ComplexField;
import io.psiflux.observe.Observation;
import io.psiflux.observe.Vortices;
import io.psiflux.physics.Hamiltonian;
import io.psiflux.physics.InitialState;
import io.psiflux.propagate.Scheme;
import io.psiflux.propagate.SplitOperator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Imaginary-time relaxation, a solver on top of the propagator: finds the lowest {@code states}
 * eigenstates of a static Hamiltonian one after the other. Each step (tau = -i dt, so every
 * component decays as exp(-E dt / hbar)) is followed by Gram-Schmidt against the states already
 * found and renormalisation; a state is done when its energy's fall has stagnated (see
 * {@link Stagnation}: the fall still to come at most {@code tolerance} |E|), or after the step
 * budget (then the result says it did not converge). State 0 starts from the initial state; state k > 0 from the initial state times a
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
    /** Where the relaxation is: the state being relaxed, steps over all states, its last energy and change. */
    private int stateIndex;
    private long total;
    private double energy = Double.NaN;
    private double change = Double.NaN;
    private final double[] energies;
    private final boolean[] stateConverged;
    private String problem;
    /** True after restore: the current state goes on instead of starting. */
    private boolean resumed;
    private long checkpointEvery = Long.MAX_VALUE;
    private CheckpointSink checkpointSink;
    private boolean vortices;
    private Stagnation stagnation;
    /** With time.tolerance = 0: per state that ran all its steps, how far its energy still falls. */
    private String runNotes;

    /**
     * When a state's relaxation is done: not when E changes little in one step (with a small gap
     * the change per step is tiny long before E is right), but when the energy's fall has
     * stagnated. Over windows of {@link #W} steps, the falls d0 (older) and d1 (newer) give the
     * ratio q = d1 / d0 of a geometric tail, and the fall still to come, d1 q / (1 - q). Done
     * when that is at most tolerance |E| in two windows in a row (with the larger of their q), or
     * when the energy no longer falls by more than its round-off over a window (the split step's
     * fixed point is reached).
     */
    static final class Stagnation {
        /** Steps per window. */
        static final int W = 20;
        private final double tolerance;
        private final double[] e = new double[2 * W + 1];
        private long n;
        private double lastQ = Double.NaN;
        private boolean lastSmall;
        private double remaining = Double.NaN;

        Stagnation(double tolerance) {
            this.tolerance = tolerance;
        }

        /** Adds the energy after a step; true when the state is done. */
        boolean add(double energy) {
            e[(int) (n % e.length)] = energy;
            n++;
            if (n < e.length || n % W != 0) return false;
            double now = e[(int) ((n - 1) % e.length)], mid = e[(int) ((n - 1 - W) % e.length)], old = e[(int) ((n - 1 - 2 * W) % e.length)];
            double d1 = mid - now, d0 = old - mid;
            double noise = 64 * W * Math.ulp(Math.abs(now));
            if (d1 <= noise) {
                remaining = Math.max(d1, 0);
                return true;
            }
            double q = d0 > 0 ? d1 / d0 : Double.NaN;
            boolean small = false;
            if (q > 0 && q < 1) {
                double qq = Double.isNaN(lastQ) ? q : Math.max(q, lastQ);
                remaining = qq < 1 ? d1 * qq / (1 - qq) : Double.POSITIVE_INFINITY;
                small = remaining <= tolerance * Math.abs(now);
            } else {
                remaining = Double.POSITIVE_INFINITY;
            }
            boolean done = small && lastSmall;
            lastQ = q;
            lastSmall = small;
            return done;
        }

        /** The last estimate of the energy's fall still to come (absolute), NaN before the first. */
        double remaining() {
            return remaining;
        }
    }

    Relaxation(Backend backend, Hamiltonian h, InitialState initial, double dt, int order, int states, double tolerance) {
        if (states < 1) throw new IllegalArgumentException("states must be >= 1, got " + states);
        if (!(tolerance >= 0)) throw new IllegalArgumentException("tolerance must be >= 0 (0: no stopping rule), got " + tolerance);
        this.backend = backend;
        this.hamiltonian = h;
        this.propagator = new SplitOperator(backend, h, dt, new Scheme(order, true));
        this.psi0 = initial.create(backend.grid(), backend.precision(), h.hbar());
        this.states = states;
        this.tolerance = tolerance;
        this.psiHost = new ComplexField(backend.grid(), backend.precision());
        this.energies = new double[states];
        this.stateConverged = new boolean[states];
    }

    public Backend backend() {
        return backend;
    }

    /** The real potential V (static in imaginary time), a new field in double precision. */
    public io.psiflux.field.RealField potential() {
        return propagator.potentialField().copy();
    }

    /** The states found by the last {@link #run}, lowest first (host copies). */
    public List<ComplexField> states() {
        return List.copyOf(foundHost);
    }

    private Observation observe(int state) {
        Moments m = backend.moments(propagator.psi(), hamiltonian);
        Observation o = Observation.of(propagator.step(), propagator.time(), m);
        if (backend.grid().rank() > 1) o = o.with("lz", m.lz() / m.norm());
        if (hamiltonian.nonlinearity() != 0) o = o.with("mu", m.chemicalPotential());
        if (vortices) {
            backend.download(propagator.psi(), psiHost);
            Vortices v = Vortices.find(psiHost);
            o = backend.grid().rank() == 2 ? o.with("vortices", v.total()) : o.with("vortex_length", v.length());
        }
        return o.with("state", state);
    }

    /**
     * Rows get the column "vortices" (2D; "vortex_length" in 3D): the vortices of the state being
     * relaxed (see {@link Vortices}). Ignored in 1D.
     */
    public void vortices(boolean on) {
        this.vortices = on && backend.grid().rank() > 1;
    }

    private void step() {
        long t0 = System.nanoTime();
        propagator.advance(1);
        propagator.orthonormalise(found);
        backend.finish();
        secondsStepping += (System.nanoTime() - t0) * 1e-9;
    }

    /** Takes checkpoints every {@code every} steps (counted over all states) and hands them to {@code sink}. */
    public void checkpoints(long every, CheckpointSink sink) {
        this.checkpointEvery = every;
        this.checkpointSink = sink;
    }

    /** {@link #run(long, int, Output, Progress, java.util.function.BooleanSupplier)} that is never asked to stop. */
    public RunResult run(long maxSteps, int every, Output out, Progress progress) throws IOException {
        return run(maxSteps, every, out, progress, () -> false);
    }

    /**
     * Relaxes every state with at most {@code maxSteps} steps each, writing a row (with a "state"
     * column) at step 0, every {@code every} steps and at the end of each state, state_K when state
     * K is found, and the result at the end. When {@code stop} says true the run ends after the
     * current step with status "interrupted". After {@link #restore} it goes on where the
     * checkpoint was taken.
     */
    public RunResult run(long maxSteps, int every, Output out, Progress progress, java.util.function.BooleanSupplier stop)
            throws IOException {
        long budget = maxSteps * states;
        long lastReport = System.nanoTime();
        boolean interrupted = false;
        for (; stateIndex < states && !interrupted; stateIndex++) {
            int k = stateIndex;
            if (!resumed) {
                propagator.reset(k == 0 ? psi0 : perturbed(psi0, k), 0, 0.0);
                propagator.orthonormalise(found);
                Observation o = observe(k);
                out.write(o, noFields(o));
                energy = o.energy();
                change = Double.NaN;
            }
            resumed = false;
            boolean converged = false;
            stagnation = new Stagnation(tolerance);
            while (propagator.step() < maxSteps) {
                if (stop.getAsBoolean()) {
                    interrupted = true;
                    break;
                }
                step();
                total++;
                double next = backend.moments(propagator.psi(), hamiltonian, false).energy();
                change = Math.abs(next - energy) / Math.abs(next);
                energy = next;
                if (!Double.isFinite(energy)) {
                    throw new NumericalFailure(total, "the energy became NaN or infinite at step " + propagator.step() + " of state " + k
                            + "; check the potential (is it finite on the grid?) and time.dt");
                }
                converged = stagnation.add(energy);
                if (converged) break;
                if (propagator.step() % every == 0) {
                    Observation o = observe(k);
                    out.write(o, noFields(o));
                }
                if (checkpointSink != null && total % checkpointEvery == 0) checkpointSink.write(checkpoint());
                long now = System.nanoTime();
                if (now - lastReport > 200_000_000L) {
                    progress.update(total, budget, secondsStepping);
                    lastReport = now;
                }
            }
            if (interrupted) break;
            Observation last = observe(k);
            if (propagator.step() % every != 0 || converged) out.write(last, noFields(last));
            energies[k] = last.energy();
            stateConverged[k] = converged;
            if (!converged && tolerance == 0) {
                // no stopping rule: the state ran its steps as asked; say how far it still falls
                String note = String.format(Locale.ROOT, "state %d ran its %d steps (time.tolerance = 0: no stopping rule); its energy "
                        + "%.10g still falls by about %.3g (relative) by the trend", k, maxSteps, energy,
                        stagnation.remaining() / Math.abs(energy));
                runNotes = runNotes == null ? note : runNotes + "; " + note;
            } else if (!converged && problem == null) {
                problem = String.format(Locale.ROOT, "state %d did not converge in %d steps: its energy %.10g is still falling "
                        + "(%.3g in the last step; about %.3g (relative) still to come by the trend), more than time.tolerance = %s; "
                        + "raise time.steps (or dt)", k, maxSteps, energy, change, stagnation.remaining() / Math.abs(energy), tolerance);
            }
            DeviceBuffer keep = backend.allocate();
            backend.copy(propagator.psi(), keep);
            found.add(keep);
            backend.download(keep, psiHost);
            foundHost.add(psiHost.to(psiHost.precision()));
            out.state(k, psiHost);
        }
        progress.update(total, budget, secondsStepping);
        Observation last = observe(Math.min(stateIndex, states - 1));
        RunResult r = new RunResult(backend.name(), backend.device(), backend.precision().toString(), total,
                secondsStepping, last.norm(), last.energy(), Map.of(), energies.clone(), problem == null,
                problem != null ? problem : runNotes,
                interrupted ? RunResult.INTERRUPTED : RunResult.COMPLETED, stateConverged.clone(), RunResult.finals(last));
        out.finish(r);
        return r;
    }

    /**
     * Everything needed to go on: the state being relaxed, its step and energy, the states found.
     * Its step is the count over all states (the state's own step is the value "state_step").
     */
    public Checkpoint checkpoint() {
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        values.put("state", (long) stateIndex);
        values.put("state_step", propagator.step());
        values.put("total_steps", total);
        values.put("energy", energy);
        values.put("change", change);
        values.put("energies", Arrays.copyOf(energies, found.size()));
        double[] conv = new double[found.size()];
        for (int i = 0; i < conv.length; i++) conv[i] = stateConverged[i] ? 1 : 0;
        values.put("converged", conv);
        if (problem != null) values.put("problem_state", (long) problemState());
        Map<String, ComplexField> fields = new java.util.LinkedHashMap<>();
        ComplexField psi = new ComplexField(backend.grid(), backend.precision());
        backend.download(propagator.psi(), psi);
        fields.put("psi", psi);
        for (int i = 0; i < foundHost.size(); i++) fields.put("state_" + i, foundHost.get(i));
        // numbered by the steps over all states, so that a later checkpoint always has a larger number
        return new Checkpoint(total, propagator.time(), secondsStepping, values, fields);
    }

    private int problemState() {
        for (int i = 0; i < stateConverged.length && i < found.size(); i++) if (!stateConverged[i]) return i;
        return -1;
    }

    /** Goes on from a checkpoint of {@link #checkpoint()} (the same Hamiltonian, grid and states). */
    public void restore(Checkpoint c) {
        int k = (int) c.number("state");
        double[] e = c.array("energies"), conv = c.array("converged");
        if (k < 0 || k > states || e == null || e.length != Math.min(k, states)) {
            throw new IllegalArgumentException("the checkpoint is of another relaxation (state " + k + " of " + states + ")");
        }
        for (DeviceBuffer b : found) b.close();
        found.clear();
        foundHost.clear();
        for (int i = 0; i < e.length; i++) {
            ComplexField f = c.fields().get("state_" + i);
            if (f == null) throw new IllegalArgumentException("the checkpoint lacks state_" + i);
            DeviceBuffer b = backend.allocate();
            backend.upload(f, b);
            found.add(b);
            foundHost.add(f.to(backend.precision()));
            energies[i] = e[i];
            stateConverged[i] = conv != null && conv[i] != 0;
        }
        stateIndex = k;
        total = (long) c.number("total_steps");
        energy = c.number("energy");
        change = c.number("change");
        secondsStepping = c.secondsStepping();
        int p = problemState();
        problem = p < 0 ? null : String.format(Locale.ROOT, "state %d did not converge in the step budget (before the resume)", p);
        if (k < states) {
            propagator.reset(c.fields().get("psi"), (long) c.number("state_step"), c.time());
            resumed = true;
        }
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
