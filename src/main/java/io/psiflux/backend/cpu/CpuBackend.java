package io.psiflux.backend.cpu;

import io.psiflux.backend.AxisPhases;
import io.psiflux.backend.Backend;
import io.psiflux.backend.DeviceBuffer;
import io.psiflux.backend.Energies;
import io.psiflux.backend.FluxPlanes;
import io.psiflux.backend.Phases;
import io.psiflux.backend.Sums;
import io.psiflux.backend.Table;
import io.psiflux.field.Complex;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Grid;
import io.psiflux.physics.Expr;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The CPU backend, run on a fixed team of threads.
 *
 * <p>The Strang step ({@link #strang}) runs on this package's own batched FFT
 * ({@link DoubleBatchFft}, {@link FloatBatchFft}) in 2D and 3D: lines are transformed a batch of
 * lanes at a time in split re/im element arrays, so HotSpot vectorises across lines; in single
 * precision the arithmetic is float throughout, twice the SIMD lanes of double. The pass
 * structure is documented on {@link DoubleStepper}: two passes over memory per step in 2D, four
 * in 3D. In 1D the one line is stepped with JTransforms in double precision and by the float
 * stepper in single. Buffers are planar ({@link CpuBuffer}).
 *
 * <p>The other operations (the FFT primitive, observables) use JTransforms line by line in
 * <em>slab</em> passes (for each index along axis 0, the contiguous block of the other axes) and
 * <em>pencil</em> passes (lines along one axis), and compute in double; in single precision the
 * wavefunction is stored as complex64 and rounded once per pass (see {@link CpuBuffer}).
 */
public final class CpuBackend implements Backend {

    private final Grid grid;
    private final Precision precision;
    private final WorkerPool pool;
    private final Workspace[] work;
    /** Points along axis 0, and points in one slab (the product of the other axes). */
    private final int n0;
    private final int slab;
    private final int points;

    /** U = V - iW and its phase tables. */
    private final CpuPotential potential;

    /** The Strang step on batched FFTs, in the storage precision (one of the two is null). */
    private final DoubleStepper doubleStepper;
    private final FloatStepper floatStepper;

    /** One worker's line buffers, FFT plans and accumulators: built once, reused every pass. */
    private static final class Workspace {
        final double[] line;
        /** BLOCK lines of a strided axis, gathered together (see CpuBuffer.gatherBlock). */
        final double[][] block;
        final double[] tmp;
        final double[] slabA;
        final double[] slabB;
        /** A second block, for the output lines of {@link CpuBackend#applyEnergies}. */
        final double[][] block2;
        final DoubleFFT_1D[] plans = new DoubleFFT_1D[3];
        final double[] acc = new double[32];

        Workspace(Grid g, int slab) {
            int maxN = Math.max(g.n(0), Math.max(g.n(1), g.n(2)));
            line = new double[2 * maxN];
            block = new double[BLOCK][2 * maxN];
            block2 = new double[BLOCK][2 * maxN];
            tmp = new double[2 * maxN];
            slabA = new double[2 * slab];
            slabB = new double[2 * slab];
            for (int d = 0; d < g.rank(); d++) plans[d] = g.n(d) > 1 ? new DoubleFFT_1D(g.n(d)) : null;
        }
    }

    /**
     * The phases of {@link #prepare}: the potential coefficient of the half step and of two merged
     * halves, and the kinetic factor along axis 0 and its product over the other axes per slab point.
     */
    private static final class CpuPhases implements Phases {
        final Complex half;
        final Complex full;
        final double[] axis0;
        final double[] slab;
        final PhaseTable axis0Table;
        final PhaseTable slabTable;
        /** c g of the half step's nonlinear factor exp(c g |psi|^2) (0 without the term). */
        final Complex nonlinear;

        CpuPhases(Complex c, double[] axis0, double[] slab, double g) {
            this.nonlinear = c.times(g);
            this.half = c;
            this.full = c.times(2);
            this.axis0 = axis0;
            this.slab = slab;
            this.axis0Table = new PhaseTable(axis0);
            this.slabTable = new PhaseTable(slab);
        }

        @Override
        public Complex potentialCoefficient() {
            return half;
        }
    }

    public CpuBackend(Grid grid, Precision precision) {
        this(grid, precision, Runtime.getRuntime().availableProcessors());
    }

    public CpuBackend(Grid grid, Precision precision, int threads) {
        this.grid = grid;
        this.precision = precision;
        this.points = grid.points();
        this.n0 = grid.n(0);
        this.slab = points / n0;
        this.pool = new WorkerPool(threads);
        this.work = new Workspace[pool.workers()];
        for (int i = 0; i < work.length; i++) work[i] = new Workspace(grid, slab);
        this.axisWork = new AxisWork[pool.workers()];
        this.doubleStepper = precision == Precision.DOUBLE ? new DoubleStepper(grid, pool) : null;
        this.floatStepper = precision == Precision.SINGLE ? new FloatStepper(grid, pool) : null;
        this.potential = new CpuPotential(grid, pool);
    }

    /**
     * Java heap a real-time run on this grid needs, an upper bound checked before anything is
     * allocated: every array of grid size that lives through the run, whatever the config (the
     * provider does not know it), plus the JVM's own objects. Per point, with b bytes per real in
     * the storage precision and rank r:
     * <ul>
     *   <li>3 complex fields (6b): psi on this backend, psi(0) that Simulation keeps for reset, and
     *       the host copy snapshots are downloaded into;</li>
     *   <li>density and current on the host for outputs ((1 + r) b);</li>
     *   <li>16: an initial state read from a file, which the config holds in double precision;</li>
     *   <li>32: V and W in double, on the host (SplitOperator) and in {@link CpuPotential};</li>
     *   <li>32: two potential phase tables exp(c U) in double (half and full step of order 2, or the
     *       half steps of the two sub-step lengths of order 4: the most a run uses at once);</li>
     *   <li>4b: the same two tables in the batch layout of the 2D/3D stepper.</li>
     * </ul>
     * Per point of a slab (the grid without axis 0): each worker's two complex slab buffers, the
     * kinetic slab tables of two prepared phases and their batch layouts. Then 5% for what the
     * garbage collector cannot fill (measured: a 3D double run fits a heap about 3% to 5% above its
     * arrays) and 64 MiB for everything else. Not counted: fields asked for on top (the
     * Helmholtz split of the current) and the states an imaginary-time run keeps.
     */
    public static long bytesNeeded(Grid grid, Precision precision, int workers) {
        long n = grid.size(), b = precision.bytes, r = grid.rank();
        long slab = n / grid.n(0);
        long perPoint = 6 * b + (1 + r) * b + 16 + 32 + 32 + (r >= 2 ? 4 * b : 0);
        long perSlab = 32L * Math.max(1, workers) + 2 * 16 + 2 * 2 * b;
        long arrays = perPoint * n + perSlab * slab;
        return arrays + arrays / 20 + (64L << 20);
    }

    /**
     * Passes over memory per step (two in 1D and 2D, four in 3D; see {@link DoubleStepper}), each
     * reading and writing the wavefunction, plus the potential phase table read once.
     */
    @Override
    public long bytesPerStep() {
        long n = grid.size();
        int passes = grid.rank() == 3 ? 4 : 2;
        return passes * 2L * 2 * precision.bytes * n + 16L * n;
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String device() {
        return "batched FFT + JTransforms on " + pool.workers() + " thread" + (pool.workers() == 1 ? "" : "s");
    }

    @Override
    public Grid grid() {
        return grid;
    }

    @Override
    public Precision precision() {
        return precision;
    }

    @Override
    public DeviceBuffer allocate() {
        return new CpuBuffer(grid, precision);
    }

    private CpuBuffer buf(DeviceBuffer b) {
        if (b instanceof CpuBuffer c && c.grid.equals(grid) && c.precision == precision) return c;
        throw new IllegalArgumentException("buffer does not belong to this CPU backend");
    }

    @Override
    public void upload(ComplexField src, DeviceBuffer dst) {
        buf(dst).load(src);
    }

    @Override
    public void download(DeviceBuffer src, ComplexField dst) {
        buf(src).store(dst);
    }

    @Override
    public void copy(DeviceBuffer src, DeviceBuffer dst) {
        buf(dst).copyFrom(buf(src));
    }

    // ---- the complex potential -------------------------------------------------------------------

    // ---- the complex potential -------------------------------------------------------------------

    @Override
    public void setPotential(RealField v, RealField absorber) {
        potential.set(v, absorber);
    }

    /** The CPU evaluates any tree: {@link #evaluatePotential} walks it at every point, in parallel. */
    @Override
    public boolean compilePotential(Expr tree) {
        return potential.compile(tree, new int[] {1, 1, 1});
    }

    /** Any tree, averaged over cells too: {@link #evaluatePotential} sums the sub-samples at every point. */
    @Override
    public boolean compilePotential(Expr tree, int[] subsamples) {
        return potential.compile(tree, subsamples);
    }

    @Override
    public void evaluatePotential(double t) {
        potential.evaluate(t);
    }

    // ---- phase tables ------------------------------------------------------------------------

    @Override
    public Phases prepare(Complex c, double[][] kineticFactors, double g) {
        for (int d = 0; d < 3; d++) {
            if (kineticFactors[d].length != 2 * grid.n(d)) {
                throw new IllegalArgumentException("kinetic factors of axis " + d + " need " + 2 * grid.n(d) + " values");
            }
        }
        double[] k1 = kineticFactors[1], k2 = kineticFactors[2];
        int n1 = grid.n(1), n2 = grid.n(2);
        double[] s = new double[2 * slab];
        for (int j = 0; j < n1; j++) {
            for (int k = 0; k < n2; k++) {
                int q = j * n2 + k;
                s[2 * q] = k1[2 * j] * k2[2 * k] - k1[2 * j + 1] * k2[2 * k + 1];
                s[2 * q + 1] = k1[2 * j] * k2[2 * k + 1] + k1[2 * j + 1] * k2[2 * k];
            }
        }
        return new CpuPhases(c, kineticFactors[0].clone(), s, g);
    }

    private CpuPhases phases(Phases p) {
        if (p instanceof CpuPhases c) return c;
        throw new IllegalArgumentException("phases were not prepared by this CPU backend");
    }

    // ---- in-cache helpers ----------------------------------------------------------------------

    /** Multiplies {@code n} interleaved complex values of {@code a} at {@code ao} by {@code t} at {@code to}. */
    private static void multiply(double[] a, int ao, double[] t, int to, int n) {
        for (int i = 0; i < n; i++) {
            int x = ao + 2 * i, y = to + 2 * i;
            double re = a[x], im = a[x + 1], tr = t[y], ti = t[y + 1];
            a[x] = re * tr - im * ti;
            a[x + 1] = re * ti + im * tr;
        }
    }

    private static void fftLine(DoubleFFT_1D plan, double[] a, int off, boolean inverse) {
        if (inverse) plan.complexInverse(a, off, true);
        else plan.complexForward(a, off);
    }

    @Override
    public void strang(DeviceBuffer b, Phases p, int steps) {
        if (steps <= 0) return;
        CpuBuffer psi = buf(b);
        CpuPhases ph = phases(p);
        PhaseTable full = steps > 1 ? potential.table(ph.full) : null;
        PhaseTable half = potential.table(ph.half);
        Complex nl = ph.nonlinear;
        if (grid.rank() == 1 && doubleStepper != null) {
            strangLine(psi, steps, half, full, ph.axis0, nl);
            return;
        }
        if (doubleStepper != null) {
            doubleStepper.strang(psi, steps, half, full, ph.axis0Table, ph.slabTable, nl.re(), nl.im());
        } else {
            floatStepper.strang(psi, steps, half, full, ph.axis0Table, ph.slabTable, (float) nl.re(), (float) nl.im());
        }
    }

    /**
     * 1D in double precision: the whole grid is one line, gathered once into a line buffer,
     * stepped there with JTransforms (which threads long transforms itself) and stored back once.
     * In single precision the float stepper steps the line instead (a batch of one lane, see
     * {@link DoubleStepper}), so that single means float arithmetic in 1D as in 2D and 3D and as
     * on OpenCL: this path used to serve both and silently computed single-precision runs in
     * double.
     */
    private void strangLine(CpuBuffer psi, int steps, PhaseTable half, PhaseTable full, double[] kin, Complex nl) {
        Workspace ws = work[0];
        double[] l = ws.line;
        DoubleFFT_1D plan = ws.plans[0];
        psi.gather(0, 1, n0, l, 0);
        for (int s = 0; s < steps; s++) {
            multiply(l, 0, (s == 0 ? half : full).interleaved(), 0, n0);
            nonlinear(l, 0, n0, nl, s == 0 ? 1 : 2);
            if (plan != null) fftLine(plan, l, 0, false);
            multiply(l, 0, kin, 0, n0);
            if (plan != null) fftLine(plan, l, 0, true);
        }
        multiply(l, 0, half.interleaved(), 0, n0);
        nonlinear(l, 0, n0, nl, 1);
        psi.scatter(0, 1, n0, l, 0);
    }

    /** {@code a <- a exp(times nl |a|^2)} for n interleaved values from {@code ao}: the Gross-Pitaevskii phase. */
    private static void nonlinear(double[] a, int ao, int n, Complex nl, double times) {
        double ar = nl.re() * times, ai = nl.im() * times;
        if (ar == 0 && ai == 0) return;
        for (int i = 0; i < n; i++) {
            int x = ao + 2 * i;
            double re = a[x], im = a[x + 1], r2 = re * re + im * im;
            double m = Math.exp(ar * r2), c = Math.cos(ai * r2) * m, s = Math.sin(ai * r2) * m;
            a[x] = re * c - im * s;
            a[x + 1] = re * s + im * c;
        }
    }

    // ---- primitives ------------------------------------------------------------------------------

    @Override
    public void potentialPhase(DeviceBuffer b, Phases p) {
        CpuBuffer psi = buf(b);
        CpuPhases ph = phases(p);
        double[] table = potential.table(ph.half).interleaved();
        pool.run((wk, n) -> {
            Workspace ws = work[wk];
            for (int i = WorkerPool.from(n0, wk, n), e = WorkerPool.from(n0, wk + 1, n); i < e; i++) {
                psi.gather(i * slab, 1, slab, ws.slabA, 0);
                multiply(ws.slabA, 0, table, 2 * i * slab, slab);
                nonlinear(ws.slabA, 0, slab, ph.nonlinear, 1);
                psi.scatter(i * slab, 1, slab, ws.slabA, 0);
            }
        });
    }

    @Override
    public void kineticPhase(DeviceBuffer b, Phases p) {
        CpuBuffer psi = buf(b);
        CpuPhases kt = phases(p);
        pool.run((wk, n) -> {
            Workspace ws = work[wk];
            for (int i = WorkerPool.from(n0, wk, n), e = WorkerPool.from(n0, wk + 1, n); i < e; i++) {
                psi.gather(i * slab, 1, slab, ws.slabA, 0);
                double ar = kt.axis0[2 * i], ai = kt.axis0[2 * i + 1];
                for (int q = 0; q < slab; q++) {
                    double kr = ar * kt.slab[2 * q] - ai * kt.slab[2 * q + 1];
                    double ki = ar * kt.slab[2 * q + 1] + ai * kt.slab[2 * q];
                    double re = ws.slabA[2 * q], im = ws.slabA[2 * q + 1];
                    ws.slabA[2 * q] = re * kr - im * ki;
                    ws.slabA[2 * q + 1] = re * ki + im * kr;
                }
                psi.scatter(i * slab, 1, slab, ws.slabA, 0);
            }
        });
    }

    /** Lines of a strided axis moved between the buffer and the workspace together. */
    static final int BLOCK = 8;

    /** A prepared axis step: the axis, gamma and the tables of {@link AxisPhases}. */
    private record CpuAxisPhases(int axis, Complex gamma, double[] kinetic, double[] shift, double[] factors)
            implements AxisPhases {
    }

    @Override
    public AxisPhases prepareAxis(int axis, double[] kineticFactors, Complex gamma, double[] lineShift, double[] lineFactors) {
        int lines = points / grid.n(axis);
        if (axis < 0 || axis >= grid.rank() || kineticFactors.length != 2 * grid.n(axis) || lineShift.length != lines
                || lineFactors.length != 2 * lines) {
            throw new IllegalArgumentException("axis tables do not fit axis " + axis + " of " + grid);
        }
        return new CpuAxisPhases(axis, gamma, kineticFactors.clone(), lineShift.clone(), lineFactors.clone());
    }

    /** Lines per batch of the axis step: 32 doubles per element array, what C2 vectorises well. */
    static final int AXIS_LANES = 32;

    /** One worker's batch of the axis step (built on first use: only runs with fields need it). */
    private static final class AxisWork {
        final DoubleBatchFft[] plans = new DoubleBatchFft[3];
        final double[][] re, im;
        final int[] starts = new int[AXIS_LANES];
        /** Per lane: the factor at the current frequency (p) and its step (z; w = 1/z going down). */
        final double[] pr = new double[AXIS_LANES], pi = new double[AXIS_LANES];
        final double[] zr = new double[AXIS_LANES], zi = new double[AXIS_LANES];
        final double[] wr = new double[AXIS_LANES], wi = new double[AXIS_LANES];
        final double[] fr = new double[AXIS_LANES], fi = new double[AXIS_LANES];

        AxisWork(Grid g) {
            int maxN = Math.max(g.n(0), Math.max(g.n(1), g.n(2)));
            re = new double[maxN][AXIS_LANES];
            im = new double[maxN][AXIS_LANES];
            for (int d = 0; d < g.rank(); d++) plans[d] = g.n(d) > 1 ? new DoubleBatchFft(g.n(d), AXIS_LANES) : null;
        }
    }

    private final AxisWork[] axisWork;

    /**
     * {@link #AXIS_LANES} lines at a time along the axis, in double, on the batched FFT
     * ({@link DoubleBatchFft}): FFT, the factor K[k] exp(gamma kappa a_l) f_l, inverse FFT.
     * exp(gamma kappa a_l) = z^f for frequency index f with z = exp(gamma a_l 2 pi / L), built up
     * by multiplication rather than a sine and a cosine per element. Consecutive lines of a
     * strided axis are neighbours in memory, so its batches read runs of 32 values.
     */
    @Override
    public void axisStep(DeviceBuffer b, AxisPhases phases) {
        CpuBuffer psi = buf(b);
        if (!(phases instanceof CpuAxisPhases ap)) throw new IllegalArgumentException("axis phases were not prepared by this CPU backend");
        final int axis = ap.axis(), n = grid.n(axis), stride = grid.stride(axis), lines = points / n;
        final double unit = 2 * Math.PI / grid.axis(axis).length();
        final double gr = ap.gamma().re(), gi = ap.gamma().im();
        final double[] k = ap.kinetic();
        final int batches = (lines + AXIS_LANES - 1) / AXIS_LANES, half = (n + 1) / 2;
        pool.run((wk, nw) -> {
            if (axisWork[wk] == null) axisWork[wk] = new AxisWork(grid);
            AxisWork w = axisWork[wk];
            double[][] re = w.re, im = w.im;
            for (int bt = WorkerPool.from(batches, wk, nw), e = WorkerPool.from(batches, wk + 1, nw); bt < e; bt++) {
                int first = bt * AXIS_LANES, count = Math.min(AXIS_LANES, lines - first);
                for (int j = 0; j < count; j++) w.starts[j] = grid.lineStart(axis, first + j);
                psi.gatherLanes(w.starts, count, stride, n, re, im);
                w.plans[axis].transform(re, im);
                for (int j = 0; j < AXIS_LANES; j++) {
                    if (j < count) {
                        int line = first + j;
                        double ka = unit * ap.shift()[line];
                        double zm = Math.exp(gr * ka);
                        w.zr[j] = zm * Math.cos(gi * ka);
                        w.zi[j] = zm * Math.sin(gi * ka);
                        w.fr[j] = ap.factors()[2 * line];
                        w.fi[j] = ap.factors()[2 * line + 1];
                    } else {
                        // lanes past the last line: unit steps, zero factors (their values are never stored)
                        w.zr[j] = 1;
                        w.zi[j] = 0;
                        w.fr[j] = 0;
                        w.fi[j] = 0;
                    }
                    double m2 = w.zr[j] * w.zr[j] + w.zi[j] * w.zi[j];
                    w.wr[j] = w.zr[j] / m2;
                    w.wi[j] = -w.zi[j] / m2;
                    w.pr[j] = w.fr[j];
                    w.pi[j] = w.fi[j];
                }
                // positive frequencies 0 .. ceil(n/2)-1, going up by z
                for (int t = 0; t < half; t++) applyLanes(re[t], im[t], k[2 * t], k[2 * t + 1], w.pr, w.pi, w.zr, w.zi, true);
                // negative frequencies -1, -2, ..., going down by 1 / z; the Nyquist bin of an even axis has kappa = 0
                System.arraycopy(w.fr, 0, w.pr, 0, AXIS_LANES);
                System.arraycopy(w.fi, 0, w.pi, 0, AXIS_LANES);
                for (int t = n - 1; t >= half; t--) {
                    if (n % 2 == 0 && t == n / 2) applyLanes(re[t], im[t], k[2 * t], k[2 * t + 1], w.fr, w.fi, null, null, false);
                    else applyLanes(re[t], im[t], k[2 * t], k[2 * t + 1], w.pr, w.pi, w.wr, w.wi, false);
                }
                w.plans[axis].transform(im, re); // the unnormalised inverse (see DoubleBatchFft)
                psi.scatterLanes(w.starts, count, stride, n, re, im, 1.0 / n);
            }
        });
    }

    /**
     * Element t of every lane times K[t] (p_j): with {@code stepAfter} false, p_j is first
     * multiplied by its step s_j (going down), with true after (going up); a null step leaves p.
     */
    private static void applyLanes(double[] xr, double[] xi, double kr, double ki, double[] pr, double[] pi,
                                   double[] sr, double[] si, boolean stepAfter) {
        for (int j = 0; j < AXIS_LANES; j++) {
            double cr = pr[j], ci = pi[j];
            if (sr != null && !stepAfter) {
                double r = cr * sr[j] - ci * si[j];
                ci = cr * si[j] + ci * sr[j];
                cr = r;
                pr[j] = cr;
                pi[j] = ci;
            }
            double fr = kr * cr - ki * ci, fi = kr * ci + ki * cr;
            double re = xr[j], im = xi[j];
            xr[j] = re * fr - im * fi;
            xi[j] = re * fi + im * fr;
            if (sr != null && stepAfter) {
                pr[j] = cr * sr[j] - ci * si[j];
                pi[j] = cr * si[j] + ci * sr[j];
            }
        }
    }

    @Override
    public void fft(DeviceBuffer b, boolean inverse) {
        CpuBuffer psi = buf(b);
        for (int d = 0; d < grid.rank(); d++) {
            if (grid.n(d) == 1) continue;
            final int axis = d, n = grid.n(d), stride = grid.stride(d), lines = points / n;
            pool.run((wk, nw) -> {
                Workspace ws = work[wk];
                for (int l = WorkerPool.from(lines, wk, nw), e = WorkerPool.from(lines, wk + 1, nw); l < e; l++) {
                    int start = grid.lineStart(axis, l);
                    psi.gather(start, stride, n, ws.line, 0);
                    fftLine(ws.plans[axis], ws.line, 0, inverse);
                    psi.scatter(start, stride, n, ws.line, 0);
                }
            });
        }
    }

    // ---- the Hamiltonian as an operator ----------------------------------------------------------

    /** The tables of {@link Energies}, per active axis, and the pointwise part's s and c. */
    private record CpuEnergies(double[][] e, double g, double[][] a, double[][] b, double s, double c) implements Energies {
    }

    @Override
    public Energies prepareEnergies(double[][] e, double g, double[][] a, double[][] b, double s, double c) {
        int rank = grid.rank();
        double[][] ee = new double[rank][], aa = new double[rank][], bb = new double[rank][];
        for (int d = 0; d < rank; d++) {
            int lines = points / grid.n(d);
            if (e[d].length != grid.n(d) || a[d].length != lines || b[d].length != lines) {
                throw new IllegalArgumentException("energy tables do not fit axis " + d + " of " + grid);
            }
            ee[d] = e[d].clone();
            aa[d] = a[d].clone();
            bb[d] = b[d].clone();
        }
        return new CpuEnergies(ee, g, aa, bb, s, c);
    }

    /**
     * One slab pass for the pointwise part (and beta), then per axis one pass over its lines in
     * blocks (as {@link #axisStep}): FFT of the psi line, times alpha E_d, inverse FFT, added to the
     * out line. In double; single precision rounds once per pass on the out buffer.
     */
    @Override
    public void applyEnergies(Energies op, DeviceBuffer psiB, DeviceBuffer outB, double alpha, double beta) {
        CpuBuffer psi = buf(psiB), out = buf(outB);
        if (psi == out) throw new IllegalArgumentException("applyEnergies needs two different buffers");
        if (!(op instanceof CpuEnergies en)) throw new IllegalArgumentException("energies were not prepared by this CPU backend");
        double[] vv = potential.v();
        double vs = alpha * en.s(), vc = alpha * en.c();
        pool.run((wk, nw) -> {
            Workspace ws = work[wk];
            for (int i = WorkerPool.from(n0, wk, nw), e = WorkerPool.from(n0, wk + 1, nw); i < e; i++) {
                psi.gather(i * slab, 1, slab, ws.slabA, 0);
                if (beta != 0) out.gather(i * slab, 1, slab, ws.slabB, 0);
                for (int q = 0; q < slab; q++) {
                    double f = vs * vv[i * slab + q] + vc;
                    double or = beta != 0 ? beta * ws.slabB[2 * q] : 0, oi = beta != 0 ? beta * ws.slabB[2 * q + 1] : 0;
                    ws.slabB[2 * q] = or + f * ws.slabA[2 * q];
                    ws.slabB[2 * q + 1] = oi + f * ws.slabA[2 * q + 1];
                }
                out.scatter(i * slab, 1, slab, ws.slabB, 0);
            }
        });
        for (int d = 0; d < grid.rank(); d++) {
            final int axis = d, n = grid.n(d), stride = grid.stride(d), lines = points / n;
            final double[] kd = new double[n], et = en.e()[d], at = en.a()[d], bt = en.b()[d];
            for (int t = 0; t < n; t++) kd[t] = en.g() * grid.axis(d).kDerivative(t);
            final int perRun = stride, runs = lines / stride, blocksPerRun = (perRun + BLOCK - 1) / BLOCK, blocks = runs * blocksPerRun;
            pool.run((wk, nw) -> {
                Workspace ws = work[wk];
                DoubleFFT_1D plan = ws.plans[axis];
                for (int blk = WorkerPool.from(blocks, wk, nw), e = WorkerPool.from(blocks, wk + 1, nw); blk < e; blk++) {
                    int run = blk / blocksPerRun, a0 = (blk % blocksPerRun) * BLOCK, count = Math.min(BLOCK, perRun - a0);
                    int firstLine = run * stride + a0, start = grid.lineStart(axis, firstLine);
                    if (count == 1) {
                        psi.gather(start, stride, n, ws.block[0], 0);
                        out.gather(start, stride, n, ws.block2[0], 0);
                    } else {
                        psi.gatherBlock(start, stride, n, count, ws.block);
                        out.gatherBlock(start, stride, n, count, ws.block2);
                    }
                    for (int j = 0; j < count; j++) {
                        double[] l = ws.block[j], o = ws.block2[j];
                        int line = firstLine + j;
                        double al = at[line], bl = bt[line];
                        if (plan != null) fftLine(plan, l, 0, false);
                        for (int t = 0; t < n; t++) {
                            double f = alpha * (et[t] + kd[t] * al + bl);
                            l[2 * t] *= f;
                            l[2 * t + 1] *= f;
                        }
                        if (plan != null) fftLine(plan, l, 0, true);
                        for (int t = 0; t < 2 * n; t++) o[t] += l[t];
                    }
                    if (count == 1) out.scatter(start, stride, n, ws.block2[0], 0);
                    else out.scatterBlock(start, stride, n, count, ws.block2);
                }
            });
        }
    }

    /** A real field in double, whatever the storage precision (its values are factors, not state). */
    private record CpuTable(double[] values) implements Table {
    }

    @Override
    public Table prepareTable(RealField values) {
        if (!values.grid().equals(grid) || values.components() != 1) {
            throw new IllegalArgumentException("a table must be a scalar field on " + grid);
        }
        double[] t = new double[points];
        for (int p = 0; p < points; p++) t[p] = values.get(p);
        return new CpuTable(t);
    }

    @Override
    public void multiply(DeviceBuffer b, Table t) {
        CpuBuffer psi = buf(b);
        if (!(t instanceof CpuTable ct)) throw new IllegalArgumentException("the table was not prepared by this CPU backend");
        double[] f = ct.values();
        pool.run((wk, n) -> {
            Workspace ws = work[wk];
            for (int i = WorkerPool.from(n0, wk, n), e = WorkerPool.from(n0, wk + 1, n); i < e; i++) {
                psi.gather(i * slab, 1, slab, ws.slabA, 0);
                for (int q = 0; q < slab; q++) {
                    ws.slabA[2 * q] *= f[i * slab + q];
                    ws.slabA[2 * q + 1] *= f[i * slab + q];
                }
                psi.scatter(i * slab, 1, slab, ws.slabA, 0);
            }
        });
    }

    /** Points per chunk of the block operations: every buffer's chunk fits in cache together. */
    private static final int CHUNK = 256;

    /**
     * One pass over memory: each worker takes chunks of points, gathers every buffer's chunk and
     * accumulates the products (only i <= j when both lists are the same, the rest by symmetry).
     */
    @Override
    public Complex[][] gram(java.util.List<DeviceBuffer> a, java.util.List<DeviceBuffer> b) {
        int na = a.size(), nb = b.size();
        boolean same = a.equals(b);
        CpuBuffer[] x = new CpuBuffer[na], y = new CpuBuffer[nb];
        for (int i = 0; i < na; i++) x[i] = buf(a.get(i));
        for (int j = 0; j < nb; j++) y[j] = buf(b.get(j));
        int chunks = (points + CHUNK - 1) / CHUNK;
        double[][] accRe = new double[pool.workers()][na * nb], accIm = new double[pool.workers()][na * nb];
        pool.run((wk, nw) -> {
            double[][] xa = new double[na][2 * CHUNK], yb = same ? xa : new double[nb][2 * CHUNK];
            double[] re = accRe[wk], im = accIm[wk];
            for (int c = WorkerPool.from(chunks, wk, nw), e = WorkerPool.from(chunks, wk + 1, nw); c < e; c++) {
                int from = c * CHUNK, len = Math.min(CHUNK, points - from);
                for (int i = 0; i < na; i++) x[i].gather(from, 1, len, xa[i], 0);
                if (!same) for (int j = 0; j < nb; j++) y[j].gather(from, 1, len, yb[j], 0);
                for (int i = 0; i < na; i++) {
                    double[] u = xa[i];
                    for (int j = same ? i : 0; j < nb; j++) {
                        double[] v = yb[j];
                        double sr = 0, si = 0;
                        for (int q = 0; q < 2 * len; q += 2) {
                            sr += u[q] * v[q] + u[q + 1] * v[q + 1];
                            si += u[q] * v[q + 1] - u[q + 1] * v[q];
                        }
                        re[i * nb + j] += sr;
                        im[i * nb + j] += si;
                    }
                }
            }
        });
        double dv = grid.dV();
        Complex[][] g = new Complex[na][nb];
        for (int i = 0; i < na; i++) {
            for (int j = same ? i : 0; j < nb; j++) {
                double sr = 0, si = 0;
                for (int w = 0; w < accRe.length; w++) {
                    sr += accRe[w][i * nb + j];
                    si += accIm[w][i * nb + j];
                }
                g[i][j] = new Complex(sr * dv, si * dv);
                if (same) g[j][i] = g[i][j].conj();
            }
        }
        return g;
    }

    /** One pass over memory, in chunks of points (see {@link #gram}). */
    @Override
    public void combine(java.util.List<DeviceBuffer> in, Complex[][] c, java.util.List<DeviceBuffer> out) {
        int ni = in.size(), no = out.size();
        CpuBuffer[] x = new CpuBuffer[ni], y = new CpuBuffer[no];
        for (int i = 0; i < ni; i++) x[i] = buf(in.get(i));
        for (int j = 0; j < no; j++) {
            y[j] = buf(out.get(j));
            for (CpuBuffer xi : x) if (xi == y[j]) throw new IllegalArgumentException("combine: an out buffer is also an input");
        }
        int chunks = (points + CHUNK - 1) / CHUNK;
        pool.run((wk, nw) -> {
            double[][] xa = new double[ni][2 * CHUNK];
            double[] o = new double[2 * CHUNK];
            for (int ch = WorkerPool.from(chunks, wk, nw), e = WorkerPool.from(chunks, wk + 1, nw); ch < e; ch++) {
                int from = ch * CHUNK, len = Math.min(CHUNK, points - from);
                for (int i = 0; i < ni; i++) x[i].gather(from, 1, len, xa[i], 0);
                for (int j = 0; j < no; j++) {
                    java.util.Arrays.fill(o, 0, 2 * len, 0.0);
                    for (int i = 0; i < ni; i++) {
                        double cr = c[i][j].re(), ci = c[i][j].im();
                        if (cr == 0 && ci == 0) continue;
                        double[] u = xa[i];
                        for (int q = 0; q < 2 * len; q += 2) {
                            o[q] += cr * u[q] - ci * u[q + 1];
                            o[q + 1] += cr * u[q + 1] + ci * u[q];
                        }
                    }
                    y[j].scatter(from, 1, len, o, 0);
                }
            }
        });
    }

    // ---- observables -----------------------------------------------------------------------------

    private double sumAcc(int slot) {
        double s = 0;
        for (Workspace ws : work) s += ws.acc[slot];
        return s;
    }

    /**
     * Position-space sums in one pass over slabs; momentum-space sums one axis at a time, from
     * the transform along that axis only, scaled by N / n_d to the sums over the full transform
     * (Parseval over the other axes).
     */
    @Override
    public Sums sums(DeviceBuffer b, boolean mixed) {
        CpuBuffer psi = buf(b);
        int rank = grid.rank(), n1 = grid.n(1), n2 = grid.n(2);
        double[] vv = potential.v();
        // position space: norm (slot 0), x moments (1..3), potential (4), w^2 (5), x_e x_f (6..11: 00 01 02 11 12 22)
        pool.run((wk, n) -> {
            Workspace ws = work[wk];
            java.util.Arrays.fill(ws.acc, 0);
            for (int i = WorkerPool.from(n0, wk, n), e = WorkerPool.from(n0, wk + 1, n); i < e; i++) {
                psi.gather(i * slab, 1, slab, ws.slabA, 0);
                double x0 = grid.axis(0).x(i), rowSum = 0, s1 = 0, s2 = 0, sv = 0, sw = 0, s11 = 0, s12 = 0, s22 = 0;
                for (int q = 0; q < slab; q++) {
                    double re = ws.slabA[2 * q], im = ws.slabA[2 * q + 1], r = re * re + im * im;
                    double y = grid.axis(1).x(q / n2), z = grid.axis(2).x(q % n2);
                    rowSum += r;
                    s1 += r * y;
                    s2 += r * z;
                    s11 += r * y * y;
                    s12 += r * y * z;
                    s22 += r * z * z;
                    sv += r * vv[i * slab + q];
                    sw += r * r;
                }
                ws.acc[0] += rowSum;
                ws.acc[1] += rowSum * x0;
                ws.acc[2] += s1;
                ws.acc[3] += s2;
                ws.acc[4] += sv;
                ws.acc[5] += sw;
                ws.acc[6] += rowSum * x0 * x0;
                ws.acc[7] += s1 * x0;
                ws.acc[8] += s2 * x0;
                ws.acc[9] += s11;
                ws.acc[10] += s12;
                ws.acc[11] += s22;
            }
        });
        double norm = sumAcc(0), potential = sumAcc(4), w2 = sumAcc(5);
        double[][] xx = new double[3][3];
        int[][] pairs = {{0, 0}, {0, 1}, {0, 2}, {1, 1}, {1, 2}, {2, 2}};
        for (int c = 0; c < pairs.length; c++) {
            int e = pairs[c][0], f = pairs[c][1];
            if (e < rank && f < rank) xx[e][f] = xx[f][e] = sumAcc(6 + c);
        }
        double[] x = new double[rank], k = new double[rank];
        for (int d = 0; d < rank; d++) x[d] = sumAcc(1 + d);
        // momentum space, one axis at a time: sum k |phi|^2 (slot 16), sum k^2 |phi|^2 (17), and
        // sum over lines of x_e(line) sum k |phi|^2 (18..20): the mixed moments <x_e p_d>
        double k2 = 0;
        double[][] xj = new double[3][3];
        for (int d = 0; d < rank; d++) {
            final int axis = d, n = grid.n(d), stride = grid.stride(d), lines = points / n;
            pool.run((wk, nw) -> {
                Workspace ws = work[wk];
                for (int c = 16; c <= 20; c++) ws.acc[c] = 0;
                for (int l = WorkerPool.from(lines, wk, nw), e = WorkerPool.from(lines, wk + 1, nw); l < e; l++) {
                    int start = grid.lineStart(axis, l);
                    psi.gather(start, stride, n, ws.line, 0);
                    if (n > 1) fftLine(ws.plans[axis], ws.line, 0, false);
                    double sk = 0;
                    for (int t = 0; t < n; t++) {
                        double a2 = ws.line[2 * t] * ws.line[2 * t] + ws.line[2 * t + 1] * ws.line[2 * t + 1];
                        double kt = grid.axis(axis).k(t);
                        sk += grid.axis(axis).kDerivative(t) * a2;
                        ws.acc[17] += kt * kt * a2;
                    }
                    ws.acc[16] += sk;
                    for (int e2 = 0; e2 < 3; e2++) {
                        if (e2 != axis) ws.acc[18 + e2] += grid.axis(e2).x(grid.index(start, e2)) * sk;
                    }
                }
            });
            double full = (double) points / n;
            k[d] = sumAcc(16) * full;
            k2 += sumAcc(17) * full;
            for (int e = 0; e < rank; e++) if (e != d) xj[e][d] = sumAcc(18 + e) / n;
        }
        return new Sums(norm, x, potential, k, k2, xx, xj, w2);
    }

    @Override
    public void density(DeviceBuffer b, RealField out) {
        CpuBuffer psi = buf(b);
        pool.run((wk, n) -> {
            Workspace ws = work[wk];
            for (int i = WorkerPool.from(n0, wk, n), e = WorkerPool.from(n0, wk + 1, n); i < e; i++) {
                psi.gather(i * slab, 1, slab, ws.slabA, 0);
                for (int q = 0; q < slab; q++) {
                    double re = ws.slabA[2 * q], im = ws.slabA[2 * q + 1];
                    out.set(i * slab + q, re * re + im * im);
                }
            }
        });
    }

    @Override
    public void current(DeviceBuffer b, double c, RealField out) {
        CpuBuffer psi = buf(b);
        for (int d = 0; d < grid.rank(); d++) {
            final int axis = d, n = grid.n(d), stride = grid.stride(d), lines = points / n;
            pool.run((wk, nw) -> {
                Workspace ws = work[wk];
                for (int l = WorkerPool.from(lines, wk, nw), e = WorkerPool.from(lines, wk + 1, nw); l < e; l++) {
                    int start = grid.lineStart(axis, l);
                    psi.gather(start, stride, n, ws.line, 0);
                    System.arraycopy(ws.line, 0, ws.tmp, 0, 2 * n);
                    if (n > 1) {
                        fftLine(ws.plans[axis], ws.tmp, 0, false);
                        for (int t = 0; t < n; t++) {
                            double k = grid.axis(axis).kDerivative(t), re = ws.tmp[2 * t], im = ws.tmp[2 * t + 1];
                            ws.tmp[2 * t] = -k * im;
                            ws.tmp[2 * t + 1] = k * re;
                        }
                        fftLine(ws.plans[axis], ws.tmp, 0, true);
                    } else {
                        ws.tmp[0] = ws.tmp[1] = 0;
                    }
                    for (int t = 0; t < n; t++) {
                        double j = c * (ws.line[2 * t] * ws.tmp[2 * t + 1] - ws.line[2 * t + 1] * ws.tmp[2 * t]);
                        out.set(axis, start + t * stride, j);
                    }
                }
            });
        }
    }

    /** Flux planes measured where they are: one dot product per crossing line (see {@link CpuFluxPlanes}). */
    @Override
    public FluxPlanes fluxPlanes(int[] axes, int[] indices) {
        return new CpuFluxPlanes(grid, pool, axes, indices);
    }

    /** Particles moved on the host, reading the planar buffers in place (see {@link CpuParticles}). */
    @Override
    public io.psiflux.backend.Particles particles(int count, io.psiflux.backend.ParticleRule rule) {
        return new CpuParticles(grid, count, rule, pool);
    }

    @Override
    public Complex inner(DeviceBuffer a, DeviceBuffer b) {
        CpuBuffer x = buf(a), y = buf(b);
        pool.run((wk, n) -> {
            Workspace ws = work[wk];
            ws.acc[0] = ws.acc[1] = 0;
            for (int i = WorkerPool.from(n0, wk, n), e = WorkerPool.from(n0, wk + 1, n); i < e; i++) {
                x.gather(i * slab, 1, slab, ws.slabA, 0);
                y.gather(i * slab, 1, slab, ws.slabB, 0);
                for (int q = 0; q < 2 * slab; q += 2) {
                    double ar = ws.slabA[q], ai = ws.slabA[q + 1], br = ws.slabB[q], bi = ws.slabB[q + 1];
                    ws.acc[0] += ar * br + ai * bi;
                    ws.acc[1] += ar * bi - ai * br;
                }
            }
        });
        return new Complex(sumAcc(0) * grid.dV(), sumAcc(1) * grid.dV());
    }

    @Override
    public void axpy(Complex c, DeviceBuffer xb, DeviceBuffer yb) {
        CpuBuffer x = buf(xb), y = buf(yb);
        double cr = c.re(), ci = c.im();
        pool.run((wk, n) -> {
            Workspace ws = work[wk];
            for (int i = WorkerPool.from(n0, wk, n), e = WorkerPool.from(n0, wk + 1, n); i < e; i++) {
                x.gather(i * slab, 1, slab, ws.slabA, 0);
                y.gather(i * slab, 1, slab, ws.slabB, 0);
                for (int q = 0; q < 2 * slab; q += 2) {
                    double xr = ws.slabA[q], xi = ws.slabA[q + 1];
                    ws.slabB[q] += cr * xr - ci * xi;
                    ws.slabB[q + 1] += cr * xi + ci * xr;
                }
                y.scatter(i * slab, 1, slab, ws.slabB, 0);
            }
        });
    }

    @Override
    public void scale(DeviceBuffer xb, double s) {
        CpuBuffer x = buf(xb);
        pool.run((wk, n) -> {
            Workspace ws = work[wk];
            for (int i = WorkerPool.from(n0, wk, n), e = WorkerPool.from(n0, wk + 1, n); i < e; i++) {
                x.gather(i * slab, 1, slab, ws.slabA, 0);
                for (int q = 0; q < 2 * slab; q++) ws.slabA[q] *= s;
                x.scatter(i * slab, 1, slab, ws.slabA, 0);
            }
        });
    }

    @Override
    public void close() {
        pool.close();
    }
}
