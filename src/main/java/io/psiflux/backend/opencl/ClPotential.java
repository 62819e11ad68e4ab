package io.psiflux.backend.opencl;

import io.psiflux.field.Complex;
import io.psiflux.field.RealField;
import io.psiflux.grid.Grid;
import io.psiflux.physics.Expr;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

/**
 * The complex potential U = V - iW on the device (kernels/potential.cl): V and W as set from the
 * host, or V computed on the device from a compiled expression; and the potential phase table
 * exp(c U), recomputed only when c or U changed since it was last made: as (cos, sin) times the
 * modulus, or for a pure rotation (real time, no absorber) in lifting form ({@link #lifted}).
 */
final class ClPotential {
    private final ClContext cl;
    private final Grid grid;
    private final int n;
    private final long realBytes;
    /** V, W (allocated with the first absorber) and the phase table exp(c U). */
    final cl_mem v;
    private cl_mem w;
    private boolean hasW;
    final cl_mem table;
    private final cl_kernel tableKernel;
    /** The program and kernel of a compiled expression, or null. */
    private cl_program exprProgram;
    private cl_kernel exprKernel;
    /** Changes whenever U changes; what the table holds: exp(c U) for c and U of that version. */
    private long version;
    private Complex tableCoefficient;
    private long tableVersion = -1;
    /**
     * Whether the table holds a pure rotation in lifting form (potential_table: real time without
     * an absorber), read by the launches as OP_VL and OP_VL2 instead of OP_V and OP_V2.
     */
    private boolean lifted;

    ClPotential(ClContext cl, Grid grid) {
        this.cl = cl;
        this.grid = grid;
        this.n = grid.points();
        this.realBytes = (long) cl.precision.bytes * n;
        this.v = cl.buffer(realBytes);
        this.table = cl.buffer(2 * realBytes);
        this.tableKernel = cl.kernel(cl.program("", "common.cl", "potential.cl"), "potential_table");
    }

    /** Bytes on the device for a run: V, W and the phase table. */
    static long bytes(Grid g, int realBytes) {
        return 4L * realBytes * g.size();
    }

    void set(RealField vf, RealField wf) {
        check(vf, "potential");
        cl.writeReal(vf, v);
        if (wf != null) {
            check(wf, "absorber");
            if (w == null) w = cl.buffer(realBytes);
            cl.writeReal(wf, w);
        }
        hasW = wf != null;
        version++;
    }

    private void check(RealField f, String what) {
        if (!f.grid().equals(grid)) throw new IllegalArgumentException("the " + what + " is on " + f.grid() + ", the backend on " + grid);
        if (f.components() != 1) throw new IllegalArgumentException("the " + what + " must be a scalar field");
    }

    /**
     * Builds potential.cl with the tree's OpenCL C as POTENTIAL_BODY and POTENTIAL (see
     * {@link #prelude}), averaged over {@code subsamples[d]} sub-samples per axis of each cell
     * (all ones: the point value); false when it does not build, and the caller samples V on the host.
     */
    boolean compile(Expr tree, int[] subsamples) {
        if (tree == null) return false;
        cl_program program;
        try {
            program = cl.programWith(prelude(ExprC.of(tree)) + cells(subsamples), cl.fp64 ? "" : "-cl-single-precision-constant",
                    "common.cl", "potential.cl");
        } catch (RuntimeException | StackOverflowError e) {
            return false; // a compiler that refuses the code (or a tree too deep to write) leaves V to the host
        }
        release();
        exprProgram = program;
        exprKernel = cl.kernel(program, "potential_expression");
        OpenCl.arg(exprKernel, 0, v);
        for (int d = 0; d < 3; d++) {
            boolean active = d < grid.rank();
            OpenCl.arg(exprKernel, 2 + 2 * d, active ? grid.axis(d).min() : 0.0, cl.fp64);
            OpenCl.arg(exprKernel, 3 + 2 * d, active ? grid.axis(d).dx() : 0.0, cl.fp64);
        }
        OpenCl.arg(exprKernel, 8, grid.n(1));
        OpenCl.arg(exprKernel, 9, grid.n(2));
        OpenCl.arg(exprKernel, 10, n);
        return true;
    }

    /**
     * The generated part of potential.cl: POTENTIAL_BODY, the statements of {@link ExprC} (one per
     * line, joined by backslash-newlines), and POTENTIAL, the temporary (or variable or literal)
     * holding V, e.g. for {@code 0.5*x^2 + sin(t)*x}
     * <pre>
     * #define POTENTIAL_BODY \
     *     hreal r0, r1; \
     *     r0 = pown(x, 2); \
     *     r0 = 0.5 * r0; \
     *     r1 = sin(t); \
     *     r1 = r1 * x; \
     *     r0 = r0 + r1;
     * #define POTENTIAL r0
     * </pre>
     */
    static String prelude(ExprC.Code code) {
        StringBuilder b = new StringBuilder("#define POTENTIAL_BODY");
        for (String line : code.statements()) b.append(" \\\n    ").append(line);
        return b.append("\n#define POTENTIAL ").append(code.value()).append('\n').toString();
    }

    /**
     * The cell average's part of the prelude: none for point sampling, else CELL_SAMPLES_0..2, the
     * sub-samples per axis (see {@code Backend.compilePotential(Expr, int[])}).
     */
    static String cells(int[] subsamples) {
        if (subsamples == null || (subsamples[0] == 1 && subsamples[1] == 1 && subsamples[2] == 1)) return "";
        StringBuilder b = new StringBuilder();
        for (int d = 0; d < 3; d++) b.append("#define CELL_SAMPLES_").append(d).append(' ').append(subsamples[d]).append('\n');
        return b.toString();
    }

    void evaluate(double t) {
        if (exprKernel == null) throw new IllegalStateException("no potential compiled (compilePotential)");
        OpenCl.arg(exprKernel, 1, t, cl.fp64);
        cl.pointwise(exprKernel, n);
        version++;
    }

    /** Makes the table exp(c U) for the current U (the one place it is computed: potential_table). */
    void table(Complex c) {
        if (c.equals(tableCoefficient) && tableVersion == version) return;
        lifted = !hasW && c.re() == 0;
        OpenCl.arg(tableKernel, 0, table);
        OpenCl.arg(tableKernel, 1, v);
        OpenCl.arg(tableKernel, 2, hasW ? w : v);
        OpenCl.arg(tableKernel, 3, hasW ? 1 : 0);
        OpenCl.arg(tableKernel, 4, c.re(), cl.fp64);
        OpenCl.arg(tableKernel, 5, c.im(), cl.fp64);
        OpenCl.arg(tableKernel, 6, n);
        OpenCl.arg(tableKernel, 7, lifted ? 1 : 0);
        cl.pointwise(tableKernel, n);
        tableCoefficient = c;
        tableVersion = version;
    }

    /** Whether the table {@link #table} made is in lifting form (OP_VL, OP_VL2). */
    boolean lifted() {
        return lifted;
    }

    /** V as the device holds it, in any precision (a test hook). */
    void read(RealField out) {
        check(out, "potential");
        cl.readReal(v, out, 0);
    }

    private void release() {
        if (exprProgram != null) cl.release(exprProgram, exprKernel);
        exprProgram = null;
        exprKernel = null;
    }
}
