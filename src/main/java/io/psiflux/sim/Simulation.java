package io.psiflux.sim;

import io.psiflux.backend.Backend;
import io.psiflux.backend.DeviceBuffer;
import io.psiflux.backend.Moments;
import io.psiflux.field.ComplexField;
import io.psiflux.field.RealField;
import io.psiflux.observe.FieldKind;
import io.psiflux.observe.FluxMeter;
import io.psiflux.observe.FluxPlane;
import io.psiflux.observe.Helmholtz;
import io.psiflux.observe.Observation;
import io.psiflux.physics.Hamiltonian;
import io.psiflux.physics.InitialState;
import io.psiflux.propagate.Scheme;
import io.psiflux.propagate.SplitOperator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A run: a propagator, a clock, and an output schedule (steps 0, every, 2 every, ..., steps).
 * Owns the backend it is given. Host copies for snapshots, the flux meter and the Helmholtz
 * scratch are allocated once, here.
 *
 * <p>In real time {@link #run} steps to {@code steps}, measuring the flux planes after every
 * step. In imaginary time it relaxes {@link Options#states()} states one after the other: each
 * step is followed by Gram-Schmidt against the states already found and renormalisation, and a
 * state is done when its energy changes by at most {@code tolerance} (relative) in one step, or
 * after {@code steps} steps (then the run reports that it did not converge).
 */
public final class Simulation implements AutoCloseable {
    private final Backend backend;
    private final Hamiltonian hamiltonian;
    private final SplitOperator propagator;
    private final Options options;
    private final ComplexField psi0;
    private final long steps;
    private final int every;
    private final Set<FieldKind> fields;
    private final ComplexField psiHost;
    private final RealField density;
    private final RealField current;
    private final RealField transport;
    private final RealField circulating;
    private final Helmholtz helmholtz;
    private final FluxMeter meter;
    /** Imaginary time: the states found so far (orthonormal), device buffers. */
    private final List<DeviceBuffer> found = new ArrayList<>();
    private double secondsStepping;

    public Simulation(Backend backend, Hamiltonian h, InitialState initial, double dt, long steps, int every,
                      Set<FieldKind> fields) {
        this(backend, h, initial, dt, steps, every, fields, Options.DEFAULT);
    }

    public Simulation(Backend backend, Hamiltonian h, InitialState initial, double dt, long steps, int every,
                      Set<FieldKind> fields, Options options) {
        this.backend = backend;
        this.hamiltonian = h;
        this.options = options;
        this.steps = steps;
        this.every = every;
        this.fields = fields.isEmpty() ? EnumSet.noneOf(FieldKind.class) : EnumSet.copyOf(fields);
        this.propagator = new SplitOperator(backend, h, dt, new Scheme(options.order(), options.imaginary()));
        this.psi0 = initial.create(backend.grid(), backend.precision(), h.hbar());
        this.psiHost = new ComplexField(backend.grid(), backend.precision());
        this.density = RealField.scalar(backend.grid(), backend.precision());
        this.current = RealField.vector(backend.grid(), backend.precision());
        boolean split = this.fields.contains(FieldKind.CURRENT_TRANSPORT) || this.fields.contains(FieldKind.CURRENT_CIRCULATING);
        this.helmholtz = split ? new Helmholtz(backend) : null;
        this.transport = split ? RealField.vector(backend.grid(), backend.precision()) : null;
        this.circulating = split ? RealField.vector(backend.grid(), backend.precision()) : null;
        this.meter = options.flux().isEmpty() ? null : new FluxMeter(backend, h, options.flux());
        reset();
    }

    /** Back to the initial state at t = 0 (imaginary time: forgets the states found). */
    public void reset() {
        for (DeviceBuffer b : found) b.close();
        found.clear();
        propagator.reset(psi0, 0, 0.0);
        if (options.imaginary()) propagator.orthonormalise(found);
        if (meter != null) meter.start(propagator.psi());
    }

    public Backend backend() {
        return backend;
    }

    public Hamiltonian hamiltonian() {
        return hamiltonian;
    }

    public SplitOperator propagator() {
        return propagator;
    }

    public Options options() {
        return options;
    }

    public long step() {
        return propagator.step();
    }

    public double time() {
        return propagator.time();
    }

    /**
     * Advances n steps and adds their wall time to the stepping clock. With flux planes the steps
     * go one at a time and the flux is measured after each; in imaginary time each step is
     * followed by Gram-Schmidt against the states found and renormalisation.
     */
    public void advance(int n) {
        long t0 = System.nanoTime();
        if (meter == null && !options.imaginary()) {
            propagator.advance(n);
        } else {
            for (int s = 0; s < n; s++) {
                propagator.advance(1);
                if (options.imaginary()) propagator.orthonormalise(found);
                if (meter != null) meter.step(propagator.psi(), propagator.dt());
            }
        }
        backend.finish();
        secondsStepping += (System.nanoTime() - t0) * 1e-9;
    }

    /** Seconds spent stepping so far. */
    public double secondsStepping() {
        return secondsStepping;
    }

    /** The scalar observables now, with absorbed, flux_NAME and through_NAME where configured. */
    public Observation observe() {
        propagator.syncPotential();
        Moments m = backend.moments(propagator.psi(), hamiltonian);
        Observation o = Observation.of(step(), time(), m);
        if (hamiltonian.absorber() != null) o = o.with("absorbed", 1 - m.norm());
        if (meter != null) {
            List<FluxPlane> planes = meter.planes();
            for (int p = 0; p < planes.size(); p++) o = o.with("flux_" + planes.get(p).name(), meter.flux(p));
            for (int p = 0; p < planes.size(); p++) o = o.with("through_" + planes.get(p).name(), meter.through(p));
        }
        if (options.imaginary()) o = o.with("state", found.size());
        return o;
    }

    /**
     * A snapshot now, with the given fields filled in (the others null). Returned fields are this
     * simulation's own host buffers, overwritten by the next call: copy what you keep.
     */
    public Snapshot snapshot(Observation o, Set<FieldKind> with) {
        boolean needPsi = with.contains(FieldKind.PSI);
        boolean wantT = with.contains(FieldKind.CURRENT_TRANSPORT), wantC = with.contains(FieldKind.CURRENT_CIRCULATING);
        boolean split = helmholtz != null && (wantT || wantC);
        if (needPsi) backend.download(propagator.psi(), psiHost);
        if (with.contains(FieldKind.DENSITY)) backend.density(propagator.psi(), density);
        if (with.contains(FieldKind.CURRENT) || split) backend.current(propagator.psi(), hamiltonian.currentScale(), current);
        if (split) helmholtz.split(current, transport, circulating);
        return new Snapshot(o.step(), o.time(), backend.grid(), needPsi ? psiHost : null,
                with.contains(FieldKind.DENSITY) ? density : null, with.contains(FieldKind.CURRENT) ? current : null,
                propagator.potentialField(), o.norm(), o.energy(),
                split && wantT ? transport : null, split && wantC ? circulating : null);
    }

    /** Runs every step, writing at output steps, and reports progress along the way. */
    public RunResult run(Output out, Progress progress) throws IOException {
        if (options.imaginary()) return relax(out, progress);
        Observation last = observe();
        out.write(last, snapshot(last, fields));
        long lastReport = System.nanoTime();
        while (step() < steps) {
            long nextOutput = Math.min(steps, (step() / every + 1) * every);
            while (step() < nextOutput) {
                int chunk = (int) Math.min(nextOutput - step(), chunkSize());
                advance(chunk);
                long now = System.nanoTime();
                if (now - lastReport > 200_000_000L) {
                    progress.update(step(), steps, secondsStepping);
                    lastReport = now;
                }
            }
            last = observe();
            if (!Double.isFinite(last.norm())) {
                throw new IllegalStateException("the wavefunction became NaN or infinite at step " + step());
            }
            out.write(last, snapshot(last, fields));
        }
        progress.update(step(), steps, secondsStepping);
        Map<String, Double> through = new LinkedHashMap<>();
        if (meter != null) {
            for (int p = 0; p < meter.planes().size(); p++) through.put(meter.planes().get(p).name(), meter.through(p));
        }
        RunResult r = new RunResult(backend.name(), backend.device(), backend.precision().toString(), steps,
                secondsStepping, last.norm(), last.energy(), Collections.unmodifiableMap(through), null, true, null);
        out.finish(r);
        return r;
    }

    /**
     * Imaginary time: finds the lowest {@code states} states in turn. State 0 starts from the
     * initial state; state k > 0 from the initial state times a fixed pseudo-random factor (seed
     * k), so it overlaps the states of every symmetry, projected off the states already found.
     */
    private RunResult relax(Output out, Progress progress) throws IOException {
        int states = options.states();
        double[] energies = new double[states];
        String problem = null;
        long total = 0, budget = steps * states;
        long lastReport = System.nanoTime();
        Observation last = null;
        for (int k = 0; k < states; k++) {
            propagator.reset(k == 0 ? psi0 : perturbed(psi0, k), 0, 0.0);
            propagator.orthonormalise(found);
            Observation o = observe();
            out.write(o, snapshot(o, Set.of()));
            double e = o.energy(), change = Double.NaN;
            boolean converged = false;
            while (step() < steps) {
                advance(1);
                total++;
                double next = backend.moments(propagator.psi(), hamiltonian).energy();
                change = Math.abs(next - e) / Math.abs(next);
                e = next;
                if (!Double.isFinite(e)) {
                    throw new IllegalStateException("the energy became NaN or infinite at step " + step() + " of state " + k);
                }
                converged = change <= options.tolerance();
                if (converged) break;
                if (step() % every == 0) {
                    o = observe();
                    out.write(o, snapshot(o, Set.of()));
                }
                long now = System.nanoTime();
                if (now - lastReport > 200_000_000L) {
                    progress.update(total, budget, secondsStepping);
                    lastReport = now;
                }
            }
            last = observe();
            if (step() % every != 0 || converged) out.write(last, snapshot(last, Set.of()));
            energies[k] = last.energy();
            if (!converged && problem == null) {
                problem = String.format(Locale.ROOT, "state %d did not converge in %d steps: its energy %.10g still changed by "
                        + "%.3g (relative) in the last step, more than time.tolerance = %s; raise time.steps (or dt)",
                        k, steps, e, change, options.tolerance());
            }
            DeviceBuffer keep = backend.allocate();
            backend.copy(propagator.psi(), keep);
            found.add(keep);
            backend.download(keep, psiHost);
            out.state(k, psiHost);
        }
        progress.update(total, budget, secondsStepping);
        RunResult r = new RunResult(backend.name(), backend.device(), backend.precision().toString(), total,
                secondsStepping, last.norm(), last.energy(), Map.of(), energies, problem == null, problem);
        out.finish(r);
        return r;
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

    /** Steps per chunk: about a tenth of a second of work, so progress stays live. */
    private int chunkSize() {
        if (step() == 0 || secondsStepping <= 0) return 1;
        double perStep = secondsStepping / step();
        return (int) Math.max(1, Math.min(1 << 20, 0.1 / perStep));
    }

    @Override
    public void close() {
        for (DeviceBuffer b : found) b.close();
        found.clear();
        if (meter != null) meter.close();
        if (helmholtz != null) helmholtz.close();
        propagator.close();
        backend.close();
    }
}
