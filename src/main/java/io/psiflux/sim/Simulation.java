package io.psiflux.sim;

import io.psiflux.backend.Backend;
import io.psiflux.backend.Backends;
import io.psiflux.backend.Moments;
import io.psiflux.field.Complex;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Grid;
import io.psiflux.observe.Correlations;
import io.psiflux.observe.FieldKind;
import io.psiflux.observe.Vortices;
import io.psiflux.observe.FluxMeter;
import io.psiflux.observe.FluxPlane;
import io.psiflux.observe.Helmholtz;
import io.psiflux.observe.Observation;
import io.psiflux.observe.Spectrum;
import io.psiflux.observe.ProbabilityBudget;
import io.psiflux.observe.TrajectorySpec;
import io.psiflux.observe.Trajectories;
import io.psiflux.physics.Hamiltonian;
import io.psiflux.physics.InitialState;
import io.psiflux.propagate.Chebyshev;
import io.psiflux.propagate.Propagator;
import io.psiflux.propagate.Scheme;
import io.psiflux.propagate.SplitOperator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A simulation in real time, after Oceananigans' {@code Simulation}: a model (the split-operator
 * propagator of a {@link Hamiltonian} on a {@link Backend}), its clock (step and time), and an
 * ordered list of scheduled {@link Action}s (output writers, the flux meter, the NaN check, and
 * whatever a caller adds with {@link #schedule}). {@link #advance} steps and runs each action after
 * the steps its {@link Schedule} names; the command line, the viewer's stepping thread and the
 * Java API all drive it the same way.
 *
 * <pre>{@code
 * try (Simulation sim = Simulation.builder(grid, hamiltonian).initial(state).dt(0.005).build()) {
 *     sim.advance(100);
 *     Observation o = sim.observe();
 *     RealField rho = sim.density();
 * }
 * }</pre>
 *
 * Owns its backend. Host copies for snapshots, the flux meter and the Helmholtz scratch are
 * allocated once; {@link #psi()}, {@link #density()}, {@link #current()} and {@link #potential()}
 * return new fields the caller keeps. Imaginary time is its own solver, {@link Relaxation}.
 */
public final class Simulation implements AutoCloseable {
    /**
     * {@link #run} steps in chunks that end at multiples of this many steps (and at the steps its
     * actions are due), never where wall time says: fused steps merge the potential half steps
     * inside a chunk, so chunk ends decide the last bits, and a run resumed from a checkpoint must
     * break where the uninterrupted run did. Between chunks: the NaN check, progress, a stop request.
     */
    public static final int CHUNK = 32;

    private final Backend backend;
    private final Hamiltonian hamiltonian;
    private final Propagator propagator;
    private final ComplexField psi0;
    private final FluxMeter meter;
    /** The budget of the slab the planes bound, or null (see {@link ProbabilityBudget}). */
    private final ProbabilityBudget budget;
    /** The Bohmian trajectories followed, or null. */
    private final Trajectories trajectories;
    private final List<Scheduled> actions = new ArrayList<>();
    private final ComplexField psiHost;
    private final RealField densityHost;
    private final RealField currentHost;
    private RealField transport;
    private RealField circulating;
    private Helmholtz helmholtz;
    private double secondsStepping;
    /** The step of the last row {@link #run} wrote, or -1. */
    private long lastWritten = -1;
    /** The correlation functions sampled for spectra, or null (see {@link Builder#spectrum}). */
    private Correlations correlations;
    private SpectrumOptions spectrumOptions;
    /** The step of psi(0) of the correlations: samples are taken every spectrumOptions.every() steps from it. */
    private long correlationOrigin;
    /** The step of the newest sample of the correlations, or -1. */
    private long sampledAt = -1;
    /** How many samples the spectra {@link #run} wrote last were made of. */
    private int spectraWritten;

    /** An action with its schedule and the step it is next due at. */
    private static final class Scheduled {
        final String name;
        final Schedule schedule;
        final Action action;
        /** Runs after every other action of its step, {@link #run}'s output included. */
        final boolean last;
        long due;

        Scheduled(String name, Schedule schedule, Action action, long step, boolean last) {
            this.name = name;
            this.schedule = schedule;
            this.action = action;
            this.last = last;
            this.due = schedule.next(step);
        }
    }

    private Simulation(Backend backend, Hamiltonian h, InitialState initial, double dt, int order, List<FluxPlane> flux,
                       TrajectorySpec paths, Method method) {
        this.backend = backend;
        this.hamiltonian = h;
        this.propagator = method == Method.CHEBYSHEV ? new Chebyshev(backend, h, dt) : new SplitOperator(backend, h, dt, new Scheme(order, false));
        this.psi0 = initial.create(backend.grid(), backend.precision(), h.hbar());
        this.psiHost = new ComplexField(backend.grid(), backend.precision());
        this.densityHost = RealField.scalar(backend.grid(), backend.precision());
        this.currentHost = RealField.vector(backend.grid(), backend.precision());
        this.meter = flux.isEmpty() ? null : new FluxMeter(backend, h, flux);
        if (meter != null) schedule("flux", Schedule.everyStep(), sim -> meter.step(propagator.psi(), propagator.dt()));
        this.budget = meter == null ? null : ProbabilityBudget.of(backend.grid(), flux);
        this.trajectories = paths == null ? null : new Trajectories(backend, h, psi0, paths);
        if (trajectories != null) {
            schedule("trajectories", Schedule.everyStep(), sim -> trajectories.step(propagator.psi(), propagator.dt()));
            if (paths.every() > 0) {
                schedule("trajectory rows", Schedule.iterationInterval(paths.every()), sim -> trajectories.record(step(), time()));
            }
        }
        reset();
    }

    /** A builder of a simulation of {@code h} on {@code grid}; initial state and dt are required. */
    public static Builder builder(Grid grid, Hamiltonian h) {
        return new Builder(grid, h);
    }

    // ---- the model and its clock ---------------------------------------------------------------------

    public Backend backend() {
        return backend;
    }

    public Hamiltonian hamiltonian() {
        return hamiltonian;
    }

    public Propagator propagator() {
        return propagator;
    }

    public Grid grid() {
        return backend.grid();
    }

    /** Steps taken since t = 0. */
    public long step() {
        return propagator.step();
    }

    /** Simulated time, step() dt. */
    public double time() {
        return propagator.time();
    }

    public double dt() {
        return propagator.dt();
    }

    /** The flux planes measured every step (empty when none). */
    public List<FluxPlane> fluxPlanes() {
        return meter == null ? List.of() : meter.planes();
    }

    /** The Bohmian trajectories followed (rows recorded, positions now), or null when none. */
    public Trajectories trajectories() {
        return trajectories;
    }

    /** Seconds spent stepping so far (the steps only: no actions, no output). */
    public double secondsStepping() {
        return secondsStepping;
    }

    // ---- actions ---------------------------------------------------------------------------------------

    /**
     * Runs {@code action} after the steps {@code when} names, after the actions scheduled before
     * it. Returns this simulation.
     */
    public Simulation schedule(String name, Schedule when, Action action) {
        int at = 0;
        while (at < actions.size() && !actions.get(at).last) at++;
        actions.add(at, new Scheduled(name, when, action, step(), false));
        return this;
    }

    /**
     * Runs {@code action} after the steps {@code when} names, after every action of
     * {@link #schedule} and after {@link #run}'s output of that step: for checkpoints, whose step
     * then always has its row and snapshot on disk already (a run killed between the two would
     * otherwise resume without them). Returns this simulation.
     */
    public Simulation scheduleLast(String name, Schedule when, Action action) {
        actions.add(new Scheduled(name, when, action, step(), true));
        return this;
    }

    /** Removes the actions of this name. */
    public void unschedule(String name) {
        actions.removeIf(a -> a.name.equals(name));
    }

    // ---- stepping ---------------------------------------------------------------------------------------

    /** Back to the initial state at t = 0 (the flux integrals restart). */
    public void reset() {
        propagator.reset(psi0, 0, 0.0);
        if (trajectories != null) {
            trajectories.reset(propagator.psi());
            trajectories.record(0, 0.0);
        }
        restart();
    }

    /**
     * Replaces the state with {@code psi} (any precision, this grid), keeping the clock; the flux
     * integrals restart from it.
     */
    public void setPsi(ComplexField psi) {
        if (!psi.grid().equals(grid())) throw new IllegalArgumentException("psi is on " + psi.grid() + ", the simulation on " + grid());
        propagator.reset(psi, step(), time());
        if (trajectories != null) trajectories.rebase(propagator.psi());
        restart();
    }

    private void restart() {
        if (meter != null) meter.start(propagator.psi());
        startCorrelations();
        if (budget != null) budget.start(between());
        for (Scheduled a : actions) a.due = a.schedule.next(step());
        lastWritten = -1;
    }

    /**
     * Advances {@code n} steps, running every action after the steps it is due at. Steps between
     * due steps go to the backend in one fused call; their wall time adds to the stepping clock.
     *
     * @throws UncheckedIOException when an action fails to write
     */
    public void advance(long n) {
        long end = step() + n;
        while (step() < end) {
            long next = end;
            for (Scheduled a : actions) next = Math.min(next, a.due);
            stepTo(next);
            for (Scheduled a : actions) {
                if (a.due <= step()) {
                    try {
                        a.action.run(this);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    a.due = a.schedule.next(step());
                }
            }
        }
    }

    private void stepTo(long target) {
        long t0 = System.nanoTime();
        while (step() < target) propagator.advance((int) Math.min(Integer.MAX_VALUE, target - step()));
        backend.finish();
        secondsStepping += (System.nanoTime() - t0) * 1e-9;
    }

    // ---- reading ----------------------------------------------------------------------------------------

    /** The scalar observables now, with absorbed and flux_NAME, through_NAME where configured. */
    public Observation observe() {
        propagator.syncPotential();
        Moments m = backend.moments(propagator.psi(), hamiltonian);
        Observation o = Observation.of(step(), time(), m);
        if (grid().rank() > 1) o = o.with("lz", m.lz() / m.norm());
        if (hamiltonian.nonlinearity() != 0) o = o.with("mu", m.chemicalPotential());
        if (hamiltonian.absorber() != null) o = o.with("absorbed", 1 - m.norm());
        if (meter != null) {
            List<FluxPlane> planes = meter.planes();
            for (int p = 0; p < planes.size(); p++) o = o.with("flux_" + planes.get(p).name(), meter.flux(p));
            for (int p = 0; p < planes.size(); p++) o = o.with("through_" + planes.get(p).name(), meter.through(p));
        }
        if (correlations != null) o = withCorrelations(o);
        if (budget != null) {
            double between = between();
            o = o.with(ProbabilityBudget.BETWEEN, between).with(ProbabilityBudget.OUTSIDE, m.norm() - between)
                    .with(ProbabilityBudget.RESIDUAL, budget.residual(between, meter.through(budget.lowPlane()),
                            meter.through(budget.highPlane())));
        }
        return o;
    }

    /** The probability between the budget's planes now (through the density host buffer). */
    private double between() {
        backend.density(propagator.psi(), densityHost);
        return budget.between(densityHost);
    }

    /**
     * A snapshot now, with the given fields filled in (the others null). Returned fields are this
     * simulation's own host buffers, overwritten by the next call: copy what you keep.
     */
    public Snapshot snapshot(Observation o, Set<FieldKind> with) {
        boolean wantV = with.contains(FieldKind.VORTICES) && grid().rank() > 1;
        boolean needPsi = with.contains(FieldKind.PSI) || wantV;
        boolean wantT = with.contains(FieldKind.CURRENT_TRANSPORT), wantC = with.contains(FieldKind.CURRENT_CIRCULATING);
        boolean split = wantT || wantC;
        if (split && helmholtz == null) {
            helmholtz = new Helmholtz(backend);
            transport = RealField.vector(grid(), backend.precision());
            circulating = RealField.vector(grid(), backend.precision());
        }
        boolean wantJ = with.contains(FieldKind.CURRENT) || split;
        if (needPsi) backend.download(propagator.psi(), psiHost);
        if (with.contains(FieldKind.DENSITY) || (wantJ && hamiltonian.axisSplit())) backend.density(propagator.psi(), densityHost);
        if (wantJ) {
            backend.current(propagator.psi(), hamiltonian.currentScale(), currentHost);
            gaugeInvariant(currentHost, densityHost);
        }
        if (split) helmholtz.split(currentHost, transport, circulating);
        return new Snapshot(o.step(), o.time(), grid(), with.contains(FieldKind.PSI) ? psiHost : null,
                with.contains(FieldKind.DENSITY) ? densityHost : null, with.contains(FieldKind.CURRENT) ? currentHost : null,
                propagator.potentialField(), o.norm(), o.energy(),
                split && wantT ? transport : null, split && wantC ? circulating : null, wantV ? Vortices.find(psiHost) : null,
                trajectories == null ? null : trajectories.paths());
    }

    /** psi now, a new host field in the backend's precision (interleaved, C order). */
    public ComplexField psi() {
        ComplexField f = new ComplexField(grid(), backend.precision());
        backend.download(propagator.psi(), f);
        return f;
    }

    /** |psi|^2 now, a new scalar field. */
    public RealField density() {
        RealField f = RealField.scalar(grid(), backend.precision());
        backend.density(propagator.psi(), f);
        return f;
    }

    /**
     * The probability current now, a new vector field (rank, *grid): j = (hbar/m) Im(psi* grad psi)
     * - rho D r, gauge invariant with a vector potential, and in a rotating frame the rotating-frame
     * current (see {@code Hamiltonian.drift}).
     */
    public RealField current() {
        RealField f = RealField.vector(grid(), backend.precision());
        backend.current(propagator.psi(), hamiltonian.currentScale(), f);
        if (hamiltonian.axisSplit()) gaugeInvariant(f, density());
        return f;
    }

    /** j <- j - rho D r: the drift of a field or a rotation (a no-op without one). */
    private void gaugeInvariant(RealField j, RealField rho) {
        if (!hamiltonian.axisSplit()) return;
        double[][] drift = hamiltonian.drift();
        Grid g = grid();
        int n = g.points();
        double[] x = new double[3];
        for (int p = 0; p < n; p++) {
            for (int e = 0; e < 3; e++) x[e] = g.axis(e).x(g.index(p, e));
            double r = rho.get(p);
            for (int d = 0; d < g.rank(); d++) {
                double w = drift[d][0] * x[0] + drift[d][1] * x[1] + drift[d][2] * x[2];
                if (w != 0) j.set(d, p, j.get(d, p) - r * w);
            }
        }
    }

    /** The real potential V now, a new scalar field in double precision. */
    public RealField potential() {
        propagator.syncPotential();
        return propagator.potentialField().copy();
    }

    // ---- correlation functions and spectra --------------------------------------------------------------

    /**
     * Samples C(t) = <psi(0)|psi(t)> (and the current correlation) every {@code o.every()} steps
     * from now, psi(0) being the state now; with the current correlation, phi = J psi(0) is stepped
     * beside psi from here on.
     */
    private void enableSpectrum(SpectrumOptions o) {
        if (o.currentAxis() >= grid().rank()) {
            throw new IllegalArgumentException("the current correlation's axis " + o.currentAxis() + " is not an axis of " + grid());
        }
        spectrumOptions = o;
        correlations = new Correlations(backend, hamiltonian, o.currentAxis());
        if (correlations.phi() != null) propagator.alsoStep(correlations.phi());
        startCorrelations();
        schedule("correlation", s -> correlationOrigin + (Math.floorDiv(s - correlationOrigin, o.every()) + 1) * o.every(), sim -> {
            correlations.record(propagator.psi());
            sampledAt = step();
        });
    }

    /** psi(0) of the correlations becomes psi now, and its sample (C = norm) the first. */
    private void startCorrelations() {
        if (correlations == null) return;
        correlationOrigin = step();
        correlations.start(propagator.psi());
        correlations.record(propagator.psi());
        sampledAt = step();
        spectraWritten = 0;
    }

    /** o with the columns autocorrelation_re, _im (and current_correlation_re, _im): the sample now. */
    private Observation withCorrelations(Observation o) {
        Complex a, j;
        if (sampledAt == step()) {
            a = correlations.last(false);
            j = correlations.current() ? correlations.last(true) : null;
        } else {
            a = correlations.autocorrelation(propagator.psi());
            j = correlations.currentCorrelation(propagator.psi());
        }
        o = o.with("autocorrelation_re", a.re()).with("autocorrelation_im", a.im());
        if (j != null) o = o.with("current_correlation_re", j.re()).with("current_correlation_im", j.im());
        return o;
    }

    /** What this simulation samples for spectra, or null when nothing (see {@link Builder#spectrum}). */
    public SpectrumOptions spectrumOptions() {
        return spectrumOptions;
    }

    /**
     * The spectrum of the autocorrelation's samples so far ({@link Spectrum}), or null without
     * {@link Builder#spectrum} or before the second sample.
     */
    public Spectrum spectrum() {
        return spectrumOf(false);
    }

    /** The spectrum of the current correlation's samples so far, or null without it or before the second sample. */
    public Spectrum currentSpectrum() {
        return correlations != null && correlations.current() ? spectrumOf(true) : null;
    }

    private Spectrum spectrumOf(boolean current) {
        if (correlations == null) return null;
        double[][] c = correlations.series(current);
        return Spectrum.of(c[0], c[1], c[0].length, spectrumOptions.every() * dt(), hamiltonian.hbar(), spectrumOptions.threshold());
    }

    /**
     * Writes the spectra of the samples so far to {@code out} ("spectrum", and "current_spectrum"
     * with the current correlation).
     */
    private void writeSpectra(Output out) throws IOException {
        Spectrum s = spectrum();
        if (s != null) out.spectrum("spectrum", s);
        Spectrum j = currentSpectrum();
        if (j != null) out.spectrum("current_spectrum", j);
        spectraWritten = correlations.samples();
    }

    /**
     * Whether {@link #run} rewrites the spectra at this output step: when the number of samples has
     * grown by an eighth since the last write (at each of the first 8), so that all the rewriting
     * costs about 9 times the final write (files are whole at every moment: a killed run leaves the
     * spectra of at least 8/9 of its samples, and --resume recomputes them from the checkpoint).
     */
    private boolean spectraDue() {
        int n = correlations.samples();
        return n >= spectraWritten + Math.max(1, spectraWritten / 8);
    }

    /**
     * One line when the energy now lies outside the spectra's range [-pi hbar / (every dt),
     * pi hbar / (every dt)) (its lines then fold back by the range's width); null when it does not,
     * or without spectra.
     */
    public String spectrumWarning() {
        if (correlations == null) return null;
        double half = Math.PI * hamiltonian.hbar() / (spectrumOptions.every() * dt());
        double e = observe().energy();
        if (!(Math.abs(e) >= half)) return null;
        return String.format(Locale.ROOT, "warning: the spectrum covers energies in [-%.4g, %.4g) (pi hbar / (output.every dt)), "
                + "but the energy is %.6g: its lines fold back by %.4g; use output.every <= %d", half, half, e, 2 * half,
                Math.max(1, (long) Math.floor(Math.PI * hamiltonian.hbar() / (1.5 * Math.abs(e) * dt()))));
    }

    // ---- the run loop -----------------------------------------------------------------------------------

    /** {@link #run(long, int, Set, Output, Progress, BooleanSupplier)} that is never asked to stop. */
    public RunResult run(long steps, int every, Set<FieldKind> fields, Output out, Progress progress) throws IOException {
        return run(steps, every, fields, out, progress, () -> false);
    }

    /**
     * Runs {@code steps} more steps, writing a row and the snapshot fields {@code fields} to
     * {@code out} at every step that is a multiple of {@code every} (counted from t = 0) and at the
     * last step, each step at most once (the state a run starts from is written when it is an
     * output step not written yet). Between chunks of {@link #CHUNK} steps it checks that psi is
     * finite ({@link NumericalFailure} otherwise), reports progress a few times a second, and asks
     * {@code stop}: when that says true the run ends after the current chunk, without a row, with
     * status "interrupted". Finishes {@code out} with the result.
     */
    public RunResult run(long steps, int every, Set<FieldKind> fields, Output out, Progress progress, BooleanSupplier stop)
            throws IOException {
        if (steps < 0) throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        if (every < 1) throw new IllegalArgumentException("every must be >= 1, got " + every);
        Set<FieldKind> with = fields.isEmpty() ? EnumSet.noneOf(FieldKind.class) : EnumSet.copyOf(fields);
        long start = step(), end = start + steps;
        Action write = sim -> {
            Observation o = observe();
            if (!Double.isFinite(o.norm())) throw failure(step());
            if (trajectories != null) trajectories.record(step(), time());
            Snapshot s = snapshot(o, with);
            if (s.vortices() != null) {
                o = grid().rank() == 2 ? o.with("vortices", s.vortices().total()) : o.with("vortex_length", s.vortices().length());
            }
            out.write(o, s);
            lastWritten = step();
            if (correlations != null && spectraDue()) writeSpectra(out);
        };
        if (lastWritten != step() && step() % every == 0) write.run(this);
        String name = "output " + System.identityHashCode(write);
        schedule(name, Schedule.iterationInterval(every), write);
        long lastReport = System.nanoTime();
        boolean interrupted = false;
        try {
            while (step() < end) {
                if (stop.getAsBoolean()) {
                    interrupted = true;
                    break;
                }
                long from = step();
                try {
                    advance(Math.min(end - step(), CHUNK - Math.floorMod(step(), CHUNK)));
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
                if (!Double.isFinite(backend.inner(propagator.psi(), propagator.psi()).re())) throw failure(from);
                long now = System.nanoTime();
                if (now - lastReport > 200_000_000L) {
                    progress.update(step() - start, steps, secondsStepping);
                    lastReport = now;
                }
            }
        } finally {
            unschedule(name);
        }
        if (!interrupted && lastWritten != step()) write.run(this);
        if (correlations != null) writeSpectra(out);
        progress.update(step() - start, steps, secondsStepping);
        Observation last = observe();
        Map<String, Double> through = new LinkedHashMap<>();
        if (meter != null) {
            for (int p = 0; p < meter.planes().size(); p++) through.put(meter.planes().get(p).name(), meter.through(p));
        }
        RunResult r = new RunResult(backend.name(), backend.device(), backend.precision().toString(), step(),
                secondsStepping, last.norm(), last.energy(), Collections.unmodifiableMap(through), null, true, null,
                interrupted ? RunResult.INTERRUPTED : RunResult.COMPLETED, null, RunResult.finals(last));
        out.finish(r);
        return r;
    }

    /**
     * The numerical failure seen after step {@code from}, with its likely cause: a kinetic phase
     * that overflows (a tiny mass), a potential that is not finite, or a potential phase per step
     * beyond pi (dt too large for the potential's range), with the dt that would be safe.
     */
    private NumericalFailure failure(long from) {
        double dt = dt(), hbar = hamiltonian.hbar();
        double k2 = 0;
        for (int d = 0; d < grid().rank(); d++) k2 += grid().axis(d).kMax() * grid().axis(d).kMax();
        double kinetic = hamiltonian.kineticEnergy(Math.sqrt(k2)) * dt / hbar;
        RealField v = propagator.potentialField();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v.length(); i++) {
            lo = Math.min(lo, v.get(i));
            hi = Math.max(hi, v.get(i));
        }
        String where = String.format(Locale.ROOT, "the wavefunction became NaN or infinite between step %d and step %d (t = %.6g)",
                from, step(), time());
        String cause;
        if (!Double.isFinite(kinetic) || kinetic > 1e15) {
            cause = String.format(Locale.ROOT, "the kinetic phase per step, hbar k_max^2 dt / 2m = %.3g, overflows: check particle.mass (%.3g)",
                    kinetic, hamiltonian.mass());
        } else if (!(Double.isFinite(lo) && Double.isFinite(hi))) {
            cause = "the potential is not finite on the grid near that time: check its expression";
        } else {
            double phase = dt * (hi - lo) / hbar;
            cause = String.format(Locale.ROOT, "the potential's phase per step, dt (max V - min V) / hbar, is %.3g rad%s; "
                    + "dt <= %.3g keeps it under pi", phase, phase > Math.PI ? " (aliased)" : "", Math.PI * hbar / (hi - lo));
        }
        return new NumericalFailure(step(), where + "; " + cause);
    }

    // ---- checkpoints ------------------------------------------------------------------------------------

    /** Everything this simulation needs to go on later from this step (see {@link Checkpoint}). */
    public Checkpoint checkpoint() {
        Map<String, Object> values = new LinkedHashMap<>();
        if (meter != null) {
            double[] flux = new double[meter.planes().size()], through = new double[flux.length];
            for (int p = 0; p < flux.length; p++) {
                flux[p] = meter.flux(p);
                through[p] = meter.through(p);
            }
            values.put("flux", flux);
            values.put("through", through);
        }
        Map<String, ComplexField> fields = new LinkedHashMap<>();
        fields.put("psi", psi());
        if (correlations != null) {
            // psi(0), phi and the samples so far: what the spectra need to go on
            values.put("correlation_origin", correlationOrigin);
            double[][] c = correlations.series(false);
            values.put("autocorrelation_re", c[0]);
            values.put("autocorrelation_im", c[1]);
            fields.put("psi0", correlations.psi0());
            if (correlations.current()) {
                double[][] cj = correlations.series(true);
                values.put("current_correlation_re", cj[0]);
                values.put("current_correlation_im", cj[1]);
                fields.put("phi", correlations.phiNow());
            }
        }
        if (budget != null) values.put("budget_start", budget.start());
        if (trajectories != null) values.put("particles", trajectories.positions());
        return new Checkpoint(step(), time(), secondsStepping, values, fields);
    }

    /**
     * Goes on from a checkpoint: psi, the clock, the flux integrals and the stepping time as they
     * were; the state at its step counts as written (see {@link #run}).
     */
    public void restore(Checkpoint c) {
        ComplexField psi = c.fields().get("psi");
        if (psi == null || !psi.grid().equals(grid())) throw new IllegalArgumentException("the checkpoint holds no psi on " + grid());
        propagator.reset(psi, c.step(), c.time());
        // the rows recorded before the checkpoint come back from the run's folder (see Trajectories.history)
        if (trajectories != null) trajectories.restore(c.array("particles"), propagator.psi(), null);
        for (Scheduled a : actions) a.due = a.schedule.next(step());
        if (meter != null) {
            double[] flux = c.array("flux"), through = c.array("through");
            if (flux == null || through == null || flux.length != meter.planes().size()) {
                throw new IllegalArgumentException("the checkpoint holds no flux integrals for " + meter.planes().size() + " planes");
            }
            meter.restore(flux, through);
        }
        if (correlations != null) restoreCorrelations(c);
        if (budget != null) {
            // a checkpoint from before budgets were kept started its integrals from the initial state
            double start = c.number("budget_start");
            budget.start(Double.isNaN(start) ? budget.between(psi0) : start);
        }
        secondsStepping = c.secondsStepping();
        lastWritten = step();
    }

    /** The correlations' parts of a checkpoint: psi(0), phi, the samples and their origin. */
    private void restoreCorrelations(Checkpoint c) {
        ComplexField p0 = c.fields().get("psi0"), phi = c.fields().get("phi");
        double[] re = c.array("autocorrelation_re"), im = c.array("autocorrelation_im");
        double[] jre = c.array("current_correlation_re"), jim = c.array("current_correlation_im");
        double origin = c.number("correlation_origin");
        if (p0 == null || re == null || im == null || Double.isNaN(origin)) {
            throw new IllegalArgumentException("the checkpoint holds no autocorrelation (psi0 and its samples)");
        }
        if (correlations.current() && (phi == null || jre == null || jim == null)) {
            throw new IllegalArgumentException("the checkpoint holds no current correlation (phi and its samples)");
        }
        correlations.restore(p0, correlations.current() ? phi : null, new double[][] {re, im},
                correlations.current() ? new double[][] {jre, jim} : null);
        correlationOrigin = (long) origin;
        sampledAt = correlations.samples() > 0 ? correlationOrigin + (correlations.samples() - 1L) * spectrumOptions.every() : -1;
        spectraWritten = 0;
        for (Scheduled a : actions) a.due = a.schedule.next(step());
    }

    /**
     * One line when the potential's phase per step aliases, dt (max V - min V) / hbar > pi, at
     * t = 0 (energies and the dynamics are then garbage); null when it does not. The kinetic phase
     * alone is not a problem: free steps are exact.
     */
    public String aliasingWarning() {
        if (propagator instanceof Chebyshev) return null; // exact in time: no phase per step to alias
        propagator.syncPotential();
        RealField v = propagator.potentialField();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v.length(); i++) {
            lo = Math.min(lo, v.get(i));
            hi = Math.max(hi, v.get(i));
        }
        double phase = dt() * (hi - lo) / hamiltonian.hbar();
        if (!(phase > Math.PI)) return null;
        return String.format(Locale.ROOT, "warning: the potential's phase per step, dt (max V - min V) / hbar = %.3g rad at t = 0, "
                + "exceeds pi, so energies and dynamics alias; use time.dt <= %.3g", phase, Math.PI * hamiltonian.hbar() / (hi - lo));
    }

    @Override
    public void close() {
        if (meter != null) meter.close();
        if (trajectories != null) trajectories.close();
        if (helmholtz != null) helmholtz.close();
        if (correlations != null) correlations.close();
        propagator.close();
        backend.close();
    }

    /**
     * Builds a {@link Simulation} (real time) or a {@link Relaxation} (imaginary time) of a
     * Hamiltonian on a grid. Required: the initial state and dt. Defaults: order 2, double
     * precision, backend "auto" (the best OpenCL device, else the CPU), no flux planes.
     */
    public static final class Builder {
        private final Grid grid;
        private final Hamiltonian hamiltonian;
        private InitialState initial;
        private double dt = Double.NaN;
        private int order = Options.DEFAULT.order();
        private Precision precision = Precision.DOUBLE;
        private String kind = "auto";
        private String device;
        private Backend backend;
        private List<FluxPlane> flux = List.of();
        private TrajectorySpec trajectories;
        private Consumer<String> notes = System.err::println;
        private Method method = Method.SPLIT;
        private SpectrumOptions spectrum;

        private Builder(Grid grid, Hamiltonian h) {
            this.grid = grid;
            this.hamiltonian = h;
        }

        /** The state at t = 0 (normalised on the grid when the simulation is built). */
        public Builder initial(InitialState state) {
            this.initial = state;
            return this;
        }

        /** The state at t = 0 as values on the grid (normalised when the simulation is built). */
        public Builder initial(ComplexField psi) {
            return initial(InitialState.given(psi, "initial"));
        }

        /** The time step, > 0. */
        public Builder dt(double dt) {
            this.dt = dt;
            return this;
        }

        /** 2 (Strang) or 4 (the triple jump of Strang steps). */
        public Builder order(int order) {
            this.order = order;
            return this;
        }

        public Builder precision(Precision p) {
            this.precision = p;
            return this;
        }

        /** "auto", "cpu" or "opencl" (see {@link Backends}). */
        public Builder backend(String kind) {
            this.kind = kind;
            return this;
        }

        /** An OpenCL device by number or name (see psiflux info); null for the best. */
        public Builder device(String device) {
            this.device = device;
            return this;
        }

        /** A backend already open on this grid; the simulation takes it over and closes it. */
        public Builder backend(Backend b) {
            this.backend = b;
            return this;
        }

        /** Split-operator steps (the default) or the Chebyshev propagator (real time, static linear Hermitian H). */
        public Builder method(Method m) {
            this.method = m;
            return this;
        }

        /** Planes whose flux is measured after every step and integrated over time. */
        public Builder flux(List<FluxPlane> planes) {
            this.flux = List.copyOf(planes);
            return this;
        }

        public Builder flux(FluxPlane... planes) {
            return flux(List.of(planes));
        }

        /**
         * Samples the autocorrelation C(t) = <psi(0)|psi(t)> every {@code options.every()} steps (and
         * the current correlation along an axis) for spectra: columns autocorrelation_re, _im
         * (current_correlation_re, _im) in every {@link Observation}, {@link Simulation#spectrum()},
         * and spectrum files from {@link Simulation#run}. Real time only.
         */
        public Builder spectrum(SpectrumOptions options) {
            this.spectrum = options;
            return this;
        }

        /** Bohmian trajectories to follow (null: none); see {@link Trajectories}. */
        public Builder trajectories(TrajectorySpec spec) {
            this.trajectories = spec;
            return this;
        }

        /** Where one-line notes go (e.g. why "auto" fell back to the CPU); default standard error. */
        public Builder notes(Consumer<String> notes) {
            this.notes = notes;
            return this;
        }

        /** The simulation in real time. */
        public Simulation build() {
            check();
            Backend b = open();
            try {
                Simulation s = new Simulation(b, hamiltonian, initial, dt, order, flux, trajectories, method);
                if (spectrum != null) s.enableSpectrum(spectrum);
                return s;
            } catch (RuntimeException | Error e) {
                b.close();
                throw e;
            }
        }

        /**
         * The imaginary-time solver for the lowest {@code states} states, each done when its
         * energy changes by at most {@code tolerance} (relative) in one step.
         */
        public Relaxation relaxation(int states, double tolerance) {
            check();
            if (!flux.isEmpty()) throw new IllegalArgumentException("flux planes measure real-time flow, not imaginary time");
            if (spectrum != null) throw new IllegalArgumentException("spectra come from real-time correlation functions, not imaginary time");
            if (trajectories != null) throw new IllegalArgumentException("trajectories follow real-time flow, not imaginary time");
            Backend b = open();
            try {
                return new Relaxation(b, hamiltonian, initial, dt, order, states, tolerance);
            } catch (RuntimeException | Error e) {
                b.close();
                throw e;
            }
        }

        /**
         * The block eigensolver for the lowest states of H (see {@link Eigenstates}), started from
         * the initial state and {@code startSteps} imaginary-time steps of dt.
         */
        public Eigenstates eigenstates(Eigenstates.Settings settings, long startSteps) {
            check();
            if (!flux.isEmpty()) throw new IllegalArgumentException("flux planes measure real-time flow, not eigenstates");
            Backend b = open();
            try {
                return new Eigenstates(b, hamiltonian, initial, dt, startSteps, settings);
            } catch (RuntimeException | Error e) {
                b.close();
                throw e;
            }
        }

        private void check() {
            if (initial == null) throw new IllegalArgumentException("the initial state is required: Builder.initial(...)");
            if (!(dt > 0) || !Double.isFinite(dt)) throw new IllegalArgumentException("dt must be > 0, got " + dt);
            if (order != 2 && order != 4) throw new IllegalArgumentException("order must be 2 or 4, got " + order);
            if (backend != null && !backend.grid().equals(grid)) {
                throw new IllegalArgumentException("the backend is on " + backend.grid() + ", the simulation on " + grid);
            }
        }

        private Backend open() {
            return backend != null ? backend : Backends.open(kind, device, grid, precision, notes);
        }
    }
}
