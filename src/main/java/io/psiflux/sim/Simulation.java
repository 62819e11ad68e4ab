package io.psiflux.sim;

import io.psiflux.backend.Backend;
import io.psiflux.backend.Moments;
import io.psiflux.field.ComplexField;
import io.psiflux.field.RealField;
import io.psiflux.observe.FieldKind;
import io.psiflux.observe.Observation;
import io.psiflux.physics.InitialState;
import io.psiflux.physics.Potential;
import io.psiflux.propagate.SplitOperator;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

/**
 * A run: a propagator, a clock, and an output schedule (steps 0, every, 2 every, ..., steps).
 * Owns the backend it is given. Host copies for snapshots are allocated once, here.
 */
public final class Simulation implements AutoCloseable {
    private final Backend backend;
    private final SplitOperator propagator;
    private final InitialState initial;
    private final ComplexField psi0;
    private final long steps;
    private final int every;
    private final Set<FieldKind> fields;
    private final ComplexField psiHost;
    private final RealField density;
    private final RealField current;
    private double secondsStepping;

    public Simulation(Backend backend, Potential potential, InitialState initial, double dt, long steps, int every,
                      Set<FieldKind> fields) {
        this.backend = backend;
        this.initial = initial;
        this.steps = steps;
        this.every = every;
        this.fields = fields.isEmpty() ? EnumSet.noneOf(FieldKind.class) : EnumSet.copyOf(fields);
        this.propagator = new SplitOperator(backend, potential, dt);
        this.psi0 = initial.create(backend.grid(), backend.precision(), backend.hbar());
        this.psiHost = new ComplexField(backend.grid(), backend.precision());
        this.density = RealField.scalar(backend.grid(), backend.precision());
        this.current = RealField.vector(backend.grid(), backend.precision());
        reset();
    }

    /** Back to the initial state at t = 0. */
    public void reset() {
        propagator.reset(psi0, 0, 0.0);
    }

    public Backend backend() {
        return backend;
    }

    public SplitOperator propagator() {
        return propagator;
    }

    public long step() {
        return propagator.step();
    }

    public double time() {
        return propagator.time();
    }

    /** Advances n steps and adds their wall time to the stepping clock. */
    public void advance(int n) {
        long t0 = System.nanoTime();
        propagator.advance(n);
        backend.finish();
        secondsStepping += (System.nanoTime() - t0) * 1e-9;
    }

    /** Seconds spent stepping so far. */
    public double secondsStepping() {
        return secondsStepping;
    }

    /** The scalar observables now. */
    public Observation observe() {
        propagator.syncPotential();
        Moments m = backend.moments(propagator.psi());
        return Observation.of(step(), time(), m);
    }

    /**
     * A snapshot now, with the given fields filled in (the others null). Returned fields are this
     * simulation's own host buffers, overwritten by the next call: copy what you keep.
     */
    public Snapshot snapshot(Observation o, Set<FieldKind> with) {
        boolean needPsi = with.contains(FieldKind.PSI);
        if (needPsi) backend.download(propagator.psi(), psiHost);
        if (with.contains(FieldKind.DENSITY)) backend.density(propagator.psi(), density);
        if (with.contains(FieldKind.CURRENT)) backend.current(propagator.psi(), current);
        return new Snapshot(o.step(), o.time(), backend.grid(), needPsi ? psiHost : null,
                with.contains(FieldKind.DENSITY) ? density : null, with.contains(FieldKind.CURRENT) ? current : null,
                propagator.potentialField(), o.norm(), o.energy());
    }

    /** Runs every step, writing at output steps, and reports progress along the way. */
    public RunResult run(Output out, Progress progress) throws IOException {
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
        RunResult r = new RunResult(backend.name(), backend.device(), backend.precision().toString(), steps,
                secondsStepping, last.norm(), last.energy());
        out.finish(r);
        return r;
    }

    /** Steps per chunk: about a tenth of a second of work, so progress stays live. */
    private int chunkSize() {
        if (step() == 0 || secondsStepping <= 0) return 1;
        double perStep = secondsStepping / step();
        return (int) Math.max(1, Math.min(1 << 20, 0.1 / perStep));
    }

    @Override
    public void close() {
        propagator.close();
        backend.close();
    }
}
