package io.psiflux.backend.opencl;

import io.psiflux.backend.Lifting;
import io.psiflux.grid.Grid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

import static org.jocl.CL.*;

/**
 * Runs {@link Schedule} plans: each planned launch becomes a kernel object of the line kernel
 * (kernels/fft.cl, one program per line geometry) or of the pointwise kernel (apply_ops), with its
 * constant arguments bound once, so a step only binds the buffers it reads and writes. Holds the
 * launch lists the backend uses: the fused Strang step (once, first, repeated, last), the FFT,
 * the standalone phases and the spectral gradient along each axis.
 *
 * <p>Tables the launches read: the per-axis twiddles (made here), the potential phase table and a
 * kinetic table (the prepared phases' own, bound by {@link #bindKinetic}).
 */
final class Launcher {
    /** Launches between flushes of the queue in a long run of steps. */
    private static final int FLUSH_EVERY = 32;

    private final ClContext cl;
    private final Grid grid;
    private final long complexBytes;
    private final Map<Integer, List<FftPlan.Pass>> passes;
    private final cl_mem[] twiddle = new cl_mem[3];
    private final List<Run> all = new ArrayList<>();
    private cl_mem boundK;

    final Schedule.Strang strangPlan;
    final List<Run> strangOnce, strangFirst, strangRepeat, strangLast, fftForward, fftInverse, potentialOnly, kineticOnly;
    /** Per declared axis: [FFT, i k, IFFT] along it, the spectral derivative. */
    final List<List<Run>> gradient = new ArrayList<>();
    /** Per declared axis: [FFT, axis factor, IFFT] along it, the kinetic step of that axis with a field or rotation. */
    final List<List<Run>> axisStep = new ArrayList<>();
    /** Per declared axis: [FFT, E_d, IFFT] along it, one axis's term of H psi (see io.psiflux.backend.Energies). */
    final List<List<Run>> energyAxis = new ArrayList<>();
    /** Stand-ins for the axis tables of launches that do not read them. */
    private final cl_mem noShift, noFactor;
    /** Whether the launches read the potential table in lifting form (OP_VL, OP_VL2 for OP_V, OP_V2). */
    private boolean boundLifted;
    /** The nonlinear coefficient the launches are bound to (c g; 0 without the term). */
    private double boundNlr, boundNli;

    /**
     * @param vtable the potential phase table every launch with a V op reads
     * @param ktable the kinetic table bound until {@link #bindKinetic} binds another
     */
    Launcher(ClContext cl, Grid grid, Map<Integer, List<FftPlan.Pass>> passes, cl_mem vtable, cl_mem ktable) {
        this.cl = cl;
        this.grid = grid;
        this.passes = passes;
        this.complexBytes = 2L * cl.precision.bytes * grid.points();
        this.boundK = ktable;
        this.noShift = cl.buffer(cl.precision.bytes);
        this.noFactor = cl.buffer(2L * cl.precision.bytes);
        for (int d = 0; d < 3; d++) {
            if (grid.n(d) > 1) {
                twiddle[d] = cl.buffer(2L * cl.precision.bytes * grid.n(d));
                cl.write(twiddle[d], twiddleTable(grid.n(d)));
            }
        }
        int rank = grid.rank();
        strangPlan = Schedule.strang(rank, passes);
        strangOnce = runs(strangPlan.once(), vtable);
        strangFirst = runs(strangPlan.first(), vtable);
        strangRepeat = runs(strangPlan.repeat(), vtable);
        strangLast = runs(strangPlan.last(), vtable);
        fftForward = runs(Schedule.pack(Schedule.fft(rank, false), passes), vtable);
        fftInverse = runs(Schedule.pack(Schedule.fft(rank, true), passes), vtable);
        potentialOnly = runs(Schedule.pack(List.of(new Schedule.Pointwise(Op.V)), passes), vtable);
        kineticOnly = runs(Schedule.pack(List.of(new Schedule.Pointwise(Op.K)), passes), vtable);
        for (int d = 0; d < rank; d++) {
            gradient.add(runs(Schedule.pack(List.of(new Schedule.AxisFft(d, false), new Schedule.Pointwise(Op.GRAD, d),
                    new Schedule.AxisFft(d, true)), passes), vtable));
            axisStep.add(runs(Schedule.pack(List.of(new Schedule.AxisFft(d, false), new Schedule.Pointwise(Op.AXIS, d),
                    new Schedule.AxisFft(d, true)), passes), vtable));
            energyAxis.add(runs(Schedule.pack(List.of(new Schedule.AxisFft(d, false), new Schedule.Pointwise(Op.HAXIS, d),
                    new Schedule.AxisFft(d, true)), passes), vtable));
        }
    }

    /**
     * exp(-2 pi i m / n) for m < n in lifting form ({@link Lifting#twiddle}: the shear
     * coefficients p, s; kernels/fft.cl recomputes the quarter turns from m), in double, then
     * rounded once to the storage precision. Not cos and sin: in single precision their rounding
     * shrank the norm by about 6e-8 per 256-point transform, 2e-7 per 2D 256^2 step
     * (docs/benchmarks.md).
     */
    private static double[] twiddleTable(int n) {
        double[] t = new double[2 * n];
        for (int m = 0; m < n; m++) {
            double[] l = Lifting.twiddle(m, n);
            t[2 * m] = l[0];
            t[2 * m + 1] = l[1];
        }
        return t;
    }

    /** Points every launch's kinetic-table argument at k (a no-op when it already is). */
    void bindKinetic(cl_mem k) {
        if (k == boundK) return;
        for (Run r : all) r.bindKinetic(k);
        boundK = k;
    }

    cl_mem boundKinetic() {
        return boundK;
    }

    /** Points every launch's nonlinear coefficient at nl = c g (a no-op when it already is). */
    void bindNonlinear(double nlr, double nli) {
        if (nlr == boundNlr && nli == boundNli) return;
        for (Run r : all) r.bindNonlinear(nlr, nli);
        boundNlr = nlr;
        boundNli = nli;
    }

    /**
     * Points every launch that reads the potential table at its form: OP_VL and OP_VL2 when the
     * table is a rotation in lifting form (ClPotential.lifted), OP_V and OP_V2 otherwise.
     */
    void bindLifted(boolean lifted) {
        if (lifted == boundLifted) return;
        for (Run r : all) r.bindLifted(lifted);
        boundLifted = lifted;
    }

    /**
     * Binds the axis step of axis d to its per-line tables and gamma; {@code unitary} when every
     * factor is a pure phase (OP_AXIS then runs as OP_AXISL, a rotation).
     */
    void bindAxis(int d, cl_mem lshift, cl_mem lfactor, double gre, double gim, boolean unitary) {
        for (Run r : axisStep.get(d)) {
            r.bindAxis(lshift, lfactor, gre, gim);
            r.bindUnitary(unitary);
        }
    }

    /**
     * Binds the H psi term of axis d to its tables: the energies (at the axis's offset of a
     * three-axis table), the per-line shift and b, and gamma. Only these launches change, every
     * time (other binds may have touched their kinetic argument since).
     */
    void bindEnergies(int d, cl_mem ktable, cl_mem lshift, cl_mem lfactor, double gre, double gim) {
        for (Run r : energyAxis.get(d)) {
            r.bindKinetic(ktable);
            r.bindAxis(lshift, lfactor, gre, gim);
        }
    }

    /** Runs a list on data held in x, with y the other half of a split axis's ping-pong. */
    void execute(List<Run> runs, cl_mem x, cl_mem y) {
        for (Run r : runs) r.enqueue(null, x, y);
    }

    /** As execute on x, but reading src (left unchanged) where the data would first be read. */
    void execute(List<Run> runs, cl_mem src, cl_mem x, cl_mem y) {
        if (runs.isEmpty()) {
            clEnqueueCopyBuffer(cl.queue, src, x, 0, 0, complexBytes, 0, null, null);
            return;
        }
        for (int i = 0; i < runs.size(); i++) runs.get(i).enqueue(i == 0 ? src : null, x, y);
    }

    /** {@code steps} fused Strang steps on x (the tables bound as the step needs them). */
    void strang(cl_mem x, cl_mem scratch, int steps) {
        if (steps == 1) {
            execute(strangOnce, x, scratch);
            return;
        }
        execute(strangFirst, x, scratch);
        for (int s = 0; s < steps - 2; s++) {
            execute(strangRepeat, x, scratch);
            if (s % FLUSH_EVERY == FLUSH_EVERY - 1) clFlush(cl.queue);
        }
        execute(strangLast, x, scratch);
        clFlush(cl.queue);
    }

    /** A launch with its own kernel object, so constant arguments are set once. */
    final class Run {
        final Schedule.Launch launch;
        final cl_kernel kernel;
        cl_mem lastIn, lastOut;

        Run(Schedule.Launch launch, cl_kernel kernel) {
            this.launch = launch;
            this.kernel = kernel;
        }

        /**
         * Enqueues this launch on data held in x, with y the other half of a split axis's
         * ping-pong; when src is not null the launch reads src instead (the first launch of a
         * list, which then leaves its result in x and src untouched).
         */
        void enqueue(cl_mem src, cl_mem x, cl_mem y) {
            FftPlan.Pass p = launch.pass();
            if (p == null) {
                if (src != null) clEnqueueCopyBuffer(cl.queue, src, x, 0, 0, complexBytes, 0, null, null);
                bind(x, x, 0);
                cl.pointwise(kernel, grid.points());
                return;
            }
            cl_mem in = src != null ? src : p.inPlace() || p.stage() % 2 == 0 ? x : y;
            cl_mem out = p.inPlace() ? x : p.stage() % 2 == 0 ? y : x;
            bind(in, out, 1);
            clEnqueueNDRangeKernel(cl.queue, kernel, 1, null, new long[] {p.globalSize()}, new long[] {p.groupSize()}, 0, null, null);
            if (!p.inPlace() && p.stage() == p.stages() - 1 && p.stages() % 2 == 1) {
                clEnqueueCopyBuffer(cl.queue, y, x, 0, 0, complexBytes, 0, null, null);
            }
        }

        private boolean lifted, unitary;

        /** The program word, with OP_V, OP_V2 read as OP_VL, OP_VL2 when lifted: 3 of apply_ops, 6 of fft_lines. */
        void bindLifted(boolean lifted) {
            this.lifted = lifted;
            bindWord();
        }

        /** The program word with OP_AXIS read as OP_AXISL when the axis tables are pure phases. */
        void bindUnitary(boolean unitary) {
            if (unitary == this.unitary) return;
            this.unitary = unitary;
            bindWord();
        }

        private void bindWord() {
            int word = Op.pack(launch.ops());
            for (int shift = 0; shift < 32; shift += 4) {
                int code = (word >>> shift) & 15;
                if (lifted && code == Op.V.code) word += (Op.VL.code - Op.V.code) << shift;
                else if (lifted && code == Op.V2.code) word += (Op.VL2.code - Op.V2.code) << shift;
                else if (unitary && code == Op.AXIS.code) word += (Op.AXISL.code - Op.AXIS.code) << shift;
            }
            OpenCl.arg(kernel, launch.pass() == null ? 3 : 6, word);
        }

        /** The kinetic-table argument: 2 of apply_ops, 4 of fft_lines. */
        void bindKinetic(cl_mem k) {
            OpenCl.arg(kernel, launch.pass() == null ? 2 : 4, k);
        }

        /** The nonlinear coefficient: 11, 12 of apply_ops; 15, 16 of fft_lines. */
        void bindNonlinear(double nlr, double nli) {
            int at = launch.pass() == null ? 11 : 15;
            OpenCl.arg(kernel, at, nlr, cl.dbl);
            OpenCl.arg(kernel, at + 1, nli, cl.dbl);
        }

        /** The axis tables and gamma: 13..16 of apply_ops; 17..20 of fft_lines. */
        void bindAxis(cl_mem lshift, cl_mem lfactor, double gre, double gim) {
            int at = launch.pass() == null ? 13 : 17;
            OpenCl.arg(kernel, at, lshift);
            OpenCl.arg(kernel, at + 1, lfactor);
            OpenCl.arg(kernel, at + 2, gre, cl.dbl);
            OpenCl.arg(kernel, at + 3, gim, cl.dbl);
        }

        private void bind(cl_mem in, cl_mem out, int outArg) {
            if (in != lastIn) OpenCl.arg(kernel, 0, in);
            if (out != lastOut && outArg > 0) OpenCl.arg(kernel, outArg, out);
            lastIn = in;
            lastOut = out;
        }
    }

    private List<Run> runs(List<Schedule.Launch> launches, cl_mem vtable) {
        List<Run> out = new ArrayList<>();
        cl_program generic = cl.program("-DRWG=" + cl.rwg, "common.cl", "pointwise.cl", "reduce.cl");
        for (Schedule.Launch l : launches) {
            FftPlan.Pass p = l.pass();
            int word = Op.pack(l.ops());
            int axis = p == null ? l.axis() : p.axis();
            double kunit = grid.n(axis) > 1 ? 2 * Math.PI / grid.axis(axis).length() : 0;
            cl_kernel k;
            if (p == null) {
                k = cl.kernel(generic, "apply_ops");
                OpenCl.arg(k, 1, vtable);
                OpenCl.arg(k, 2, boundK);
                OpenCl.arg(k, 3, word);
                for (int d = 0; d < 3; d++) OpenCl.arg(k, 4 + d, grid.n(d));
                OpenCl.arg(k, 7, grid.stride(axis));
                OpenCl.arg(k, 8, grid.n(axis));
                OpenCl.arg(k, 9, kunit, cl.dbl);
                int koff = 0;
                for (int d = 0; d < axis; d++) koff += grid.n(d);
                OpenCl.arg(k, 10, koff);
            } else {
                k = cl.kernel(cl.program(p.defines(), "common.cl", "fft.cl"), "fft_lines");
                OpenCl.arg(k, 2, twiddle[p.axis()]);
                OpenCl.arg(k, 3, vtable);
                OpenCl.arg(k, 4, boundK);
                OpenCl.arg(k, 5, kunit, cl.dbl);
                OpenCl.arg(k, 6, word);
                OpenCl.arg(k, 7, p.stride());
                OpenCl.arg(k, 8, (int) p.lines());
                for (int d = 0; d < 3; d++) OpenCl.arg(k, 9 + d, grid.n(d));
                int koff = 0;
                for (int d = 0; d < p.axis(); d++) koff += grid.n(d);
                OpenCl.arg(k, 12, koff);
                OpenCl.arg(k, 13, p.loadLinesFast() ? 1 : 0);
                OpenCl.arg(k, 14, p.storeLinesFast() ? 1 : 0);
            }
            Run r = new Run(l, k);
            r.bindNonlinear(boundNlr, boundNli);
            if (boundLifted) r.bindLifted(true);
            r.bindAxis(noShift, noFactor, 0, 0);
            out.add(r);
            all.add(r);
        }
        return out;
    }
}
