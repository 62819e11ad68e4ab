package io.psiflux.sim;

import io.psiflux.backend.Backend;
import io.psiflux.backend.DeviceBuffer;
import io.psiflux.backend.Energies;
import io.psiflux.backend.Moments;
import io.psiflux.backend.Table;
import io.psiflux.field.Complex;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Grid;
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
 * The lowest eigenstates of the grid Hamiltonian H (kinetic part by FFT, with a field's or a
 * rotation's drift, plus V; {@link Backend#applyEnergies}) by a matrix-free block eigensolver,
 * LOBPCG (Knyazev 2001), on the backend.
 *
 * <p>The block holds the wanted states plus a few guard vectors (max(2, states / 5)), which speed
 * up the convergence of the highest wanted ones. It starts from the initial state (state 0) and
 * the initial state times fixed pseudo-random factors (the others, as {@link Relaxation}), relaxed
 * together by {@code startSteps} imaginary-time split steps of dt with a Rayleigh-Ritz step every
 * ten, which removes the high wavenumbers cheaply. Each LOBPCG iteration then:
 * <ol>
 *   <li>applies H to the block X and takes the true residuals r_i = H x_i - E_i x_i with
 *       E_i = &lt;x_i|H|x_i&gt; (x_i normalised);</li>
 *   <li>preconditions the residuals of the states not yet converged with (T + sigma)^-1, T the
 *       free kinetic energy, by FFT (sigma the kinetic energy the highest state can have, so the
 *       high wavenumbers that make H ill-conditioned are damped);</li>
 *   <li>does a Rayleigh-Ritz step on span(X, W, P) (P the previous update directions), with the
 *       basis's Gram matrix diagonalised first and near-dependent directions dropped, so that a
 *       nearly converged block stays well conditioned.</li>
 * </ol>
 * A state is converged when its residual norm is at most {@code tolerance} times the width of
 * H's spectrum on the grid (the kinetic range plus the range of V): its energy is then within
 * about residual^2 / gap of the grid's exact eigenvalue. Reports per state the energy, the
 * residual and whether it converged.
 *
 * <p>Refuses a nonlinearity (H depends on psi) and an absorber (H is not Hermitian). Built by
 * {@link Simulation.Builder#eigenstates}; owns its backend.
 */
public final class Eigenstates implements AutoCloseable {

    /**
     * The eigensolver's settings ([eigen]).
     *
     * @param states        how many of the lowest states, >= 1; eigen.states, default 1
     * @param tolerance     converged when ||H psi - E psi|| <= tolerance (hi - lo), [lo, hi] H's
     *                      spectral bounds; NaN for the precision's default (1e-10 double, 1e-5 single)
     * @param maxIterations the most LOBPCG iterations; eigen.iterations, default 1000
     */
    public record Settings(int states, double tolerance, int maxIterations) {
        public static final Settings DEFAULT = new Settings(1, Double.NaN, 1000);

        public Settings {
            if (states < 1) throw new IllegalArgumentException("states must be >= 1, got " + states);
            if (!(tolerance > 0) && !Double.isNaN(tolerance)) throw new IllegalArgumentException("tolerance must be > 0, got " + tolerance);
            if (maxIterations < 1) throw new IllegalArgumentException("iterations must be >= 1, got " + maxIterations);
        }

        /** The tolerance used at a precision: the one given, or the precision's default. */
        public double tolerance(Precision p) {
            return Double.isNaN(tolerance) ? (p == Precision.DOUBLE ? 1e-10 : 1e-5) : tolerance;
        }
    }

    /** What the solver found for one state. */
    public record State(double energy, double residual, boolean converged) {
    }

    private final Backend backend;
    private final Hamiltonian hamiltonian;
    private final Settings settings;
    private final double dt;
    private final long startSteps;
    private final ComplexField psi0;
    private final RealField v;
    private final Energies op;
    /** H's spectral bounds on the grid. */
    private final double lo, hi;
    private final int block;
    private final List<DeviceBuffer> x = new ArrayList<>(), hx = new ArrayList<>(), w = new ArrayList<>(), hw = new ArrayList<>(),
            p = new ArrayList<>(), hp = new ArrayList<>(), xn = new ArrayList<>(), pn = new ArrayList<>(), hpn = new ArrayList<>();
    private final double[] energies, residuals;
    private int iterations;
    private long applications;
    private double seconds;
    private List<State> result;

    Eigenstates(Backend backend, Hamiltonian h, InitialState initial, double dt, long startSteps, Settings settings) {
        if (h.nonlinearity() != 0) {
            throw new IllegalArgumentException("the eigensolver needs a linear H; g |psi|^2 depends on psi (use imaginary time)");
        }
        if (h.absorber() != null) {
            throw new IllegalArgumentException("the eigensolver needs a Hermitian H; an absorber makes it non-Hermitian (remove [absorber])");
        }
        if (h.timeDependent()) throw new IllegalArgumentException("the eigensolver needs a static H; this potential depends on t");
        this.backend = backend;
        this.hamiltonian = h;
        this.settings = settings;
        this.dt = dt;
        this.startSteps = startSteps;
        Grid g = backend.grid();
        int points = g.points();
        this.block = Math.min(settings.states() + Math.max(2, settings.states() / 5), points / 2);
        if (settings.states() > block) {
            throw new IllegalArgumentException("states: " + settings.states() + " states need at least " + 2 * settings.states()
                    + " grid points, the grid has " + points);
        }
        this.psi0 = initial.create(g, backend.precision(), h.hbar());
        this.v = RealField.scalar(g, Precision.DOUBLE);
        h.sampleV(0, v);
        double vmin = Double.POSITIVE_INFINITY, vmax = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v.length(); i++) {
            vmin = Math.min(vmin, v.get(i));
            vmax = Math.max(vmax, v.get(i));
        }
        if (!Double.isFinite(vmin) || !Double.isFinite(vmax)) throw new IllegalArgumentException("the potential is not finite on the grid");
        double[] t = h.kineticRange(g);
        this.lo = t[0] + vmin;
        this.hi = t[1] + vmax;
        backend.setPotential(v, null);
        this.op = backend.prepareEnergies(h, 1, 0);
        for (List<DeviceBuffer> l : List.of(x, hx, w, hw, p, hp, xn, pn, hpn)) for (int i = 0; i < block; i++) l.add(backend.allocate());
        this.energies = new double[block];
        this.residuals = new double[block];
    }

    /** The block size: the states asked for plus the guard vectors. */
    public int blockSize() {
        return block;
    }

    /** LOBPCG iterations of the last {@link #solve}. */
    public int iterations() {
        return iterations;
    }

    /** Applications of H in the last {@link #solve} (imaginary-time start not counted). */
    public long applications() {
        return applications;
    }

    /** H's spectral bounds [lo, hi] on the grid, as used for the tolerance. */
    public double[] spectralBounds() {
        return new double[] {lo, hi};
    }

    public Backend backend() {
        return backend;
    }

    public Hamiltonian hamiltonian() {
        return hamiltonian;
    }

    /** The potential on the grid (double precision), a copy. */
    public RealField potential() {
        return v.copy();
    }

    /** The result of the last {@link #solve}: per wanted state, lowest first. */
    public List<State> states() {
        return result;
    }

    /** State k (0 the lowest) of the last {@link #solve}, on the host, normalised. */
    public ComplexField state(int k) {
        ComplexField f = new ComplexField(backend.grid(), backend.precision());
        backend.download(x.get(k), f);
        return f;
    }

    /** Finds the states; {@code progress} hears of the iterations (total: the most iterations). */
    public List<State> solve(Progress progress) {
        long t0 = System.nanoTime();
        Grid g = backend.grid();
        applications = 0;
        iterations = 0;
        // the start: psi0 and perturbed copies, relaxed together in imaginary time
        ComplexField f = new ComplexField(g, backend.precision());
        for (int i = 0; i < block; i++) {
            Random rnd = new Random(i);
            for (int q = 0; q < f.points(); q++) {
                double s = i == 0 ? 1 : 1 + rnd.nextDouble() - 0.5;
                f.set(q, psi0.re(q) * s, psi0.im(q) * s);
            }
            backend.upload(f, x.get(i));
        }
        if (startSteps > 0) {
            try (SplitOperator imaginary = new SplitOperator(backend, hamiltonian, dt, new Scheme(2, true))) {
                for (long done = 0; done < startSteps; ) {
                    int chunk = (int) Math.min(10, startSteps - done);
                    for (DeviceBuffer b : x) {
                        backend.copy(b, imaginary.psi());
                        imaginary.advance(chunk);
                        backend.copy(imaginary.psi(), b);
                    }
                    done += chunk;
                    applyH(x, hx, block);
                    rotate(x, hx, block);
                }
            }
            backend.setPotential(v, null);
        }
        applyH(x, hx, block);
        rotate(x, hx, block);
        double tolerance = settings.tolerance(backend.precision()) * (hi - lo);
        Table precondition = preconditioner();
        boolean havePrevious = false;
        int wanted = settings.states();
        try {
            while (true) {
                applyH(x, hx, block);
                List<Integer> active = new ArrayList<>();
                boolean done = true;
                for (int i = 0; i < block; i++) {
                    double norm = backend.inner(x.get(i), x.get(i)).re();
                    double e = backend.inner(x.get(i), hx.get(i)).re() / norm;
                    DeviceBuffer r = w.get(i);
                    backend.copy(hx.get(i), r);
                    backend.axpy(Complex.real(-e), x.get(i), r);
                    energies[i] = e;
                    residuals[i] = Math.sqrt(backend.inner(r, r).re() / norm);
                    if (!Double.isFinite(e) || !Double.isFinite(residuals[i])) {
                        throw new NumericalFailure(iterations, "the eigensolver's energies became NaN or infinite at iteration "
                                + iterations + "; check the potential (is it finite on the grid?)");
                    }
                    if (residuals[i] > tolerance) {
                        active.add(i);
                        if (i < wanted) done = false;
                    }
                }
                progress.update(iterations, settings.maxIterations(), (System.nanoTime() - t0) * 1e-9);
                if (done || iterations >= settings.maxIterations()) break;
                iterations++;
                // W: the preconditioned residuals of the active states (in place), and H W
                List<DeviceBuffer> s = new ArrayList<>(x), hs = new ArrayList<>(hx);
                for (int i : active) {
                    DeviceBuffer r = w.get(i);
                    backend.fft(r, false);
                    backend.multiply(r, precondition);
                    backend.fft(r, true);
                    backend.applyEnergies(op, r, hw.get(i), 1, 0);
                    applications++;
                    s.add(r);
                    hs.add(hw.get(i));
                }
                if (havePrevious) {
                    for (int i : active) {
                        s.add(p.get(i));
                        hs.add(hp.get(i));
                    }
                }
                Complex[][] c = rayleighRitz(s, hs, block);
                backend.combine(s, c, xn);
                // P: the update without its X part
                int n = s.size();
                Complex[][] cp = new Complex[n - block][];
                for (int j = block; j < n; j++) cp[j - block] = c[j];
                backend.combine(s.subList(block, n), cp, pn);
                backend.combine(hs.subList(block, n), cp, hpn);
                swap(x, xn);
                swap(p, pn);
                swap(hp, hpn);
                havePrevious = true;
            }
        } finally {
            precondition.close();
        }
        backend.finish();
        seconds = (System.nanoTime() - t0) * 1e-9;
        List<State> out = new ArrayList<>();
        for (int i = 0; i < wanted; i++) out.add(new State(energies[i], residuals[i], residuals[i] <= tolerance));
        result = List.copyOf(out);
        return result;
    }

    private static void swap(List<DeviceBuffer> a, List<DeviceBuffer> b) {
        for (int i = 0; i < a.size(); i++) {
            DeviceBuffer t = a.get(i);
            a.set(i, b.get(i));
            b.set(i, t);
        }
    }

    private void applyH(List<DeviceBuffer> in, List<DeviceBuffer> out, int n) {
        for (int i = 0; i < n; i++) backend.applyEnergies(op, in.get(i), out.get(i), 1, 0);
        applications += n;
    }

    /** X <- the Ritz vectors of span(X) (in xn, then swapped), lowest first. */
    private void rotate(List<DeviceBuffer> xs, List<DeviceBuffer> hxs, int n) {
        Complex[][] c = rayleighRitz(xs.subList(0, n), hxs.subList(0, n), n);
        backend.combine(xs.subList(0, n), c, xn);
        swap(x, xn);
    }

    /**
     * Rayleigh-Ritz on span(s): the coefficients (rows: s, columns: the k lowest Ritz vectors,
     * orthonormal). The basis's Gram matrix B, scaled to unit diagonal, is diagonalised and its
     * directions with eigenvalue below a round-off threshold dropped; H is then diagonalised in
     * the orthonormal basis that remains.
     */
    private Complex[][] rayleighRitz(List<DeviceBuffer> s, List<DeviceBuffer> hs, int k) {
        int n = s.size();
        Complex[][] b = backend.gram(s, s), a = backend.gram(s, hs);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = b[i][i].re() > 0 ? 1 / Math.sqrt(b[i][i].re()) : 0;
        double[][] br = new double[n][n], bi = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                br[i][j] = b[i][j].re() * d[i] * d[j];
                bi[i][j] = b[i][j].im() * d[i] * d[j];
            }
        }
        DenseHermitian eb = DenseHermitian.of(br, bi);
        double top = eb.values[n - 1];
        double cut = top * (backend.precision() == Precision.DOUBLE ? 1e-13 : 1e-6);
        List<Integer> keep = new ArrayList<>();
        for (int j = 0; j < n; j++) if (eb.values[j] > cut) keep.add(j);
        int r = keep.size();
        if (r < k) {
            throw new NumericalFailure(iterations, "the eigensolver's basis collapsed (" + r + " independent vectors for " + k
                    + " states); try more imaginary-time start steps (time.steps) or fewer states");
        }
        // Z = D U_keep Lambda^-1/2 (n x r)
        double[][] zr = new double[n][r], zi = new double[n][r];
        for (int jj = 0; jj < r; jj++) {
            int j = keep.get(jj);
            double f = 1 / Math.sqrt(eb.values[j]);
            for (int i = 0; i < n; i++) {
                zr[i][jj] = d[i] * eb.vre[i][j] * f;
                zi[i][jj] = d[i] * eb.vim[i][j] * f;
            }
        }
        // A' = Z^H A Z
        double[][] tr = new double[n][r], ti = new double[n][r];
        for (int i = 0; i < n; i++) {
            for (int jj = 0; jj < r; jj++) {
                double sr = 0, si = 0;
                for (int l = 0; l < n; l++) {
                    double ar = a[i][l].re(), ai = a[i][l].im();
                    sr += ar * zr[l][jj] - ai * zi[l][jj];
                    si += ar * zi[l][jj] + ai * zr[l][jj];
                }
                tr[i][jj] = sr;
                ti[i][jj] = si;
            }
        }
        double[][] mr = new double[r][r], mi = new double[r][r];
        for (int ii = 0; ii < r; ii++) {
            for (int jj = 0; jj < r; jj++) {
                double sr = 0, si = 0;
                for (int l = 0; l < n; l++) {
                    // conj(z[l][ii]) * t[l][jj]
                    sr += zr[l][ii] * tr[l][jj] + zi[l][ii] * ti[l][jj];
                    si += zr[l][ii] * ti[l][jj] - zi[l][ii] * tr[l][jj];
                }
                mr[ii][jj] = sr;
                mi[ii][jj] = si;
            }
        }
        DenseHermitian ea = DenseHermitian.of(mr, mi);
        Complex[][] c = new Complex[n][k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                double sr = 0, si = 0;
                for (int l = 0; l < r; l++) {
                    sr += zr[i][l] * ea.vre[l][j] - zi[i][l] * ea.vim[l][j];
                    si += zr[i][l] * ea.vim[l][j] + zi[i][l] * ea.vre[l][j];
                }
                c[i][j] = new Complex(sr, si);
            }
        }
        return c;
    }

    /**
     * The table of (T + sigma)^-1 in FFT order, T the free kinetic energy sum_d hbar^2 k_d^2 / 2m,
     * sigma the kinetic energy the highest block state can have (its energy minus min V, at
     * least a thousandth of the kinetic range), scaled to 1 at k = 0.
     */
    private Table preconditioner() {
        Grid g = backend.grid();
        double top = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < block; i++) {
            double norm = backend.inner(x.get(i), x.get(i)).re();
            top = Math.max(top, backend.inner(x.get(i), hx.get(i)).re() / norm);
        }
        double[] t = hamiltonian.kineticRange(g);
        double vmin = lo - t[0];
        double sigma = Math.max(top - vmin, 1e-3 * (t[1] - t[0]));
        if (!Double.isFinite(sigma) || sigma <= 0) sigma = 1e-3 * (hi - lo);
        RealField table = RealField.scalar(g, Precision.DOUBLE);
        int[] active = g.activeAxes();
        for (int q = 0; q < g.points(); q++) {
            double e = 0;
            for (int dd : active) e += hamiltonian.kineticEnergy(g.axis(dd).k(g.index(q, dd)));
            table.set(q, sigma / (e + sigma));
        }
        return backend.prepareTable(table);
    }

    /**
     * Solves, writes a row per state (its energy and moments, column "state", step = the
     * iterations) and state_K for each, and the result at the end.
     */
    public RunResult run(Output out, Progress progress) throws IOException {
        List<State> states = result != null ? result : solve(progress);
        ComplexField host = new ComplexField(backend.grid(), backend.precision());
        DeviceBuffer scratch = backend.allocate();
        Observation last = null;
        String problem = null;
        double[] e = new double[states.size()];
        boolean[] conv = new boolean[states.size()];
        try {
            for (int k = 0; k < states.size(); k++) {
                backend.copy(x.get(k), scratch);
                double norm = backend.inner(scratch, scratch).re();
                backend.scale(scratch, 1 / Math.sqrt(norm));
                Moments m = backend.moments(scratch, hamiltonian);
                Observation o = Observation.of(iterations, 0, m);
                if (backend.grid().rank() > 1) o = o.with("lz", m.lz() / m.norm());
                o = o.with("state", k).with("residual", states.get(k).residual());
                out.write(o, new Snapshot(iterations, 0, backend.grid(), null, null, null, v, o.norm(), o.energy()));
                backend.download(scratch, host);
                out.state(k, host);
                last = o;
                e[k] = states.get(k).energy();
                conv[k] = states.get(k).converged();
                if (!conv[k] && problem == null) {
                    problem = String.format(Locale.ROOT, "state %d did not converge in %d iterations: residual %.3g, more than "
                            + "eigen.tolerance x spectral width = %.3g; raise eigen.iterations", k, iterations,
                            states.get(k).residual(), settings.tolerance(backend.precision()) * (hi - lo));
                }
            }
        } finally {
            scratch.close();
        }
        RunResult r = new RunResult(backend.name(), backend.device(), backend.precision().toString(), iterations, seconds,
                last.norm(), last.energy(), Map.of(), e, problem == null, problem, RunResult.COMPLETED, conv, RunResult.finals(last));
        out.finish(r);
        return r;
    }

    /** Per state, energy, residual and converged, for summary.json. */
    public List<Map<String, Object>> summary() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (State s : result) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("energy", s.energy());
            m.put("residual", s.residual());
            m.put("converged", s.converged());
            out.add(m);
        }
        return out;
    }

    @Override
    public void close() {
        for (List<DeviceBuffer> l : List.of(x, hx, w, hw, p, hp, xn, pn, hpn)) for (DeviceBuffer b : l) b.close();
        op.close();
        backend.close();
    }
}
