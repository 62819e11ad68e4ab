package io.psiflux.backend.cpu;

import io.psiflux.grid.Grid;

/**
 * The Strang step of {@link CpuBackend} in double precision, on {@link DoubleBatchFft} batches.
 *
 * <p>In 1D the one line is a batch of one lane, stepped on one thread ({@link #line}); the
 * backend uses that in single precision only (float arithmetic, as in 2D and 3D) and steps 1D in
 * double with JTransforms. In 2D and 3D a step is a sequence of line passes. A pass
 * along axis {@code d} visits the lines along {@code d} (viewed as (before, n, after)) in batches
 * of {@link #lanes} consecutive lines, gathers a batch from the planar storage ({@link CpuBuffer})
 * into re/im element arrays, transforms and multiplies it there, and scatters it back. Per step:
 * the inverse FFTs of axes {@code rank-1 .. 2}, one pass along axis 1 (inverse FFT, potential
 * phase, forward FFT), the forward FFTs of axes {@code 2 ..}, and one pass along axis 0 (FFT,
 * kinetic phase, inverse FFT): two passes over memory in 2D, four in 3D. The two potential half
 * steps between consecutive steps are merged.
 *
 * <p>Normalisation: the inverse FFTs are unnormalised; {@code 1/(n0 n1 n2)} is folded into the
 * kinetic factor of each line (exact for powers of two; otherwise rounded per line, so the
 * roundings do not share one sign).
 *
 * <p>The kinetic phase is applied as rotations in lifting form (three shears each, see
 * {@link io.psiflux.backend.Lifting}), one by the axis-0 factor and one by the line's factor, then scaled by
 * the product of their real parts {@code g} (the moduli and signs, plus the normalisation). A
 * complex product with rounded factors instead changed every element's modulus by the factors'
 * rounding, the same each step: on a 2D 256^2 run in single precision that alone lost about 2e-8
 * of the norm per step (docs/benchmarks.md).
 *
 * <p>Batches are built in the constructor; the phase tables in batch layout are kept per source
 * table and laid out again in place when the source is refilled, so {@link #strang} allocates
 * nothing after its first call with a table.
 *
 * <p>{@code FloatStepper} is generated from this file by the build (pom.xml, float-twins; the rules
 * are in FloatVariantsTest).
 */
final class DoubleStepper {

    /**
     * The most lines per batch: 1 KiB per element array. Longer lane loops cost less per element
     * (loop entry and exit are paid per element array); {@link #lanes} is smaller where the grid
     * would otherwise give too few batches to share among the workers.
     */
    static final int MAX_LANES = 1024 / Double.BYTES;
    /** The fewest lines per batch: 256 bytes per element array, a few SIMD registers wide. */
    static final int MIN_LANES = 256 / Double.BYTES;
    /**
     * Elements per tile of the transposing gather and scatter (contiguous lines): eight cache
     * lines of each plane per lane.
     */
    static final int TILE = 512 / Double.BYTES;
    /**
     * Lanes per group of the transposing gather and scatter. A group's lines are copied whole
     * ({@code System.arraycopy}) between the planes and a small tile buffer, and transposed
     * there: lines of a power-of-two length start a multiple of 4 KiB apart and would otherwise
     * all compete for the same few L1 sets.
     */
    static final int GROUP = 8;

    private final Grid grid;
    private final WorkerPool pool;
    /** Lines per batch, {@link #MIN_LANES} to {@link #MAX_LANES}. */
    private final int lanes;
    private final int rank;
    private final int[] n = new int[3];
    private final int[] after = new int[3];
    private final int[] lines = new int[3];
    private final int[] batches = new int[3];
    private final Work[] work;
    private final Pass pass = new Pass();

    /** Layouts of the last few potential and kinetic tables, refilled in place (see {@link #potential}). */
    private final Potential[] potentials = new Potential[SLOTS];
    private final Kinetic[] kinetics = new Kinetic[SLOTS];
    private long uses;

    /** Tables laid out at once: half and full potential steps of two sub-step lengths. */
    private static final int SLOTS = 4;

    /** A table in the layout of a pass, and the table and stamp it was laid out from. */
    private abstract static class Layout {
        PhaseTable source;
        long stamp = Long.MIN_VALUE;
        long lastUse;
    }

    /**
     * The potential phase in the layout of the axis-1 pass, {@code [batch * n1 + t][lane]}, in
     * lifting form ({@link io.psiflux.backend.Lifting}, {@link PhaseTable#fastP}): shear
     * coefficients {@code p}, {@code s} and the real factor {@code g}, exactly +-1 in real time without an
     * absorber (a pure rotation; with one, or in imaginary time, the modulus). A complex product with the float-rounded factor instead scaled each point by the
     * rounded modulus every step: on coarse grids that did not average out (+1.2e-8 per step on a
     * 2D 64^2 oscillator in single precision, docs/benchmarks.md).
     */
    private static final class Potential extends Layout {
        final double[][] p;
        final double[][] s;
        final double[][] g;

        Potential(int rows, int lanes) {
            p = new double[rows][lanes];
            s = new double[rows][lanes];
            g = new double[rows][lanes];
        }
    }

    /**
     * The kinetic phase in lifting form ({@link io.psiflux.backend.Lifting}): the axis-0 factor per element
     * and the factor of the other axes per axis-0 line {@code [batch][lane]}, whose {@code g}
     * carries the normalisation {@code 1/(n0 n1 n2)}.
     */
    private static final class Kinetic extends Layout {
        final double[] axisP;
        final double[] axisS;
        final double[] axisG;
        final double[][] lineP;
        final double[][] lineS;
        final double[][] lineG;

        Kinetic(int n0, int batches, int lanes) {
            axisP = new double[n0];
            axisS = new double[n0];
            axisG = new double[n0];
            lineP = new double[batches][lanes];
            lineS = new double[batches][lanes];
            lineG = new double[batches][lanes];
        }
    }

    /** One worker's plans and batch. */
    private static final class Work {
        final DoubleBatchFft[] plans = new DoubleBatchFft[3];
        final double[][] re;
        final double[][] im;
        /** A GROUP x TILE block of the transposing gather and scatter, per plane. */
        final double[] tileR = new double[GROUP * TILE];
        final double[] tileI = new double[GROUP * TILE];

        Work(int[] n, int lanes) {
            int max = 1;
            for (int d = 0; d < 3; d++) {
                plans[d] = new DoubleBatchFft(n[d], lanes);
                max = Math.max(max, n[d]);
            }
            re = new double[max][lanes];
            im = new double[max][lanes];
        }
    }

    DoubleStepper(Grid grid, WorkerPool pool) {
        this.grid = grid;
        this.pool = pool;
        this.rank = grid.rank();
        int points = grid.points();
        for (int d = 0; d < 3; d++) {
            n[d] = grid.n(d);
            after[d] = grid.stride(d);
            lines[d] = points / n[d];
        }
        lanes = rank == 1 ? 1 : lanes(n, after, lines, pool.workers());
        for (int d = 0; d < 3; d++) batches[d] = (lines[d] + lanes - 1) / lanes;
        work = new Work[pool.workers()];
        for (int i = 0; i < work.length; i++) work[i] = new Work(n, lanes);
    }

    /**
     * Lines per batch: {@link #MAX_LANES}, halved down to {@link #MIN_LANES} while some axis has
     * fewer than two batches per worker, or a strided axis ({@code 1 < after}) is not a whole
     * number of batches wide (the fast gather needs a batch inside one block of {@code after} lines).
     */
    static int lanes(int[] n, int[] after, int[] lines, int workers) {
        int l = MAX_LANES;
        while (l > MIN_LANES) {
            boolean fits = true;
            for (int d = 0; d < 3; d++) {
                if (n[d] < 2) continue;
                if (lines[d] < 2 * workers * l || (after[d] > 1 && after[d] % l != 0)) fits = false;
            }
            if (fits) break;
            l /= 2;
        }
        return l;
    }

    /**
     * {@code steps} Strang steps on {@code psi}: {@code half} and {@code full} are the potential
     * phases of half and whole steps ({@code full} may be null for one step), {@code axis0} and
     * {@code slab} the kinetic phase along axis 0 and over the other axes (see {@link CpuBackend}).
     */
    void strang(CpuBuffer psi, int steps, PhaseTable half, PhaseTable full, PhaseTable axis0, PhaseTable slab,
                double nlr, double nli) {
        double[][] planes = psi.doubles();
        strang(planes[0], planes[1], steps, half, full, axis0, slab, nlr, nli);
    }

    /**
     * {@link #strang(CpuBuffer, int, PhaseTable, PhaseTable, PhaseTable, PhaseTable, double, double)}
     * on the planes {@code sr, si}; {@code nlr + i nli} is the half step's nonlinear coefficient
     * c g (each potential multiply is followed by exp(c g |psi|^2), twice that for merged halves).
     */
    void strang(double[] sr, double[] si, int steps, PhaseTable half, PhaseTable full, PhaseTable axis0, PhaseTable slab,
                double nlr, double nli) {
        Potential h = potential(half), f = full == null ? null : potential(full);
        Kinetic k = kinetic(axis0, slab);
        if (rank == 1) {
            line(sr, si, steps, h, f, k, nlr, nli);
            return;
        }
        pass.nlr = nlr;
        pass.nli = nli;
        for (int s = 0; s < steps; s++) {
            if (s > 0) for (int d = rank - 1; d >= 2; d--) run(sr, si, d, true, null, false, null);
            pass.nlTimes = s == 0 ? 1 : 2;
            run(sr, si, 1, s > 0, s == 0 ? h : f, true, null);
            for (int d = 2; d < rank; d++) run(sr, si, d, false, null, true, null);
            run(sr, si, 0, false, null, false, k);
        }
        for (int d = rank - 1; d >= 2; d--) run(sr, si, d, true, null, false, null);
        pass.nlTimes = 1;
        run(sr, si, 1, true, h, false, null);
    }

    /**
     * 1D: the one line as a batch of one lane ({@link #lanes} is 1 in 1D, so the axis-1 layout of
     * the potential is the line's, one element per row), gathered once, stepped on this thread
     * with the batched FFT (in the stepper's precision, lifted twiddles and kinetic phase, as in
     * 2D and 3D) and scattered back once.
     */
    private void line(double[] sr, double[] si, int steps, Potential h, Potential f, Kinetic k, double nlr, double nli) {
        Work w = work[0];
        DoubleBatchFft plan = w.plans[0];
        int n0 = n[0];
        gather(sr, si, 0, 0, w.re, w.im, w.tileR, w.tileI);
        for (int s = 0; s < steps; s++) {
            Potential p = s == 0 ? h : f;
            double times = s == 0 ? 1 : 2;
            multiply(w.re, w.im, p, 0, n0);
            if (nlr != 0 || nli != 0) nonlinear(w.re, w.im, n0, nlr * times, nli * times);
            plan.transform(w.re, w.im);
            kinetic(w.re, w.im, k, 0, n0);
            plan.transform(w.im, w.re);
        }
        multiply(w.re, w.im, h, 0, n0);
        if (nlr != 0 || nli != 0) nonlinear(w.re, w.im, n0, nlr, nli);
        scatter(sr, si, 0, 0, w.re, w.im, w.tileR, w.tileI);
    }

    // ---- tables ------------------------------------------------------------------------------

    /**
     * The index in {@code slots} of the layout of {@code table}; else of a slot not yet allocated
     * (slots fill in order), else of the least recently used layout, emptied for it.
     */
    private int slot(Layout[] slots, PhaseTable table) {
        int victim = -1;
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == null) return i;
            if (slots[i].source == table) return i;
            if (victim < 0 || slots[i].lastUse < slots[victim].lastUse) victim = i;
        }
        slots[victim].source = null;
        return victim;
    }

    /**
     * The potential table in the axis-1 layout: kept per table (the backend's tables are long-lived
     * and refilled in place), laid out again only when the table's stamp moved; allocated only the
     * first time a slot is used.
     */
    private Potential potential(PhaseTable table) {
        int i = slot(potentials, table);
        if (potentials[i] == null) potentials[i] = new Potential(batches[1] * n[1], lanes);
        Potential p = potentials[i];
        if (p.source != table || p.stamp != table.stamp()) {
            int n1 = n[1];
            for (int g = 0; g < batches[1]; g++) {
                for (int b = 0; b < lanes && g * lanes + b < lines[1]; b++) {
                    int start = grid.lineStart(1, g * lanes + b);
                    for (int t = 0; t < n1; t++) {
                        int at = start + t * after[1];
                        p.p[g * n1 + t][b] = (double) table.fastP(at);
                        p.s[g * n1 + t][b] = (double) table.fastS(at);
                        p.g[g * n1 + t][b] = (double) table.fastG(at);
                    }
                }
            }
            p.source = table;
            p.stamp = table.stamp();
        }
        p.lastUse = ++uses;
        return p;
    }

    private Kinetic kinetic(PhaseTable axis0, PhaseTable slab) {
        int i = slot(kinetics, axis0);
        if (kinetics[i] == null) kinetics[i] = new Kinetic(n[0], batches[0], lanes);
        Kinetic k = kinetics[i];
        if (k.source != axis0 || k.stamp != axis0.stamp()) {
            for (int t = 0; t < n[0]; t++) {
                k.axisP[t] = (double) axis0.liftP(t);
                k.axisS[t] = (double) axis0.liftS(t);
                k.axisG[t] = (double) axis0.liftG(t);
            }
            long points = (long) n[0] * n[1] * n[2];
            for (int c = 0; c < lines[0]; c++) {
                k.lineP[c / lanes][c % lanes] = (double) slab.liftP(c);
                k.lineS[c / lanes][c % lanes] = (double) slab.liftS(c);
                k.lineG[c / lanes][c % lanes] = (double) (slab.liftG(c) / points);
            }
            k.source = axis0;
            k.stamp = axis0.stamp();
        }
        k.lastUse = ++uses;
        return k;
    }

    // ---- passes ------------------------------------------------------------------------------

    /** The parameters of the pass in flight: one reusable task, so passes allocate nothing. */
    private final class Pass implements WorkerPool.Task {
        double[] sr;
        double[] si;
        int d;
        boolean inverse;
        boolean forward;
        Potential pot;
        /** The nonlinear coefficient c g of a half step, and 1 or 2 (a half step or two merged). */
        double nlr;
        double nli;
        double nlTimes;
        Kinetic kin;

        @Override
        public void run(int wk, int workers) {
            Work w = work[wk];
            DoubleBatchFft plan = w.plans[d];
            for (int g = WorkerPool.from(batches[d], wk, workers), e = WorkerPool.from(batches[d], wk + 1, workers); g < e; g++) {
                gather(sr, si, d, g, w.re, w.im, w.tileR, w.tileI);
                if (inverse) plan.transform(w.im, w.re);
                if (pot != null) {
                    multiply(w.re, w.im, pot, g * n[d], n[d]);
                    if (nlr != 0 || nli != 0) nonlinear(w.re, w.im, n[d], nlr * nlTimes, nli * nlTimes);
                }
                if (forward) plan.transform(w.re, w.im);
                if (kin != null) {
                    plan.transform(w.re, w.im);
                    kinetic(w.re, w.im, kin, g, n[d]);
                    plan.transform(w.im, w.re);
                }
                scatter(sr, si, d, g, w.re, w.im, w.tileR, w.tileI);
            }
        }
    }

    private void run(double[] sr, double[] si, int d, boolean inverse, Potential pot, boolean forward, Kinetic kin) {
        pass.sr = sr;
        pass.si = si;
        pass.d = d;
        pass.inverse = inverse && n[d] > 1;
        pass.forward = forward && n[d] > 1;
        pass.pot = pot;
        pass.kin = kin;
        pool.run(pass);
    }

    /**
     * Copies batch {@code g} of the lines along {@code d} from the planes {@code sr, si} into
     * {@code re, im}; missing lanes are zero.
     */
    private void gather(double[] sr, double[] si, int d, int g, double[][] re, double[][] im, double[] tileR, double[] tileI) {
        int nd = n[d], a = after[d], l0 = g * lanes, count = Math.min(lanes, lines[d] - l0);
        if (count == lanes && a % lanes == 0) {
            // strided lines: a batch's lanes are neighbours in memory
            for (int t = 0, s = grid.lineStart(d, l0); t < nd; t++, s += a) {
                System.arraycopy(sr, s, re[t], 0, lanes);
                System.arraycopy(si, s, im[t], 0, lanes);
            }
            return;
        }
        if (count == lanes && a == 1) {
            // contiguous lines: a transpose, in tiles of TILE elements so the lanes' source lines stay in L1
            int base = grid.lineStart(d, l0);
            for (int t0 = 0; t0 < nd; t0 += TILE) {
                int w = Math.min(nd, t0 + TILE) - t0;
                for (int b0 = 0; b0 < lanes; b0 += GROUP) {
                    for (int b = 0; b < GROUP; b++) {
                        System.arraycopy(sr, base + (b0 + b) * nd + t0, tileR, b * TILE, w);
                        System.arraycopy(si, base + (b0 + b) * nd + t0, tileI, b * TILE, w);
                    }
                    for (int t = 0; t < w; t++) {
                        double[] r = re[t0 + t], i = im[t0 + t];
                        for (int b = 0, s = t; b < GROUP; b++, s += TILE) {
                            r[b0 + b] = tileR[s];
                            i[b0 + b] = tileI[s];
                        }
                    }
                }
            }
            return;
        }
        for (int b = 0; b < lanes; b++) {
            if (b >= count) {
                for (int t = 0; t < nd; t++) re[t][b] = im[t][b] = 0;
                continue;
            }
            for (int t = 0, s = grid.lineStart(d, l0 + b); t < nd; t++, s += a) {
                re[t][b] = sr[s];
                im[t][b] = si[s];
            }
        }
    }

    /** The inverse of {@link #gather}. */
    private void scatter(double[] sr, double[] si, int d, int g, double[][] re, double[][] im, double[] tileR, double[] tileI) {
        int nd = n[d], a = after[d], l0 = g * lanes, count = Math.min(lanes, lines[d] - l0);
        if (count == lanes && a % lanes == 0) {
            for (int t = 0, s = grid.lineStart(d, l0); t < nd; t++, s += a) {
                System.arraycopy(re[t], 0, sr, s, lanes);
                System.arraycopy(im[t], 0, si, s, lanes);
            }
            return;
        }
        if (count == lanes && a == 1) {
            int base = grid.lineStart(d, l0);
            for (int t0 = 0; t0 < nd; t0 += TILE) {
                int w = Math.min(nd, t0 + TILE) - t0;
                for (int b0 = 0; b0 < lanes; b0 += GROUP) {
                    for (int t = 0; t < w; t++) {
                        double[] r = re[t0 + t], i = im[t0 + t];
                        for (int b = 0, s = t; b < GROUP; b++, s += TILE) {
                            tileR[s] = r[b0 + b];
                            tileI[s] = i[b0 + b];
                        }
                    }
                    for (int b = 0; b < GROUP; b++) {
                        System.arraycopy(tileR, b * TILE, sr, base + (b0 + b) * nd + t0, w);
                        System.arraycopy(tileI, b * TILE, si, base + (b0 + b) * nd + t0, w);
                    }
                }
            }
            return;
        }
        for (int b = 0; b < count; b++) {
            for (int t = 0, s = grid.lineStart(d, l0 + b); t < nd; t++, s += a) {
                sr[s] = re[t][b];
                si[s] = im[t][b];
            }
        }
    }

    /**
     * {@code x <- x * table} for elements {@code t < nd} against table rows {@code row0 + t}: the
     * rotation in three shears, then the real factor {@code g} (a sign in real time: exact).
     */
    private void multiply(double[][] re, double[][] im, Potential pt, int row0, int nd) {
        for (int t = 0; t < nd; t++) {
            double[] xr = re[t], xi = im[t], cp = pt.p[row0 + t], cs = pt.s[row0 + t], cg = pt.g[row0 + t];
            for (int u = 0; u < lanes; u++) {
                double x = xr[u], y = xi[u], p = cp[u];
                x += p * y;
                y += cs[u] * x;
                x += p * y;
                double m = cg[u];
                xr[u] = m * x;
                xi[u] = m * y;
            }
        }
    }

    /** {@code x <- x exp((ar + i ai) |x|^2)} for elements {@code t < nd}: the Gross-Pitaevskii phase. */
    private void nonlinear(double[][] re, double[][] im, int nd, double ar, double ai) {
        for (int t = 0; t < nd; t++) {
            double[] xr = re[t], xi = im[t];
            for (int u = 0; u < lanes; u++) {
                double a = xr[u], b = xi[u], r2 = a * a + b * b;
                double m = (double) Math.exp(ar * r2), ang = ai * r2;
                double c = (double) Math.cos(ang) * m, e = (double) Math.sin(ang) * m;
                xr[u] = a * c - b * e;
                xi[u] = a * e + b * c;
            }
        }
    }

    /**
     * Kinetic phase of axis-0 batch {@code g}: the rotation by the axis-0 factor of element t, then
     * by the line factor of each lane (three shears each), then the product of their {@code g}.
     */
    private void kinetic(double[][] re, double[][] im, Kinetic k, int g, int nd) {
        double[] lp = k.lineP[g], ls = k.lineS[g], lg = k.lineG[g];
        for (int t = 0; t < nd; t++) {
            double[] xr = re[t], xi = im[t];
            double ap = k.axisP[t], as = k.axisS[t], ag = k.axisG[t];
            for (int u = 0; u < lanes; u++) {
                double x = xr[u], y = xi[u], p = lp[u];
                x += ap * y;
                y += as * x;
                x += ap * y;
                x += p * y;
                y += ls[u] * x;
                x += p * y;
                double m = ag * lg[u];
                xr[u] = m * x;
                xi[u] = m * y;
            }
        }
    }
}
