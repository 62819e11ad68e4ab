package io.psiflux.backend.cpu;

import io.psiflux.field.Complex;
import io.psiflux.field.RealField;
import io.psiflux.grid.Grid;
import io.psiflux.physics.Expr;
import io.psiflux.physics.Sampling;

/**
 * The complex potential U = V - iW of the CPU backend: V and W as set from the host, or V
 * evaluated from an expression tree at every point; and its phase tables exp(c U), kept in a few
 * slots and refilled in place when c or U changes, so a time-dependent potential allocates
 * nothing per step. The one place the CPU exponentiates the potential ({@link PotentialFill}).
 */
final class CpuPotential {

    /** Potential phase tables kept at once: half and full step of two sub-step lengths (order 4). */
    private static final int SLOTS = 4;

    private final Grid grid;
    private final WorkerPool pool;
    private final int points;
    private final int n0;
    private final int slab;

    /** V, allocated once; W once an absorber is first set ({@link #hasW} says whether it is). */
    private final double[] v;
    private double[] w;
    private boolean hasW;
    /** Changes whenever U = V - iW changes; potential tables older than this are refilled. */
    private long potentialVersion;
    /** The potential tree of {@link #compile}, or null. */
    private Expr compiled;
    /** Per axis, the sub-sample offsets of a cell (one 0 for point sampling), and their number in all. */
    private final double[][] offsets = {{0.0}, {0.0}, {0.0}};
    private double count = 1;
    private final Evaluator evaluator;
    /** exp(c U) tables, refilled in place when c or U changes; allocated on first use. */
    private final PotentialSlot[] slots = new PotentialSlot[SLOTS];
    private long uses;
    private final PotentialFill fill = new PotentialFill();

    CpuPotential(Grid grid, WorkerPool pool) {
        this.grid = grid;
        this.pool = pool;
        this.points = grid.points();
        this.n0 = grid.n(0);
        this.slab = points / n0;
        this.v = new double[points];
        this.evaluator = new Evaluator();
    }

    /** V as last set or evaluated (read by the sums). */
    double[] v() {
        return v;
    }

    /** One exp(c U) table and what it was filled for. */
    private static final class PotentialSlot {
        Complex coefficient;
        long version = -1;
        long lastUse;
        final PhaseTable table;

        PotentialSlot(int points) {
            table = new PhaseTable(new double[2 * points]);
        }
    }

    /** Sets V and W (null: zero), copied into arrays allocated once. */
    void set(RealField vf, RealField absorber) {
        copyScalar(vf, v, "potential");
        if (absorber != null) {
            if (w == null) w = new double[points];
            copyScalar(absorber, w, "absorber");
        }
        hasW = absorber != null;
        potentialVersion++;
    }

    private void copyScalar(RealField f, double[] into, String what) {
        if (!f.grid().equals(grid) || f.components() != 1) {
            throw new IllegalArgumentException("the " + what + " must be a scalar field on " + grid);
        }
        double[] d = f.doubles();
        if (d != null) {
            System.arraycopy(d, 0, into, 0, points);
        } else {
            for (int p = 0; p < points; p++) into[p] = f.get(p);
        }
    }

    /**
     * Any tree: {@link #evaluate} walks it at every point, in parallel, averaged over
     * {@code subsamples[d]} sub-samples per axis of each cell (all ones: the point value).
     */
    boolean compile(Expr tree, int[] subsamples) {
        if (tree == null) return false;
        compiled = tree;
        for (int d = 0; d < 3; d++) {
            int m = d < grid.rank() ? subsamples[d] : 1;
            offsets[d] = new double[m];
            for (int s = 0; s < m; s++) offsets[d][s] = d < grid.rank() ? grid.axis(d).dx() * Sampling.offset(s, m) : 0.0;
        }
        count = offsets[0].length * offsets[1].length * offsets[2].length;
        return true;
    }

    void evaluate(double t) {
        if (compiled == null) throw new IllegalStateException("no potential compiled (compilePotential)");
        evaluator.t = t;
        pool.run(evaluator);
        potentialVersion++;
    }

    /** Fills v with the compiled tree at time t, each worker over its slabs with its own variables. */
    private final class Evaluator implements WorkerPool.Task {
        double t;
        private final double[][] vars = new double[pool.workers()][4];

        @Override
        public void run(int wk, int workers) {
            double[] xyzt = vars[wk];
            xyzt[3] = t;
            int n1 = grid.n(1), n2 = grid.n(2);
            double[] o0 = offsets[0], o1 = offsets[1], o2 = offsets[2];
            for (int i = WorkerPool.from(n0, wk, workers), e = WorkerPool.from(n0, wk + 1, workers); i < e; i++) {
                double x = grid.axis(0).x(i);
                for (int j = 0, p = i * slab; j < n1; j++) {
                    double y = grid.axis(1).x(j);
                    for (int k = 0; k < n2; k++, p++) {
                        double z = grid.axis(2).x(k);
                        // the cell average as Potential.expression computes it (one sub-sample: the point)
                        double sum = 0;
                        for (double a : o0) {
                            xyzt[0] = x + a;
                            for (double b : o1) {
                                xyzt[1] = y + b;
                                for (double c : o2) {
                                    xyzt[2] = z + c;
                                    sum += compiled.eval(xyzt);
                                }
                            }
                        }
                        v[p] = sum / count;
                    }
                }
            }
        }
    }

    /**
     * exp(c U) at every point: the table of a slot that holds c for the current U, else a slot
     * refilled in place (the least recently used once all are taken).
     */
    PhaseTable table(Complex c) {
        PotentialSlot slot = null;
        for (PotentialSlot s : slots) {
            if (s != null && c.equals(s.coefficient)) {
                slot = s;
                break;
            }
        }
        if (slot == null) {
            int victim = -1;
            for (int i = 0; i < slots.length; i++) {
                if (slots[i] == null) {
                    slots[i] = new PotentialSlot(points);
                    victim = i;
                    break;
                }
                if (victim < 0 || slots[i].lastUse < slots[victim].lastUse) victim = i;
            }
            slot = slots[victim];
            slot.coefficient = c;
            slot.version = -1;
        }
        if (slot.version != potentialVersion) {
            fill.set(slot.table.interleaved(), c);
            pool.run(fill);
            slot.table.touch();
            slot.version = potentialVersion;
        }
        slot.lastUse = ++uses;
        return slot.table;
    }

    /**
     * table <- exp(c U) with U = V - iW: magnitude exp(a V + b W), angle b V - a W for c = a + ib.
     * The one place the CPU exponentiates the potential.
     */
    private final class PotentialFill implements WorkerPool.Task {
        private double[] table;
        private double a;
        private double b;

        void set(double[] table, Complex c) {
            this.table = table;
            this.a = c.re();
            this.b = c.im();
        }

        @Override
        public void run(int wk, int workers) {
            double[] ww = hasW ? w : null;
            for (int p = WorkerPool.from(points, wk, workers), e = WorkerPool.from(points, wk + 1, workers); p < e; p++) {
                double V = v[p], W = ww == null ? 0 : ww[p];
                double m = Math.exp(a * V + b * W), ph = b * V - a * W;
                table[2 * p] = m * Math.cos(ph);
                table[2 * p + 1] = m * Math.sin(ph);
            }
        }
    }
}
