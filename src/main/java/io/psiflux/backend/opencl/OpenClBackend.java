package io.psiflux.backend.opencl;

import io.psiflux.backend.Backend;
import io.psiflux.backend.DeviceBuffer;
import io.psiflux.backend.FluxPlanes;
import io.psiflux.backend.Phases;
import io.psiflux.backend.Sums;
import io.psiflux.field.Complex;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import io.psiflux.physics.Expr;
import org.jocl.Pointer;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.jocl.CL.*;

/**
 * The {@link Backend} on an OpenCL device (kernels in kernels/*.cl, built once per backend; PoCL
 * caches binaries in POCL_CACHE_DIR). The wavefunction lives on the device: stepping enqueues
 * kernels without waiting, and only scalars (moments, inner products) or fields asked for
 * (download, density, current) come back.
 *
 * <p>What lives on the device, besides the caller's buffers: a scratch wavefunction (FFT of a copy
 * for momentum moments and the current, and the other half of the ping-pong of a split axis), a
 * second one only when an axis is too long for local memory, the potential V (and W once an
 * absorber is set), the potential phase table {@code exp(c U)} (U = V - iW) for the last
 * coefficient c, one real output field, per-axis twiddle tables, the per-axis kinetic factors of
 * each prepared {@link Phases}, and reduction partials.
 *
 * <p>Strang steps run fused (see {@link Schedule}): the kinetic phase rides between the forward and
 * inverse transforms of the last axis in one pass, the potential half steps ride on the first and
 * last passes, and between consecutive steps the two halves merge into one multiply inside a
 * single [IFFT, V^2, FFT] pass over the first axis. A 3D step is then 4 passes over memory, 2D 2,
 * 1D 1 (for axes that fit in local memory; see {@link #bytesPerStep}).
 */
public final class OpenClBackend implements Backend {

    private static final int REDUCE_GROUPS = 1024;
    private static final int FLUSH_EVERY = 32;

    private final Grid grid;
    private final Precision precision;
    private final OpenCl.Handle dev;
    private final boolean dbl;
    private final boolean fp64;
    private final int n;
    private final long complexBytes;
    private final long realBytes;
    private final int rwg;

    private final cl_context context;
    private final cl_command_queue queue;
    private final List<cl_program> programs = new ArrayList<>();
    private final List<cl_kernel> kernels = new ArrayList<>();
    private final List<cl_mem> internal = new ArrayList<>();
    private final Set<ClBuffer> live = new LinkedHashSet<>();
    private final Set<DeviceFluxPlanes> flux = new LinkedHashSet<>();
    private long allocated;
    private boolean closed;

    private final cl_kernel potentialTable, density, current, axpy, scale, momentsPartial, innerPartial;
    private final cl_mem[] twiddle = new cl_mem[3];
    private final cl_mem vtable, ktable, vbuf, realOut, partial;
    private cl_mem wbuf;
    private final ClBuffer scratch, scratch2;

    private final Map<Integer, List<FftPlan.Pass>> passes = new HashMap<>();
    private final Schedule.Strang strangPlan;
    private final List<Run> strangOnce, strangFirst, strangRepeat, strangLast, fftForward, fftInverse,
            potentialOnly, kineticOnly;
    private final List<List<Run>> gradient = new ArrayList<>();

    /** What the potential table holds: exp(c U) for this c and U of this version. */
    private Complex tableCoefficient;
    private long tableVersion = -1;
    /** Changes whenever U = V - iW changes. */
    private long potentialVersion;
    /** The kinetic table the launches are bound to (a prepared phases' own, or the zero default). */
    private cl_mem boundK;
    private final List<Run> allRuns = new ArrayList<>();
    private final Set<ClPhases> prepared = new LinkedHashSet<>();
    /** Host staging for real fields in single precision, allocated once. */
    private float[] staging;
    private boolean hasAbsorber;
    /** Build options of every program (precision defines and extra options). */
    private final String buildOpts;
    /** The program and kernel of a compiled potential expression (see compilePotential), or null. */
    private cl_program exprProgram;
    private cl_kernel exprKernel;

    /**
     * Opens the backend on a device: null (or "auto") picks the best, a GPU before a CPU; a number
     * is an index from {@link #devices()}; any other text matches a device or platform name. The
     * environment variable PSIFLUX_OPENCL_OPTIONS, when set, is appended to every program's build
     * options.
     *
     * @throws OpenClUnavailableException with a one-sentence reason when OpenCL, the device, the
     *                                    grid size or the memory does not allow the run
     */
    public static OpenClBackend open(Grid grid, Precision precision, String deviceSelector) {
        return open(grid, precision, deviceSelector, FftPlan.DEFAULT_MAX_LOCAL_LENGTH);
    }

    /** As {@link #open}, with the longest line kept in local memory lowered (tests of split axes). */
    static OpenClBackend open(Grid grid, Precision precision, String deviceSelector, int maxLocalLength) {
        return open(grid, precision, deviceSelector, maxLocalLength, "");
    }

    /** As above, with extra program build options (tests use -cl-opt-disable to compile faster on PoCL). */
    static OpenClBackend open(Grid grid, Precision precision, String deviceSelector, int maxLocalLength, String buildOptions) {
        OpenCl.Handle h = OpenCl.select(deviceSelector);
        return new OpenClBackend(grid, precision, h, maxLocalLength, buildOptions);
    }

    /** Every OpenCL device found, empty when OpenCL is unavailable. Never throws. */
    public static List<OpenClDevice> devices() {
        try {
            if (OpenCl.unavailableReason() != null) return List.of();
            return OpenCl.handles().stream().map(OpenCl.Handle::info).toList();
        } catch (Throwable t) {
            return List.of();
        }
    }

    /** One line per device for {@code psiflux info}, or the reason OpenCL is unavailable. Never throws. */
    public static List<String> describeDevices() {
        String why = unavailableReason();
        if (why != null) return List.of("OpenCL unavailable: " + why);
        return devices().stream().map(OpenClDevice::describe).toList();
    }

    /** Why OpenCL cannot be used on this machine, or null when it can. Never throws. */
    public static String unavailableReason() {
        try {
            return OpenCl.unavailableReason();
        } catch (Throwable t) {
            return "the OpenCL probe failed: " + t;
        }
    }

    private OpenClBackend(Grid grid, Precision precision, OpenCl.Handle dev, int maxLocalLength, String buildOptions) {
        this.grid = grid;
        this.precision = precision;
        this.dev = dev;
        this.dbl = precision == Precision.DOUBLE;
        this.fp64 = dev.info().fp64();
        OpenClDevice info = dev.info();
        if (dbl && !fp64) {
            throw new OpenClUnavailableException("device " + info.name() + " lacks cl_khr_fp64 (double precision); use --precision single");
        }
        for (int d = 0; d < 3; d++) {
            int nd = grid.n(d);
            if (!FftPlan.supported(nd)) {
                int[] near = FftPlan.nearestSupported(nd);
                throw new OpenClUnavailableException("grid axis " + d + " has " + nd + " points, but the OpenCL FFT supports only sizes whose prime factors are 2, 3, 5 and 7; use "
                        + (near[0] > 1 ? near[0] + " or " : "") + near[1] + " points");
            }
        }
        this.n = grid.points();
        this.complexBytes = 2L * precision.bytes * n;
        this.realBytes = (long) precision.bytes * n;
        this.rwg = Integer.highestOneBit((int) Math.min(256, dev.maxGroupSize()));

        FftPlan.Limits limits = new FftPlan.Limits(info.localMemBytes(), dev.maxGroupSize(), 2 * precision.bytes, maxLocalLength);
        boolean split = false;
        long tables = 0;
        for (int d = 0; d < 3; d++) {
            List<FftPlan.Pass> ps = FftPlan.axisPasses(grid, d, limits);
            passes.put(d, ps);
            split |= ps.size() > 1;
            if (!ps.isEmpty()) tables += 2L * precision.bytes * grid.n(d);
        }
        checkMemory(info, split, tables);

        try {
            cl_context_properties props = new cl_context_properties();
            props.addProperty(CL_CONTEXT_PLATFORM, dev.platform());
            context = clCreateContext(props, 1, new org.jocl.cl_device_id[]{dev.device()}, null, null, null);
            queue = createQueue();

            // PSIFLUX_OPENCL_OPTIONS: extra build options for experiments, e.g. -cl-mad-enable.
            String env = System.getenv("PSIFLUX_OPENCL_OPTIONS");
            String extra = (buildOptions + " " + (env == null ? "" : env)).trim();
            String opts = (dbl ? "-DPSI_DOUBLE " : "") + (fp64 ? "-DHAVE_FP64 " : "") + (extra.isEmpty() ? "" : extra + " ");
            buildOpts = opts;
            cl_program generic = OpenCl.build(context, dev.device(), OpenCl.source("common.cl", "pointwise.cl", "reduce.cl"),
                    opts + "-DRWG=" + rwg);
            programs.add(generic);
            potentialTable = kernel(generic, "potential_table");
            density = kernel(generic, "density");
            current = kernel(generic, "current");
            axpy = kernel(generic, "axpy");
            scale = kernel(generic, "scale");
            momentsPartial = kernel(generic, "moments_partial");
            innerPartial = kernel(generic, "inner_partial");

            String fftSource = OpenCl.source("common.cl", "fft.cl");
            Map<String, cl_program> fftPrograms = new HashMap<>();
            for (List<FftPlan.Pass> ps : passes.values()) {
                for (FftPlan.Pass p : ps) {
                    String o = opts + p.defines();
                    if (!fftPrograms.containsKey(o)) {
                        cl_program prog = OpenCl.build(context, dev.device(), fftSource, o);
                        programs.add(prog);
                        fftPrograms.put(o, prog);
                    }
                }
            }

            for (int d = 0; d < 3; d++) {
                if (grid.n(d) > 1) twiddle[d] = upload(twiddleTable(grid.n(d)));
            }
            vtable = buffer(complexBytes);
            vbuf = buffer(realBytes);
            realOut = buffer(realBytes);
            ktable = buffer(2L * precision.bytes * (grid.n(0) + grid.n(1) + grid.n(2)));
            partial = buffer(5L * REDUCE_GROUPS * (fp64 ? 8 : 4));
            fill(vbuf, realBytes);
            fill(ktable, 2L * precision.bytes * (grid.n(0) + grid.n(1) + grid.n(2)));
            boundK = ktable;
            scratch = (ClBuffer) allocate();
            scratch2 = split ? (ClBuffer) allocate() : null;
            live.remove(scratch);
            if (scratch2 != null) live.remove(scratch2);

            int rank = grid.rank();
            strangPlan = Schedule.strang(rank, passes);
            strangOnce = runs(strangPlan.once(), fftPrograms, opts);
            strangFirst = runs(strangPlan.first(), fftPrograms, opts);
            strangRepeat = runs(strangPlan.repeat(), fftPrograms, opts);
            strangLast = runs(strangPlan.last(), fftPrograms, opts);
            fftForward = runs(Schedule.pack(Schedule.fft(rank, false), passes), fftPrograms, opts);
            fftInverse = runs(Schedule.pack(Schedule.fft(rank, true), passes), fftPrograms, opts);
            potentialOnly = runs(Schedule.pack(List.of(new Schedule.Pointwise(Op.V)), passes), fftPrograms, opts);
            kineticOnly = runs(Schedule.pack(List.of(new Schedule.Pointwise(Op.K)), passes), fftPrograms, opts);
            for (int d = 0; d < rank; d++) {
                gradient.add(runs(Schedule.pack(List.of(new Schedule.AxisFft(d, false), new Schedule.Pointwise(Op.GRAD, d),
                        new Schedule.AxisFft(d, true)), passes), fftPrograms, opts));
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private void checkMemory(OpenClDevice info, boolean split, long tables) {
        String fix = dbl ? "use a smaller grid or --precision single" : "use a smaller grid";
        if (complexBytes > info.maxAllocBytes()) {
            throw new OpenClUnavailableException(String.format(
                    "one wavefunction on %s needs %s, but device %s allocates at most %s in one buffer (CL_DEVICE_MAX_MEM_ALLOC_SIZE); %s",
                    grid, OpenClDevice.bytes(complexBytes), info.name(), OpenClDevice.bytes(info.maxAllocBytes()), fix));
        }
        long need = requiredBytes(split, tables);
        if (need > info.globalMemBytes()) {
            throw new OpenClUnavailableException(String.format(
                    "a run on %s in %s precision needs %s of device memory (%d complex fields of %s: wavefunction, scratch%s "
                            + "and potential phase table; 3 real fields of %s), but device %s has %s; %s",
                    grid, precision, OpenClDevice.bytes(need), split ? 4 : 3, OpenClDevice.bytes(complexBytes),
                    split ? ", second scratch" : "", OpenClDevice.bytes(realBytes), info.name(),
                    OpenClDevice.bytes(info.globalMemBytes()), fix));
        }
    }

    /**
     * Device memory for one caller wavefunction: psi, scratch (and scratch2 for a split axis), the
     * potential phase table (complex), V, W and one real output (real each), plus small tables.
     */
    private long requiredBytes(boolean split, long tables) {
        long complexBuffers = 3 + (split ? 1 : 0);
        return complexBuffers * complexBytes + 3 * realBytes + tables
                + 2L * precision.bytes * (grid.n(0) + grid.n(1) + grid.n(2)) + 5L * REDUCE_GROUPS * 8;
    }

    private cl_command_queue createQueue() {
        try {
            return clCreateCommandQueueWithProperties(context, dev.device(), null, null);
        } catch (Throwable t) {
            @SuppressWarnings("deprecation")
            cl_command_queue q = clCreateCommandQueue(context, dev.device(), 0, null);
            return q;
        }
    }

    // ---- Backend: description ----

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public String device() {
        return dev.info().name() + " (" + dev.info().version() + ")";
    }

    @Override
    public String hostCopyReason() {
        return dev.info().glSharing()
                ? dev.info().name() + " has cl_khr_gl_sharing, but psiflux has no GL-sharing path yet"
                : dev.info().name() + " lacks cl_khr_gl_sharing";
    }

    @Override
    public Grid grid() {
        return grid;
    }

    @Override
    public Precision precision() {
        return precision;
    }

    /** The device this backend runs on. */
    public OpenClDevice deviceInfo() {
        return dev.info();
    }

    // ---- buffers ----

    @Override
    public DeviceBuffer allocate() {
        checkOpen();
        long limit = dev.info().globalMemBytes();
        if (allocated + complexBytes > limit) {
            throw new OpenClUnavailableException(String.format(
                    "another wavefunction on %s needs %s, but only %s of the %s on device %s are left; use a smaller grid",
                    grid, OpenClDevice.bytes(complexBytes), OpenClDevice.bytes(limit - allocated),
                    OpenClDevice.bytes(limit), dev.info().name()));
        }
        cl_mem m = clCreateBuffer(context, CL_MEM_READ_WRITE, complexBytes, null, null);
        allocated += complexBytes;
        fill(m, complexBytes);
        ClBuffer b = new ClBuffer(m);
        live.add(b);
        return b;
    }

    @Override
    public void upload(ComplexField src, DeviceBuffer dst) {
        ClBuffer b = own(dst);
        sameGrid(src.grid());
        ComplexField s = src.precision() == precision ? src : src.to(precision);
        clEnqueueWriteBuffer(queue, b.mem, CL_TRUE, 0, complexBytes, dbl ? Pointer.to(s.doubles()) : Pointer.to(s.floats()),
                0, null, null);
    }

    @Override
    public void download(DeviceBuffer src, ComplexField dst) {
        ClBuffer b = own(src);
        sameGrid(dst.grid());
        ComplexField d = dst.precision() == precision ? dst : new ComplexField(grid, precision);
        clEnqueueReadBuffer(queue, b.mem, CL_TRUE, 0, complexBytes, dbl ? Pointer.to(d.doubles()) : Pointer.to(d.floats()),
                0, null, null);
        if (d != dst) dst.copyFrom(d);
    }

    @Override
    public void copy(DeviceBuffer src, DeviceBuffer dst) {
        ClBuffer a = own(src), b = own(dst);
        if (a != b) clEnqueueCopyBuffer(queue, a.mem, b.mem, 0, 0, complexBytes, 0, null, null);
    }

    // ---- potential and phases ----

    @Override
    public void setPotential(RealField v, RealField absorber) {
        checkOpen();
        writeReal(v, vbuf, "potential");
        if (absorber != null) {
            if (wbuf == null) wbuf = buffer(realBytes);
            writeReal(absorber, wbuf, "absorber");
        }
        hasAbsorber = absorber != null;
        potentialVersion++;
    }

    /**
     * Builds a small program whose kernel writes V(x, y, z, t) = source at every point into V, in
     * the highest precision available (hreal; literals single precision on a device without
     * fp64), then rounded to the storage precision, as a host-sampled V would be. Contraction into
     * fused multiply-adds is off so x_i = min + i dx matches the host's Axis.x(i) exactly.
     */
    @Override
    public boolean compilePotential(Expr tree) {
        checkOpen();
        if (tree == null) return false;
        String source = ExprC.of(tree);
        String kernelSource = OpenCl.source("common.cl") + "\n#pragma OPENCL FP_CONTRACT OFF\n"
                + "__kernel void potential_expression(__global real* restrict out, const hreal t_now,\n"
                + "        const hreal min0, const hreal dx0, const hreal min1, const hreal dx1,\n"
                + "        const hreal min2, const hreal dx2, const int n1, const int n2, const int n) {\n"
                + "    int p = get_global_id(0);\n"
                + "    if (p >= n) return;\n"
                + "    int i = p / (n1 * n2), j = (p / n2) % n1, k = p % n2;\n"
                + "    const hreal x = min0 + (hreal)i * dx0;\n"
                + "    const hreal y = min1 + (hreal)j * dx1;\n"
                + "    const hreal z = min2 + (hreal)k * dx2;\n"
                + "    const hreal t = t_now;\n"
                + "    out[p] = (real)(" + source + ");\n"
                + "}\n";
        cl_program program;
        try {
            program = OpenCl.build(context, dev.device(), kernelSource,
                    buildOpts + (fp64 ? "" : "-cl-single-precision-constant ") + "-DRWG=" + rwg);
        } catch (RuntimeException e) {
            return false;
        }
        releaseExpression();
        exprProgram = program;
        exprKernel = clCreateKernel(program, "potential_expression", null);
        OpenCl.arg(exprKernel, 0, vbuf);
        for (int d = 0; d < 3; d++) {
            boolean active = d < grid.rank();
            OpenCl.arg(exprKernel, 2 + 2 * d, active ? grid.axis(d).min() : 0.0, fp64);
            OpenCl.arg(exprKernel, 3 + 2 * d, active ? grid.axis(d).dx() : 0.0, fp64);
        }
        OpenCl.arg(exprKernel, 8, grid.n(1));
        OpenCl.arg(exprKernel, 9, grid.n(2));
        OpenCl.arg(exprKernel, 10, n);
        return true;
    }

    @Override
    public void evaluatePotential(double t) {
        checkOpen();
        if (exprKernel == null) throw new IllegalStateException("no potential compiled (compilePotential)");
        OpenCl.arg(exprKernel, 1, t, fp64);
        pointwise(exprKernel);
        potentialVersion++;
    }

    /** Test hook: V as the device holds it, in this backend's precision. */
    void readPotential(RealField out) {
        checkOpen();
        sameGrid(out.grid());
        RealField s = out.precision() == precision ? out : RealField.scalar(grid, precision);
        clEnqueueReadBuffer(queue, vbuf, CL_TRUE, 0, realBytes, dbl ? Pointer.to(s.doubles()) : Pointer.to(s.floats()),
                0, null, null);
        if (s != out) for (int i = 0; i < n; i++) out.set(i, s.get(i));
    }

    private void releaseExpression() {
        if (exprKernel != null) clReleaseKernel(exprKernel);
        if (exprProgram != null) clReleaseProgram(exprProgram);
        exprKernel = null;
        exprProgram = null;
    }

    private void writeReal(RealField f, cl_mem dst, String what) {
        sameGrid(f.grid());
        if (f.components() != 1) throw new IllegalArgumentException("the " + what + " must be a scalar field");
        Pointer from;
        if (f.precision() == precision) {
            from = dbl ? Pointer.to(f.doubles()) : Pointer.to(f.floats());
        } else if (dbl) {
            throw new IllegalArgumentException("the " + what + " must be in double precision on a double-precision backend");
        } else {
            if (staging == null) staging = new float[n];
            double[] d = f.doubles();
            for (int i = 0; i < n; i++) staging[i] = (float) d[i];
            from = Pointer.to(staging);
        }
        clEnqueueWriteBuffer(queue, dst, CL_TRUE, 0, realBytes, from, 0, null, null);
    }

    @Override
    public Phases prepare(Complex c, double[][] kineticFactors) {
        checkOpen();
        int total = grid.n(0) + grid.n(1) + grid.n(2);
        double[] t = new double[2 * total];
        int o = 0;
        for (int d = 0; d < 3; d++) {
            if (kineticFactors[d].length != 2 * grid.n(d)) {
                throw new IllegalArgumentException("kinetic factors of axis " + d + " need " + 2 * grid.n(d) + " values");
            }
            System.arraycopy(kineticFactors[d], 0, t, o, kineticFactors[d].length);
            o += kineticFactors[d].length;
        }
        cl_mem k = clCreateBuffer(context, CL_MEM_READ_WRITE, (long) t.length * precision.bytes, null, null);
        write(k, t);
        ClPhases p = new ClPhases(c, k);
        prepared.add(p);
        return p;
    }

    /** Prepared phases: the potential coefficient, and the kinetic factors of the three axes on the device. */
    private final class ClPhases implements Phases {
        final Complex coefficient;
        final cl_mem ktable;
        boolean released;

        ClPhases(Complex coefficient, cl_mem ktable) {
            this.coefficient = coefficient;
            this.ktable = ktable;
        }

        @Override
        public Complex potentialCoefficient() {
            return coefficient;
        }

        @Override
        public void close() {
            if (released || closed) return;
            released = true;
            prepared.remove(this);
            if (boundK == ktable) bindKinetic(OpenClBackend.this.ktable);
            clReleaseMemObject(ktable);
        }
    }

    private ClPhases phases(Phases p) {
        checkOpen();
        if (!(p instanceof ClPhases c) || !prepared.contains(c)) {
            throw new IllegalArgumentException("phases were not prepared by this OpenCL backend, or are closed");
        }
        return c;
    }

    /** Points every launch's kinetic-table argument at k (a no-op when it already is). */
    private void bindKinetic(cl_mem k) {
        if (k == boundK) return;
        for (Run r : allRuns) r.bindKinetic(k);
        boundK = k;
    }

    @Override
    public void potentialPhase(DeviceBuffer psi, Phases phases) {
        ClBuffer x = own(psi);
        potentialTable(phases(phases).coefficient);
        execute(potentialOnly, x, scratch2);
    }

    @Override
    public void fft(DeviceBuffer psi, boolean inverse) {
        execute(inverse ? fftInverse : fftForward, own(psi), scratch);
    }

    @Override
    public void kineticPhase(DeviceBuffer psi, Phases phases) {
        ClBuffer x = own(psi);
        bindKinetic(phases(phases).ktable);
        execute(kineticOnly, x, scratch2);
    }

    /** Fused Strang steps (see the class doc); the result equals {@link Backend#strang}'s composition. */
    @Override
    public void strang(DeviceBuffer psi, Phases phases, int steps) {
        ClBuffer x = own(psi);
        if (steps <= 0) return;
        ClPhases p = phases(phases);
        potentialTable(p.coefficient);
        bindKinetic(p.ktable);
        if (steps == 1) {
            execute(strangOnce, x, scratch);
            return;
        }
        execute(strangFirst, x, scratch);
        for (int s = 0; s < steps - 2; s++) {
            execute(strangRepeat, x, scratch);
            if (s % FLUSH_EVERY == FLUSH_EVERY - 1) clFlush(queue);
        }
        execute(strangLast, x, scratch);
        clFlush(queue);
    }

    /** Blocks until every enqueued command has finished (clFinish; for benchmarks and timing). */
    @Override
    public void finish() {
        checkOpen();
        clFinish(queue);
    }

    /**
     * Bytes of global memory one Strang step moves in steady state: each pass reads and writes the
     * wavefunction and reads the potential table when it applies a potential phase.
     */
    @Override
    public long bytesPerStep() {
        return strangPlan.arrayTrafficPerStep() * complexBytes;
    }

    /** Kernel launches per Strang step in steady state (passes over global memory). */
    public int passesPerStep() {
        return strangPlan.repeat().size();
    }

    /** Makes the potential table exp(c U) for the current U (the one place it is computed, in pointwise.cl). */
    private void potentialTable(Complex c) {
        if (c.equals(tableCoefficient) && tableVersion == potentialVersion) return;
        cl_kernel k = potentialTable;
        OpenCl.arg(k, 0, vtable);
        OpenCl.arg(k, 1, vbuf);
        OpenCl.arg(k, 2, hasAbsorber ? wbuf : vbuf);
        OpenCl.arg(k, 3, hasAbsorber ? 1 : 0);
        OpenCl.arg(k, 4, c.re(), fp64);
        OpenCl.arg(k, 5, c.im(), fp64);
        OpenCl.arg(k, 6, n);
        pointwise(k);
        tableCoefficient = c;
        tableVersion = potentialVersion;
    }

    /** exp(-2 pi i m / n) for m < n, in double, then rounded once to the storage precision. */
    private static double[] twiddleTable(int n) {
        double[] t = new double[2 * n];
        for (int m = 0; m < n; m++) {
            double a = 2 * Math.PI * m / n;
            t[2 * m] = Math.cos(a);
            t[2 * m + 1] = -Math.sin(a);
        }
        return t;
    }

    // ---- observables ----

    @Override
    public Sums sums(DeviceBuffer psi) {
        ClBuffer x = own(psi);
        int rank = grid.rank();
        double[] c = new double[3], s = new double[3];
        for (int d = 0; d < 3; d++) {
            c[d] = grid.n(d) > 1 ? grid.axis(d).min() : 0;
            s[d] = grid.n(d) > 1 ? grid.axis(d).dx() : 0;
        }
        double[] pos = reduceMoments(x, 0, c, s);
        execute(fftForward, x, scratch, scratch2);
        for (int d = 0; d < 3; d++) {
            c[d] = 0;
            s[d] = grid.n(d) > 1 ? 2 * Math.PI / grid.axis(d).length() : 0;
        }
        double[] mom = reduceMoments(scratch, 1, c, s);
        double[] xs = new double[rank], ks = new double[rank];
        for (int d = 0; d < rank; d++) {
            xs[d] = pos[1 + d];
            ks[d] = mom[1 + d];
        }
        return new Sums(pos[0], xs, pos[4], ks, mom[4]);
    }

    private double[] reduceMoments(ClBuffer psi, int mode, double[] c, double[] s) {
        cl_kernel k = momentsPartial;
        OpenCl.arg(k, 0, psi.mem);
        OpenCl.arg(k, 1, vbuf);
        OpenCl.arg(k, 2, mode);
        for (int d = 0; d < 3; d++) OpenCl.arg(k, 3 + d, grid.n(d));
        for (int d = 0; d < 3; d++) OpenCl.arg(k, 6 + d, c[d], fp64);
        for (int d = 0; d < 3; d++) OpenCl.arg(k, 9 + d, s[d], fp64);
        OpenCl.arg(k, 12, partial);
        return reduce(k, 5);
    }

    @Override
    public Complex inner(DeviceBuffer a, DeviceBuffer b) {
        ClBuffer x = own(a), y = own(b);
        cl_kernel k = innerPartial;
        OpenCl.arg(k, 0, x.mem);
        OpenCl.arg(k, 1, y.mem);
        OpenCl.arg(k, 2, n);
        OpenCl.arg(k, 3, partial);
        double[] r = reduce(k, 2);
        double dV = grid.dV();
        return new Complex(r[0] * dV, r[1] * dV);
    }

    /** Runs a partial-sum kernel over REDUCE_GROUPS groups at most and adds the partials in double. */
    private double[] reduce(cl_kernel k, int quantities) {
        int groups = (int) Math.max(1, Math.min(REDUCE_GROUPS, (n + rwg - 1) / rwg));
        clEnqueueNDRangeKernel(queue, k, 1, null, new long[]{(long) groups * rwg}, new long[]{rwg}, 0, null, null);
        int count = groups * quantities;
        double[] sum = new double[quantities];
        if (fp64) {
            double[] p = new double[count];
            clEnqueueReadBuffer(queue, partial, CL_TRUE, 0, 8L * count, Pointer.to(p), 0, null, null);
            for (int i = 0; i < count; i++) sum[i % quantities] += p[i];
        } else {
            float[] p = new float[count];
            clEnqueueReadBuffer(queue, partial, CL_TRUE, 0, 4L * count, Pointer.to(p), 0, null, null);
            for (int i = 0; i < count; i++) sum[i % quantities] += p[i];
        }
        return sum;
    }

    @Override
    public void density(DeviceBuffer psi, RealField out) {
        ClBuffer x = own(psi);
        sameGrid(out.grid());
        OpenCl.arg(density, 0, x.mem);
        OpenCl.arg(density, 1, realOut);
        OpenCl.arg(density, 2, n);
        pointwise(density);
        readReal(out, 0);
    }

    @Override
    public void current(DeviceBuffer psi, double coefficient, RealField out) {
        ClBuffer x = own(psi);
        sameGrid(out.grid());
        if (out.components() != grid.rank()) {
            throw new IllegalArgumentException("the current needs a vector field of " + grid.rank() + " components");
        }
        for (int d = 0; d < grid.rank(); d++) {
            execute(gradient.get(d), x, scratch, scratch2);
            OpenCl.arg(current, 0, x.mem);
            OpenCl.arg(current, 1, scratch.mem);
            OpenCl.arg(current, 2, realOut);
            OpenCl.arg(current, 3, coefficient, dbl);
            OpenCl.arg(current, 4, n);
            pointwise(current);
            readReal(out, d);
        }
    }

    /** Copies realOut into component c of out. */
    private void readReal(RealField out, int c) {
        if (out.precision() == precision) {
            Pointer p = dbl ? Pointer.to(out.doubles()) : Pointer.to(out.floats());
            clEnqueueReadBuffer(queue, realOut, CL_TRUE, 0, realBytes, p.withByteOffset(c * realBytes), 0, null, null);
        } else {
            RealField tmp = RealField.scalar(grid, precision);
            clEnqueueReadBuffer(queue, realOut, CL_TRUE, 0, realBytes, dbl ? Pointer.to(tmp.doubles()) : Pointer.to(tmp.floats()),
                    0, null, null);
            for (int i = 0; i < n; i++) out.set(c, i, tmp.get(i));
        }
    }

    @Override
    public void axpy(Complex c, DeviceBuffer x, DeviceBuffer y) {
        ClBuffer a = own(x), b = own(y);
        OpenCl.arg(axpy, 0, c.re(), dbl);
        OpenCl.arg(axpy, 1, c.im(), dbl);
        OpenCl.arg(axpy, 2, a.mem);
        OpenCl.arg(axpy, 3, b.mem);
        OpenCl.arg(axpy, 4, n);
        pointwise(axpy);
    }

    @Override
    public void scale(DeviceBuffer x, double s) {
        ClBuffer a = own(x);
        OpenCl.arg(scale, 0, a.mem);
        OpenCl.arg(scale, 1, s, dbl);
        OpenCl.arg(scale, 2, n);
        pointwise(scale);
    }

    /**
     * Flux through planes measured on the device: per axis with planes, one fused [FFT, i k, IFFT]
     * pass from psi into scratch, then per plane a reduction of Im(psi* g) over its points
     * only; one small read brings the partial sums back.
     */
    @Override
    public FluxPlanes fluxPlanes(int[] axes, int[] indices) {
        checkOpen();
        FluxPlanes.check(grid, axes, indices);
        DeviceFluxPlanes f = new DeviceFluxPlanes(axes.clone(), indices.clone());
        flux.add(f);
        return f;
    }

    private static final int PLANE_GROUPS = 64;

    private final class DeviceFluxPlanes implements FluxPlanes {
        final int[] axes, indices;
        final cl_kernel kernel;
        final cl_mem part;
        final double[] hostPart;
        final float[] hostPartF;
        boolean released;

        DeviceFluxPlanes(int[] axes, int[] indices) {
            this.axes = axes;
            this.indices = indices;
            int count = Math.max(1, axes.length) * PLANE_GROUPS;
            kernel = clCreateKernel(programs.get(0), "plane_flux_partial", null);
            part = clCreateBuffer(context, CL_MEM_READ_WRITE, (long) count * (fp64 ? 8 : 4), null, null);
            fill(part, (long) count * (fp64 ? 8 : 4));
            hostPart = fp64 ? new double[count] : null;
            hostPartF = fp64 ? null : new float[count];
        }

        @Override
        public int count() {
            return axes.length;
        }

        @Override
        public void measure(DeviceBuffer psi, double[] out) {
            ClBuffer x = own(psi);
            if (released) throw new IllegalStateException("flux planes are closed");
            if (axes.length == 0) return;
            for (int d = 0; d < grid.rank(); d++) {
                boolean any = false;
                for (int a : axes) any |= a == d;
                if (!any) continue;
                execute(gradient.get(d), x, scratch, scratch2);
                int count = (int) (grid.size() / grid.n(d));
                int groups = (int) Math.max(1, Math.min(PLANE_GROUPS, ((long) count + rwg - 1) / rwg));
                OpenCl.arg(kernel, 0, x.mem);
                OpenCl.arg(kernel, 1, scratch.mem);
                OpenCl.arg(kernel, 2, grid.n(d));
                OpenCl.arg(kernel, 3, grid.stride(d));
                OpenCl.arg(kernel, 5, count);
                OpenCl.arg(kernel, 6, part);
                for (int p = 0; p < axes.length; p++) {
                    if (axes[p] != d) continue;
                    OpenCl.arg(kernel, 4, indices[p]);
                    OpenCl.arg(kernel, 7, p * PLANE_GROUPS);
                    clEnqueueNDRangeKernel(queue, kernel, 1, null, new long[]{(long) groups * rwg}, new long[]{rwg}, 0, null, null);
                }
            }
            int n = axes.length * PLANE_GROUPS;
            if (fp64) clEnqueueReadBuffer(queue, part, CL_TRUE, 0, 8L * n, Pointer.to(hostPart), 0, null, null);
            else clEnqueueReadBuffer(queue, part, CL_TRUE, 0, 4L * n, Pointer.to(hostPartF), 0, null, null);
            for (int p = 0; p < axes.length; p++) {
                double s = 0;
                for (int i = p * PLANE_GROUPS; i < (p + 1) * PLANE_GROUPS; i++) s += fp64 ? hostPart[i] : hostPartF[i];
                out[p] = s;
            }
        }

        @Override
        public void close() {
            if (released) return;
            released = true;
            flux.remove(this);
            clReleaseKernel(kernel);
            clReleaseMemObject(part);
        }
    }

    // ---- launches ----

    /** A launch with its own kernel object, so constant arguments are set once. */
    private final class Run {
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
        void enqueue(ClBuffer src, ClBuffer x, ClBuffer y) {
            FftPlan.Pass p = launch.pass();
            if (p == null) {
                if (src != null) clEnqueueCopyBuffer(queue, src.mem, x.mem, 0, 0, complexBytes, 0, null, null);
                bind(x.mem, x.mem, 0);
                pointwise(kernel);
                return;
            }
            cl_mem in = src != null ? src.mem : p.inPlace() || p.stage() % 2 == 0 ? x.mem : y.mem;
            cl_mem out = p.inPlace() ? x.mem : p.stage() % 2 == 0 ? y.mem : x.mem;
            bind(in, out, 1);
            clEnqueueNDRangeKernel(queue, kernel, 1, null, new long[]{p.globalSize()}, new long[]{p.groupSize()}, 0, null, null);
            if (!p.inPlace() && p.stage() == p.stages() - 1 && p.stages() % 2 == 1) {
                clEnqueueCopyBuffer(queue, y.mem, x.mem, 0, 0, complexBytes, 0, null, null);
            }
        }

        /** The kinetic-table argument: 2 of apply_ops, 4 of fft_lines. */
        void bindKinetic(cl_mem k) {
            OpenCl.arg(kernel, launch.pass() == null ? 2 : 4, k);
        }

        private void bind(cl_mem in, cl_mem out, int outArg) {
            if (in != lastIn) OpenCl.arg(kernel, 0, in);
            if (out != lastOut && outArg > 0) OpenCl.arg(kernel, outArg, out);
            lastIn = in;
            lastOut = out;
        }
    }

    private List<Run> runs(List<Schedule.Launch> launches, Map<String, cl_program> fftPrograms, String opts) {
        List<Run> out = new ArrayList<>();
        for (Schedule.Launch l : launches) {
            FftPlan.Pass p = l.pass();
            int word = Op.pack(l.ops());
            int axis = p == null ? l.axis() : p.axis();
            double kunit = grid.n(axis) > 1 ? 2 * Math.PI / grid.axis(axis).length() : 0;
            cl_kernel k;
            if (p == null) {
                k = kernel(programs.get(0), "apply_ops");
                OpenCl.arg(k, 1, vtable);
                OpenCl.arg(k, 2, ktable);
                OpenCl.arg(k, 3, word);
                for (int d = 0; d < 3; d++) OpenCl.arg(k, 4 + d, grid.n(d));
                OpenCl.arg(k, 7, grid.stride(axis));
                OpenCl.arg(k, 8, grid.n(axis));
                OpenCl.arg(k, 9, kunit, dbl);
            } else {
                k = kernel(fftPrograms.get(opts + p.defines()), "fft_lines");
                OpenCl.arg(k, 2, twiddle[p.axis()]);
                OpenCl.arg(k, 3, vtable);
                OpenCl.arg(k, 4, ktable);
                OpenCl.arg(k, 5, kunit, dbl);
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
            out.add(r);
            allRuns.add(r);
        }
        return out;
    }

    private void execute(List<Run> runs, ClBuffer x, ClBuffer y) {
        for (Run r : runs) r.enqueue(null, x, y);
    }

    /** As execute on x, but reading src (left unchanged) where the data would first be read. */
    private void execute(List<Run> runs, ClBuffer src, ClBuffer x, ClBuffer y) {
        if (runs.isEmpty()) {
            copy(src, x);
            return;
        }
        for (int i = 0; i < runs.size(); i++) runs.get(i).enqueue(i == 0 ? src : null, x, y);
    }

    /**
     * One work-item per point, in groups of rwg: the global size is rounded up (the kernels check
     * p < n) rather than left to the runtime, which for OpenCL 1.2 would pick a group size that
     * divides n, as small as 1 for n = 343.
     */
    private void pointwise(cl_kernel k) {
        long global = ((long) n + rwg - 1) / rwg * rwg;
        clEnqueueNDRangeKernel(queue, k, 1, null, new long[]{global}, new long[]{rwg}, 0, null, null);
    }

    // ---- resources ----

    private cl_kernel kernel(cl_program program, String name) {
        cl_kernel k = clCreateKernel(program, name, null);
        kernels.add(k);
        return k;
    }

    private cl_mem buffer(long bytes) {
        cl_mem m = clCreateBuffer(context, CL_MEM_READ_WRITE, bytes, null, null);
        internal.add(m);
        allocated += bytes;
        return m;
    }

    private cl_mem upload(double[] values) {
        cl_mem m = buffer((long) values.length * precision.bytes);
        write(m, values);
        return m;
    }

    /** Writes double values, rounded to the storage precision, into a buffer (blocking). */
    private void write(cl_mem m, double[] values) {
        if (dbl) {
            clEnqueueWriteBuffer(queue, m, CL_TRUE, 0, 8L * values.length, Pointer.to(values), 0, null, null);
        } else {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
            clEnqueueWriteBuffer(queue, m, CL_TRUE, 0, 4L * f.length, Pointer.to(f), 0, null, null);
        }
    }

    private void fill(cl_mem m, long bytes) {
        clEnqueueFillBuffer(queue, m, Pointer.to(new int[]{0}), 4, 0, bytes, 0, null, null);
    }

    private ClBuffer own(DeviceBuffer b) {
        checkOpen();
        if (!(b instanceof ClBuffer c) || c.owner() != this) {
            throw new IllegalArgumentException("buffer does not belong to this OpenCL backend");
        }
        if (c.released) throw new IllegalStateException("buffer is closed");
        return c;
    }

    private void sameGrid(Grid g) {
        if (!grid.equals(g)) throw new IllegalArgumentException("field is on " + g + ", backend on " + grid);
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("the OpenCL backend is closed");
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            if (queue != null) clFinish(queue);
        } catch (RuntimeException ignored) {
            // releasing below is all that is left to do
        }
        for (DeviceFluxPlanes f : new ArrayList<>(flux)) f.close();
        for (ClPhases p : prepared) clReleaseMemObject(p.ktable);
        prepared.clear();
        for (ClBuffer b : new ArrayList<>(live)) b.release();
        if (scratch != null) scratch.release();
        if (scratch2 != null) scratch2.release();
        for (cl_mem m : internal) clReleaseMemObject(m);
        if (wbuf != null && !internal.contains(wbuf)) clReleaseMemObject(wbuf);
        releaseExpression();
        for (cl_kernel k : kernels) clReleaseKernel(k);
        for (cl_program p : programs) clReleaseProgram(p);
        if (queue != null) clReleaseCommandQueue(queue);
        if (context != null) clReleaseContext(context);
        internal.clear();
        kernels.clear();
        programs.clear();
    }

    /** A wavefunction buffer on this backend's device. */
    private final class ClBuffer implements DeviceBuffer {
        final cl_mem mem;
        boolean released;

        ClBuffer(cl_mem mem) {
            this.mem = mem;
        }

        OpenClBackend owner() {
            return OpenClBackend.this;
        }

        void release() {
            if (released) return;
            released = true;
            live.remove(this);
            allocated -= complexBytes;
            clReleaseMemObject(mem);
        }

        @Override
        public void close() {
            if (!closed) release();
        }
    }
}
