package io.psiflux.backend.cpu;

import io.psiflux.backend.Backend;
import io.psiflux.backend.DeviceBuffer;
import io.psiflux.backend.FluxPlanes;
import io.psiflux.backend.Moments;
import io.psiflux.field.Complex;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Grid;
import io.psiflux.physics.Expr;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The CPU backend, run on a fixed team of threads.
 *
 * <p>The Strang step ({@link #strang}) runs on this package's own batched FFT
 * ({@link DoubleBatchFft}, {@link FloatBatchFft}) in 2D and 3D: lines are transformed a batch of
 * lanes at a time in split re/im element arrays, so HotSpot vectorises across lines; in single
 * precision the arithmetic is float throughout, twice the SIMD lanes of double. The pass
 * structure is documented on {@link DoubleStepper}: two passes over memory per step in 2D, four
 * in 3D. In 1D the one line is stepped with JTransforms. Buffers are planar ({@link CpuBuffer}).
 *
 * <p>The other operations (the FFT primitive, observables) use JTransforms line by line in
 * <em>slab</em> passes (for each index along axis 0, the contiguous block of the other axes) and
 * <em>pencil</em> passes (lines along one axis), and compute in double; in single precision the
 * wavefunction is stored as complex64 and rounded once per pass (see {@link CpuBuffer}).
 */
public final class CpuBackend implements Backend {

    private final Grid grid;
    private final Precision precision;
    private final double hbar;
    private final double mass;
    private final WorkerPool pool;
    private final Workspace[] work;
    /** Points along axis 0, and points in one slab (the product of the other axes). */
    private final int n0;
    private final int slab;
    private final int points;

    private double[] v;
    private double[] w;
    /** The potential tree of {@link #compilePotential}, or null. */
    private Expr compiled;
    private final Evaluator evaluator;
    private final Map<Complex, PhaseTable> potentialTables = lru(4);
    private final Map<Complex, KineticTables> kineticTables = lru(4);

    /** Per-axis kinetic phase along axis 0 and the product over the other axes, per slab point. */
    private record KineticTables(double[] axis0, double[] slab, PhaseTable axis0Table, PhaseTable slabTable) {
        KineticTables(double[] axis0, double[] slab) {
            this(axis0, slab, new PhaseTable(axis0), new PhaseTable(slab));
        }
    }

    /** The Strang step on batched FFTs, in the storage precision (one of the two is null). */
    private final DoubleStepper doubleStepper;
    private final FloatStepper floatStepper;

    /** One worker's line buffers, FFT plans and accumulators: built once, reused every pass. */
    private static final class Workspace {
        final double[] line;
        final double[] tmp;
        final double[] slabA;
        final double[] slabB;
        final DoubleFFT_1D[] plans = new DoubleFFT_1D[3];
        final double[] acc = new double[16];

        Workspace(Grid g, int slab) {
            int maxN = Math.max(g.n(0), Math.max(g.n(1), g.n(2)));
            line = new double[2 * maxN];
            tmp = new double[2 * maxN];
            slabA = new double[2 * slab];
            slabB = new double[2 * slab];
            for (int d = 0; d < g.rank(); d++) plans[d] = g.n(d) > 1 ? new DoubleFFT_1D(g.n(d)) : null;
        }
    }

    public CpuBackend(Grid grid, Precision precision, double hbar, double mass) {
        this(grid, precision, hbar, mass, Runtime.getRuntime().availableProcessors());
    }

    public CpuBackend(Grid grid, Precision precision, double hbar, double mass, int threads) {
        this.grid = grid;
        this.precision = precision;
        this.hbar = hbar;
        this.mass = mass;
        this.points = grid.points();
        this.n0 = grid.n(0);
        this.slab = points / n0;
        this.pool = new WorkerPool(threads);
        this.work = new Workspace[pool.workers()];
        for (int i = 0; i < work.length; i++) work[i] = new Workspace(grid, slab);
        this.doubleStepper = precision == Precision.DOUBLE ? new DoubleStepper(grid, pool) : null;
        this.floatStepper = precision == Precision.SINGLE ? new FloatStepper(grid, pool) : null;
        this.evaluator = new Evaluator();
    }

    /** Bytes the CPU backend needs for a run on this grid: buffers, potential and phase tables. */
    public static long bytesNeeded(Grid grid, Precision precision, boolean absorber) {
        long n = grid.size();
        long psi = 2 * n * precision.bytes * 2; // the wavefunction and one snapshot copy
        long potential = n * 8 * (absorber ? 2 : 1);
        long tables = 2 * (2 * n * 8); // half- and full-step potential phases
        long outputs = (1 + grid.rank()) * n * precision.bytes;
        return psi + potential + tables + outputs;
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
    public double hbar() {
        return hbar;
    }

    @Override
    public double mass() {
        return mass;
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

    @Override
    public void setPotential(RealField v, RealField absorber) {
        this.v = v == null ? null : toDoubles(v);
        this.w = absorber == null ? null : toDoubles(absorber);
        potentialTables.clear();
        if (doubleStepper != null) doubleStepper.clearPotentials();
        if (floatStepper != null) floatStepper.clearPotentials();
    }

    /** The CPU evaluates any tree: {@link #evaluatePotential} walks it at every point, in parallel. */
    @Override
    public boolean compilePotential(Expr tree) {
        if (tree == null) return false;
        compiled = tree;
        return true;
    }

    @Override
    public void evaluatePotential(double t) {
        if (compiled == null) throw new IllegalStateException("no potential compiled (compilePotential)");
        if (v == null) v = new double[points];
        evaluator.t = t;
        pool.run(evaluator);
        potentialTables.clear();
        if (doubleStepper != null) doubleStepper.clearPotentials();
        if (floatStepper != null) floatStepper.clearPotentials();
    }

    /** Fills v with the compiled tree at time t, each worker over its slabs with its own variables. */
    private final class Evaluator implements WorkerPool.Task {
        double t;
        private final double[][] vars = new double[work.length][4];

        @Override
        public void run(int wk, int workers) {
            double[] xyzt = vars[wk];
            xyzt[3] = t;
            int n1 = grid.n(1), n2 = grid.n(2);
            for (int i = WorkerPool.from(n0, wk, workers), e = WorkerPool.from(n0, wk + 1, workers); i < e; i++) {
                xyzt[0] = grid.axis(0).x(i);
                for (int j = 0, p = i * slab; j < n1; j++) {
                    xyzt[1] = grid.axis(1).x(j);
                    for (int k = 0; k < n2; k++, p++) {
                        xyzt[2] = grid.axis(2).x(k);
                        v[p] = compiled.eval(xyzt);
                    }
                }
            }
        }
    }

    private double[] toDoubles(RealField f) {
        if (!f.grid().equals(grid) || f.components() != 1) {
            throw new IllegalArgumentException("potential must be a scalar field on " + grid);
        }
        double[] out = new double[points];
        for (int p = 0; p < points; p++) out[p] = f.get(p);
        return out;
    }

    // ---- phase tables ------------------------------------------------------------------------

    /** exp(-i (V - iW) tau / hbar) at every point, interleaved; cached per tau. */
    private double[] potentialTable(Complex tau) {
        return potentialPhase(tau).interleaved();
    }

    private PhaseTable potentialPhase(Complex tau) {
        PhaseTable t = potentialTables.get(tau);
        if (t != null) return t;
        double[] table = new double[2 * points];
        double a = tau.re() / hbar, b = tau.im() / hbar;
        double[] vv = v, ww = w;
        pool.run((wk, n) -> {
            for (int p = WorkerPool.from(points, wk, n), e = WorkerPool.from(points, wk + 1, n); p < e; p++) {
                double V = vv == null ? 0 : vv[p], W = ww == null ? 0 : ww[p];
                double m = Math.exp(V * b - W * a), ph = -V * a - W * b;
                table[2 * p] = m * Math.cos(ph);
                table[2 * p + 1] = m * Math.sin(ph);
            }
        });
        PhaseTable phase = new PhaseTable(table);
        potentialTables.put(tau, phase);
        return phase;
    }

    /** exp(-i hbar k^2 tau / 2m) along one axis, interleaved. */
    private double[] kineticAxis(int d, Complex tau) {
        int n = grid.n(d);
        double[] t = new double[2 * n];
        for (int i = 0; i < n; i++) {
            double k = d < grid.rank() ? grid.axis(d).k(i) : 0;
            double c = hbar * k * k / (2 * mass);
            double m = Math.exp(c * tau.im()), ph = -c * tau.re();
            t[2 * i] = m * Math.cos(ph);
            t[2 * i + 1] = m * Math.sin(ph);
        }
        return t;
    }

    private KineticTables kinetic(Complex tau) {
        KineticTables kt = kineticTables.get(tau);
        if (kt != null) return kt;
        double[] k1 = kineticAxis(1, tau), k2 = kineticAxis(2, tau);
        int n1 = grid.n(1), n2 = grid.n(2);
        double[] s = new double[2 * slab];
        for (int j = 0; j < n1; j++) {
            for (int k = 0; k < n2; k++) {
                int q = j * n2 + k;
                s[2 * q] = k1[2 * j] * k2[2 * k] - k1[2 * j + 1] * k2[2 * k + 1];
                s[2 * q + 1] = k1[2 * j] * k2[2 * k + 1] + k1[2 * j + 1] * k2[2 * k];
            }
        }
        kt = new KineticTables(kineticAxis(0, tau), s);
        kineticTables.put(tau, kt);
        return kt;
    }

    private static <K, V> Map<K, V> lru(int size) {
        return new LinkedHashMap<>(8, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> e) {
                return size() > size;
            }
        };
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
    public void strang(DeviceBuffer b, Complex tau, int steps) {
        if (steps <= 0) return;
        CpuBuffer psi = buf(b);
        PhaseTable half = potentialPhase(tau.times(0.5));
        PhaseTable full = steps > 1 ? potentialPhase(tau) : null;
        KineticTables kt = kinetic(tau);
        if (grid.rank() == 1) {
            strangLine(psi, steps, half, full, kt.axis0);
            return;
        }
        if (doubleStepper != null) {
            doubleStepper.strang(psi, steps, half, full, kt.axis0Table, kt.slabTable);
        } else {
            floatStepper.strang(psi, steps, half, full, kt.axis0Table, kt.slabTable);
        }
    }

    /**
     * 1D: the whole grid is one line, which the batched steppers would carry in a batch of mostly
     * idle lanes. The line is gathered once into a double buffer, stepped there with JTransforms
     * (which threads long transforms itself) and rounded back once.
     */
    private void strangLine(CpuBuffer psi, int steps, PhaseTable half, PhaseTable full, double[] kin) {
        Workspace ws = work[0];
        double[] l = ws.line;
        DoubleFFT_1D plan = ws.plans[0];
        psi.gather(0, 1, n0, l, 0);
        for (int s = 0; s < steps; s++) {
            multiply(l, 0, (s == 0 ? half : full).interleaved(), 0, n0);
            if (plan != null) fftLine(plan, l, 0, false);
            multiply(l, 0, kin, 0, n0);
            if (plan != null) fftLine(plan, l, 0, true);
        }
        multiply(l, 0, half.interleaved(), 0, n0);
        psi.scatter(0, 1, n0, l, 0);
    }

    // ---- primitives ------------------------------------------------------------------------------

    @Override
    public void potentialPhase(DeviceBuffer b, Complex tau) {
        CpuBuffer psi = buf(b);
        double[] table = potentialTable(tau);
        pool.run((wk, n) -> {
            Workspace ws = work[wk];
            for (int i = WorkerPool.from(n0, wk, n), e = WorkerPool.from(n0, wk + 1, n); i < e; i++) {
                psi.gather(i * slab, 1, slab, ws.slabA, 0);
                multiply(ws.slabA, 0, table, 2 * i * slab, slab);
                psi.scatter(i * slab, 1, slab, ws.slabA, 0);
            }
        });
    }

    @Override
    public void kineticPhase(DeviceBuffer b, Complex tau) {
        CpuBuffer psi = buf(b);
        KineticTables kt = kinetic(tau);
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

    // ---- observables -----------------------------------------------------------------------------

    private double sumAcc(int slot) {
        double s = 0;
        for (Workspace ws : work) s += ws.acc[slot];
        return s;
    }

    @Override
    public Moments moments(DeviceBuffer b) {
        CpuBuffer psi = buf(b);
        int rank = grid.rank(), n1 = grid.n(1), n2 = grid.n(2);
        double[] vv = v;
        // position space: norm (slot 0), x moments (1..3), potential energy (4)
        pool.run((wk, n) -> {
            Workspace ws = work[wk];
            java.util.Arrays.fill(ws.acc, 0);
            for (int i = WorkerPool.from(n0, wk, n), e = WorkerPool.from(n0, wk + 1, n); i < e; i++) {
                psi.gather(i * slab, 1, slab, ws.slabA, 0);
                double x0 = grid.axis(0).x(i), rowSum = 0, s1 = 0, s2 = 0, sv = 0;
                for (int q = 0; q < slab; q++) {
                    double re = ws.slabA[2 * q], im = ws.slabA[2 * q + 1], r = re * re + im * im;
                    rowSum += r;
                    if (n1 > 1 || rank > 1) s1 += r * grid.axis(1).x(q / n2);
                    if (rank > 2) s2 += r * grid.axis(2).x(q % n2);
                    if (vv != null) sv += r * vv[i * slab + q];
                }
                ws.acc[0] += rowSum;
                ws.acc[1] += rowSum * x0;
                ws.acc[2] += s1;
                ws.acc[3] += s2;
                ws.acc[4] += sv;
            }
        });
        double dV = grid.dV();
        double norm = sumAcc(0) * dV, potential = sumAcc(4) * dV;
        double[] x = new double[rank], p = new double[rank];
        for (int d = 0; d < rank; d++) x[d] = sumAcc(1 + d) * dV;
        // momentum space, one axis at a time (Parseval along that axis): sum k |phi|^2, sum k^2 |phi|^2
        double kinetic = 0;
        for (int d = 0; d < rank; d++) {
            final int axis = d, n = grid.n(d), stride = grid.stride(d), lines = points / n;
            pool.run((wk, nw) -> {
                Workspace ws = work[wk];
                ws.acc[8] = 0;
                ws.acc[9] = 0;
                for (int l = WorkerPool.from(lines, wk, nw), e = WorkerPool.from(lines, wk + 1, nw); l < e; l++) {
                    psi.gather(grid.lineStart(axis, l), stride, n, ws.line, 0);
                    if (n > 1) fftLine(ws.plans[axis], ws.line, 0, false);
                    for (int t = 0; t < n; t++) {
                        double a2 = ws.line[2 * t] * ws.line[2 * t] + ws.line[2 * t + 1] * ws.line[2 * t + 1];
                        double k = grid.axis(axis).k(t);
                        ws.acc[8] += grid.axis(axis).kDerivative(t) * a2;
                        ws.acc[9] += k * k * a2;
                    }
                }
            });
            p[d] = hbar * sumAcc(8) * dV / n;
            kinetic += hbar * hbar / (2 * mass) * sumAcc(9) * dV / n;
        }
        return new Moments(norm, x, p, kinetic, potential);
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
    public void current(DeviceBuffer b, RealField out) {
        CpuBuffer psi = buf(b);
        double c = hbar / mass;
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
        return new CpuFluxPlanes(grid, pool, hbar, mass, axes, indices);
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
