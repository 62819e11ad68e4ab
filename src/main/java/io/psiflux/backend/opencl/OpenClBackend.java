package io.psiflux.backend.opencl;

import io.psiflux.backend.AxisPhases;
import io.psiflux.backend.Backend;
import io.psiflux.backend.DeviceBuffer;
import io.psiflux.backend.Energies;
import io.psiflux.backend.FluxPlanes;
import io.psiflux.backend.Lifting;
import io.psiflux.backend.Phases;
import io.psiflux.backend.Sums;
import io.psiflux.backend.Table;
import io.psiflux.field.Complex;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Grid;
import io.psiflux.physics.Expr;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jocl.Pointer;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

import static org.jocl.CL.*;

/**
 * The {@link Backend} on an OpenCL device, a facade over the pieces that do the work, as in
 * OpenMM's OpenCL platform: {@link ClContext} (programs from kernels/*.cl plus defines, the queue,
 * buffer lifetimes), {@link Launcher} (the {@link Schedule} plans of the fused step, the FFT and
 * the gradient), {@link ClPotential} (U = V - iW and its phase table) and {@link Reductions}
 * (sums, inner products, flux planes). Kernels are built once per backend; PoCL caches binaries
 * in POCL_CACHE_DIR. The wavefunction lives on the device: stepping enqueues kernels without
 * waiting, and only scalars (sums, inner products) or fields asked for (download, density,
 * current) come back.
 *
 * <p>What lives on the device, besides the caller's buffers: a scratch wavefunction (FFT of a copy
 * for momentum sums and the current, and the other half of the ping-pong of a split axis), a
 * second one only when an axis is too long for local memory, V (and W once an absorber is set),
 * the potential phase table, one real output field, per-axis twiddle tables, the per-axis kinetic
 * factors of each prepared {@link Phases}, and reduction partials.
 *
 * <p>Strang steps run fused (see {@link Schedule}): the kinetic phase rides between the forward and
 * inverse transforms of the last axis in one pass, the potential half steps ride on the first and
 * last passes, and between consecutive steps the two halves merge into one multiply inside a
 * single [IFFT, V^2, FFT] pass over the first axis. A 3D step is then 4 passes over memory, 2D 2,
 * 1D 1 (for axes that fit in local memory; see {@link #bytesPerStep}).
 */
public final class OpenClBackend implements Backend {

    private final Grid grid;
    private final Precision precision;
    private final int n;
    private final long complexBytes;
    private final ClContext cl;
    private final ClPotential potential;
    private final Launcher launcher;
    private final Reductions reductions;
    private final cl_kernel density, current, axpy, scale, energiesPointwise, mulReal;
    private final cl_mem realOut, zeroK;
    private final ClBuffer scratch, scratch2;
    private final Set<ClBuffer> live = new LinkedHashSet<>();
    private final Set<ClPhases> prepared = new LinkedHashSet<>();
    private final Set<ClAxisPhases> preparedAxes = new LinkedHashSet<>();
    private final Set<ClEnergies> preparedEnergies = new LinkedHashSet<>();
    private final Set<ClTable> preparedTables = new LinkedHashSet<>();
    private boolean closed;

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
        return open(grid, precision, deviceSelector, Tuning.current(), "");
    }

    /** As {@link #open}, with the longest line kept in local memory lowered (tests of split axes). */
    static OpenClBackend open(Grid grid, Precision precision, String deviceSelector, int maxLocalLength) {
        return open(grid, precision, deviceSelector, maxLocalLength, "");
    }

    /** As above, with extra program build options (tests use -cl-opt-disable to compile faster on PoCL). */
    static OpenClBackend open(Grid grid, Precision precision, String deviceSelector, int maxLocalLength, String buildOptions) {
        Tuning t = Tuning.current();
        return open(grid, precision, deviceSelector, t.withMaxLine(Math.min(t.maxLine(), maxLocalLength)), buildOptions);
    }

    /** As {@link #open}, with the launch shapes of {@code tuning} (see {@link Tuning}). */
    static OpenClBackend open(Grid grid, Precision precision, String deviceSelector, Tuning tuning, String buildOptions) {
        OpenCl.Handle h = OpenCl.select(deviceSelector);
        return new OpenClBackend(grid, precision, h, tuning, buildOptions);
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

    private OpenClBackend(Grid grid, Precision precision, OpenCl.Handle dev, Tuning tuning, String buildOptions) {
        this.grid = grid;
        this.precision = precision;
        this.n = grid.points();
        this.complexBytes = 2L * precision.bytes * n;
        Map<Integer, List<FftPlan.Pass>> passes = plan(grid, precision, dev.info(), dev.maxGroupSize(), tuning);
        this.cl = new ClContext(dev, precision, buildOptions, tuning.rwg());
        try {
            potential = new ClPotential(cl, grid);
            realOut = cl.buffer((long) precision.bytes * n);
            zeroK = cl.buffer(4L * precision.bytes * (grid.n(0) + grid.n(1) + grid.n(2)));
            launcher = new Launcher(cl, grid, passes, potential.table, zeroK);
            reductions = new Reductions(cl, grid, launcher);
            cl_program generic = cl.program("-DRWG=" + cl.rwg, "common.cl", "pointwise.cl", "reduce.cl");
            density = cl.kernel(generic, "density");
            current = cl.kernel(generic, "current");
            axpy = cl.kernel(generic, "axpy");
            scale = cl.kernel(generic, "scale");
            energiesPointwise = cl.kernel(generic, "energies_pointwise");
            mulReal = cl.kernel(generic, "mul_real");
            boolean split = passes.values().stream().anyMatch(ps -> ps.size() > 1);
            scratch = (ClBuffer) allocate();
            scratch2 = split ? (ClBuffer) allocate() : null;
            live.remove(scratch);
            live.remove(scratch2);
        } catch (RuntimeException | Error e) {
            cl.close();
            throw e;
        }
    }

    /**
     * The FFT passes of every axis on this device, after refusing what it cannot run: double
     * precision without cl_khr_fp64, an axis length with a prime factor above 7, and a run whose
     * buffers do not fit (see {@link #checkMemory}). Planning only: nothing is allocated.
     */
    static Map<Integer, List<FftPlan.Pass>> plan(Grid grid, Precision precision, OpenClDevice info, long maxGroupSize,
                                                 int maxLocalLength) {
        return plan(grid, precision, info, maxGroupSize, Tuning.DEFAULT.withMaxLine(maxLocalLength));
    }

    /** As above, with the launch shapes of {@code tuning}. */
    static Map<Integer, List<FftPlan.Pass>> plan(Grid grid, Precision precision, OpenClDevice info, long maxGroupSize,
                                                 Tuning tuning) {
        if (precision == Precision.DOUBLE && !info.fp64()) {
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
        FftPlan.Limits limits = new FftPlan.Limits(info.localMemBytes(), maxGroupSize, 2 * precision.bytes, tuning);
        Map<Integer, List<FftPlan.Pass>> passes = new HashMap<>();
        boolean split = false;
        for (int d = 0; d < 3; d++) {
            List<FftPlan.Pass> ps = FftPlan.axisPasses(grid, d, limits);
            passes.put(d, ps);
            split |= ps.size() > 1;
        }
        checkMemory(grid, precision, info, split);
        return passes;
    }

    /**
     * Refuses, in one sentence with the numbers, a wavefunction larger than one allocation may be
     * and a run whose buffers together exceed the device's memory: per caller wavefunction psi,
     * scratch (and a second scratch for a split axis) and the potential phase table (complex); V,
     * W and one real output (real); and small tables.
     */
    static void checkMemory(Grid grid, Precision precision, OpenClDevice info, boolean split) {
        long complexBytes = 2L * precision.bytes * grid.size(), realBytes = (long) precision.bytes * grid.size();
        String fix = precision == Precision.DOUBLE ? "use a smaller grid or --precision single" : "use a smaller grid";
        if (complexBytes > info.maxAllocBytes()) {
            throw new OpenClUnavailableException(String.format(
                    "one wavefunction on %s needs %s, but device %s allocates at most %s in one buffer (CL_DEVICE_MAX_MEM_ALLOC_SIZE); %s",
                    grid, OpenClDevice.bytes(complexBytes), info.name(), OpenClDevice.bytes(info.maxAllocBytes()), fix));
        }
        long tables = 4L * precision.bytes * (grid.n(0) + grid.n(1) + grid.n(2)) + Reductions.bytes();
        long need = (3 + (split ? 1 : 0)) * complexBytes + 3 * realBytes + tables;
        if (need > info.globalMemBytes()) {
            throw new OpenClUnavailableException(String.format(
                    "a run on %s in %s precision needs %s of device memory (%d complex fields of %s: wavefunction, scratch%s "
                            + "and potential phase table; 3 real fields of %s), but device %s has %s; %s",
                    grid, precision, OpenClDevice.bytes(need), split ? 4 : 3, OpenClDevice.bytes(complexBytes),
                    split ? ", second scratch" : "", OpenClDevice.bytes(realBytes), info.name(),
                    OpenClDevice.bytes(info.globalMemBytes()), fix));
        }
    }

    // ---- description ----

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public String device() {
        return cl.dev.info().name() + " (" + cl.dev.info().version() + ")";
    }

    @Override
    public String hostCopyReason() {
        OpenClDevice d = cl.dev.info();
        return d.glSharing() ? d.name() + " has cl_khr_gl_sharing, but psiflux has no GL-sharing path yet"
                : d.name() + " lacks cl_khr_gl_sharing";
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
        return cl.dev.info();
    }

    // ---- buffers ----

    @Override
    public DeviceBuffer allocate() {
        checkOpen();
        long limit = cl.dev.info().globalMemBytes();
        if (cl.allocated() + complexBytes > limit) {
            throw new OpenClUnavailableException(String.format(
                    "another wavefunction on %s needs %s, but only %s of the %s on device %s are left; use a smaller grid",
                    grid, OpenClDevice.bytes(complexBytes), OpenClDevice.bytes(limit - cl.allocated()),
                    OpenClDevice.bytes(limit), cl.dev.info().name()));
        }
        ClBuffer b = new ClBuffer(cl.buffer(complexBytes));
        live.add(b);
        return b;
    }

    @Override
    public void upload(ComplexField src, DeviceBuffer dst) {
        ClBuffer b = own(dst);
        sameGrid(src.grid());
        ComplexField s = src.precision() == precision ? src : src.to(precision);
        clEnqueueWriteBuffer(cl.queue, b.mem, CL_TRUE, 0, complexBytes, cl.dbl ? Pointer.to(s.doubles()) : Pointer.to(s.floats()),
                0, null, null);
    }

    @Override
    public void download(DeviceBuffer src, ComplexField dst) {
        ClBuffer b = own(src);
        sameGrid(dst.grid());
        ComplexField d = dst.precision() == precision ? dst : new ComplexField(grid, precision);
        clEnqueueReadBuffer(cl.queue, b.mem, CL_TRUE, 0, complexBytes, cl.dbl ? Pointer.to(d.doubles()) : Pointer.to(d.floats()),
                0, null, null);
        if (d != dst) dst.copyFrom(d);
    }

    @Override
    public void copy(DeviceBuffer src, DeviceBuffer dst) {
        ClBuffer a = own(src), b = own(dst);
        if (a != b) clEnqueueCopyBuffer(cl.queue, a.mem, b.mem, 0, 0, complexBytes, 0, null, null);
    }

    // ---- the complex potential ----

    @Override
    public void setPotential(RealField v, RealField absorber) {
        checkOpen();
        potential.set(v, absorber);
    }

    @Override
    public boolean compilePotential(Expr tree) {
        checkOpen();
        return potential.compile(tree, null);
    }

    /** The cell average computed in the kernel too (CELL_SAMPLES in kernels/potential.cl). */
    @Override
    public boolean compilePotential(Expr tree, int[] subsamples) {
        checkOpen();
        return potential.compile(tree, subsamples);
    }

    @Override
    public void evaluatePotential(double t) {
        checkOpen();
        potential.evaluate(t);
    }

    /** Test hook: V as the device holds it. */
    void readPotential(RealField out) {
        checkOpen();
        potential.read(out);
    }

    // ---- phases and the step ----

    /**
     * The kinetic table of OP_K in lifting form (kernels/common.cl, apply_pointwise): (p, s) per
     * entry of the three axes, then (g, 0) per entry ({@link Lifting}).
     */
    @Override
    public Phases prepare(Complex c, double[][] kineticFactors, double g) {
        checkOpen();
        int total = grid.n(0) + grid.n(1) + grid.n(2);
        double[] t = new double[4 * total];
        int o = 0;
        for (int d = 0; d < 3; d++) {
            double[] f = kineticFactors[d];
            if (f.length != 2 * grid.n(d)) {
                throw new IllegalArgumentException("kinetic factors of axis " + d + " need " + 2 * grid.n(d) + " values");
            }
            for (int i = 0; i < grid.n(d); i++, o++) {
                t[2 * o] = Lifting.p(f[2 * i], f[2 * i + 1]);
                t[2 * o + 1] = Lifting.s(f[2 * i], f[2 * i + 1]);
                t[2 * (total + o)] = Lifting.g(f[2 * i], f[2 * i + 1]);
            }
        }
        long bytes = (long) t.length * precision.bytes;
        cl_mem k = cl.buffer(bytes);
        cl.write(k, t);
        ClPhases p = new ClPhases(c, k, bytes, c.times(g), this::release);
        prepared.add(p);
        return p;
    }

    @Override
    public AxisPhases prepareAxis(int axis, double[] kineticFactors, Complex gamma, double[] lineShift, double[] lineFactors) {
        checkOpen();
        int lines = n / grid.n(axis);
        if (axis < 0 || axis >= grid.rank() || kineticFactors.length != 2 * grid.n(axis) || lineShift.length != lines
                || lineFactors.length != 2 * lines) {
            throw new IllegalArgumentException("axis tables do not fit axis " + axis + " of " + grid);
        }
        // the kinetic factors at their axis's offset in a three-axis table (the others unused), as
        // long as a lifting-form table, whose second half the line kernel reads for every launch
        double[] k = new double[4 * (grid.n(0) + grid.n(1) + grid.n(2))];
        int koff = 0;
        for (int d = 0; d < axis; d++) koff += grid.n(d);
        System.arraycopy(kineticFactors, 0, k, 2 * koff, kineticFactors.length);
        long kb = (long) k.length * precision.bytes, sb = (long) lines * precision.bytes, fb = 2L * lines * precision.bytes;
        cl_mem km = cl.buffer(kb), sm = cl.buffer(sb), fm = cl.buffer(fb);
        cl.write(km, k);
        cl.write(sm, lineShift);
        cl.write(fm, lineFactors);
        ClAxisPhases p = new ClAxisPhases(axis, gamma, km, sm, fm, kb, sb, fb, unitary(gamma, kineticFactors, lineFactors),
                this::release);
        preparedAxes.add(p);
        return p;
    }

    /**
     * Whether every factor of an axis step is a pure phase: gamma imaginary (exp(gamma kappa a) of
     * modulus one) and every kinetic and line factor of modulus one to 1e-12 (real time; not in
     * imaginary time, with an absorber or for an operator such as the current).
     */
    static boolean unitary(Complex gamma, double[] kinetic, double[] lines) {
        if (gamma.re() != 0) return false;
        for (double[] t : new double[][] {kinetic, lines}) {
            for (int i = 0; i < t.length; i += 2) if (Math.abs(Math.hypot(t[i], t[i + 1]) - 1) > 1e-12) return false;
        }
        return true;
    }

    private void release(ClAxisPhases p) {
        if (closed || !preparedAxes.remove(p)) return;
        if (launcher.boundKinetic() == p.ktable) launcher.bindKinetic(zeroK);
        cl.release(p.ktable, p.kb);
        cl.release(p.shift, p.sb);
        cl.release(p.factor, p.fb);
    }

    @Override
    public void axisStep(DeviceBuffer psi, AxisPhases phases) {
        ClBuffer x = own(psi);
        if (!(phases instanceof ClAxisPhases p) || !preparedAxes.contains(p)) {
            throw new IllegalArgumentException("axis phases were not prepared by this OpenCL backend, or are closed");
        }
        launcher.bindKinetic(p.ktable);
        launcher.bindAxis(p.axis, p.shift, p.factor, p.gamma.re(), p.gamma.im(), p.unitary);
        launcher.execute(launcher.axisStep.get(p.axis), x.mem, scratch.mem);
    }

    private void release(ClPhases p) {
        if (closed || !prepared.remove(p)) return;
        if (launcher.boundKinetic() == p.ktable) launcher.bindKinetic(zeroK);
        cl.release(p.ktable, p.bytes);
    }

    private ClPhases phases(Phases p) {
        checkOpen();
        if (!(p instanceof ClPhases c) || !prepared.contains(c)) {
            throw new IllegalArgumentException("phases were not prepared by this OpenCL backend, or are closed");
        }
        return c;
    }

    @Override
    public void potentialPhase(DeviceBuffer psi, Phases phases) {
        ClBuffer x = own(psi);
        ClPhases p = phases(phases);
        potential.table(p.coefficient);
        launcher.bindLifted(potential.lifted());
        launcher.bindNonlinear(p.nonlinear.re(), p.nonlinear.im());
        launcher.execute(launcher.potentialOnly, x.mem, mem(scratch2));
    }

    @Override
    public void fft(DeviceBuffer psi, boolean inverse) {
        launcher.execute(inverse ? launcher.fftInverse : launcher.fftForward, own(psi).mem, scratch.mem);
    }

    @Override
    public void kineticPhase(DeviceBuffer psi, Phases phases) {
        ClBuffer x = own(psi);
        launcher.bindKinetic(phases(phases).ktable);
        launcher.execute(launcher.kineticOnly, x.mem, mem(scratch2));
    }

    /** Fused Strang steps (see the class doc); the result equals {@link Backend#strang}'s composition. */
    @Override
    public void strang(DeviceBuffer psi, Phases phases, int steps) {
        ClBuffer x = own(psi);
        if (steps <= 0) return;
        ClPhases p = phases(phases);
        potential.table(p.coefficient);
        launcher.bindLifted(potential.lifted());
        launcher.bindKinetic(p.ktable);
        launcher.bindNonlinear(p.nonlinear.re(), p.nonlinear.im());
        launcher.strang(x.mem, scratch.mem, steps);
    }

    /** Blocks until every enqueued command has finished (clFinish; for benchmarks and timing). */
    @Override
    public void finish() {
        checkOpen();
        clFinish(cl.queue);
    }

    /**
     * Bytes of global memory one Strang step moves in steady state: each pass reads and writes the
     * wavefunction and reads the potential table when it applies a potential phase.
     */
    @Override
    public long bytesPerStep() {
        return launcher.strangPlan.arrayTrafficPerStep() * complexBytes;
    }

    /** Kernel launches per Strang step in steady state (passes over global memory). */
    public int passesPerStep() {
        return launcher.strangPlan.repeat().size();
    }

    // ---- the Hamiltonian as an operator ----

    /**
     * The tables of {@link Energies} on the device: the axes' energies at their offsets of one
     * three-axis complex table (imaginary parts 0), and per active axis the line shift and b (as
     * complex, imaginary 0), the layout {@code axis_energy} in common.cl reads.
     */
    private final class ClEnergies implements Energies {
        final cl_mem ktable;
        final cl_mem[] shift, factor;
        final long kb;
        final long[] sb, fb;
        final double g, s, c;

        ClEnergies(cl_mem ktable, long kb, cl_mem[] shift, long[] sb, cl_mem[] factor, long[] fb, double g, double s, double c) {
            this.ktable = ktable;
            this.kb = kb;
            this.shift = shift;
            this.sb = sb;
            this.factor = factor;
            this.fb = fb;
            this.g = g;
            this.s = s;
            this.c = c;
        }

        @Override
        public void close() {
            if (closed || !preparedEnergies.remove(this)) return;
            cl.release(ktable, kb);
            for (int d = 0; d < shift.length; d++) {
                cl.release(shift[d], sb[d]);
                cl.release(factor[d], fb[d]);
            }
        }
    }

    @Override
    public Energies prepareEnergies(double[][] e, double g, double[][] a, double[][] b, double s, double c) {
        checkOpen();
        int rank = grid.rank();
        double[] k = new double[2 * (grid.n(0) + grid.n(1) + grid.n(2))];
        cl_mem[] sm = new cl_mem[rank], fm = new cl_mem[rank];
        long[] sb = new long[rank], fb = new long[rank];
        int koff = 0;
        for (int d = 0; d < rank; d++) {
            int lines = n / grid.n(d);
            if (e[d].length != grid.n(d) || a[d].length != lines || b[d].length != lines) {
                throw new IllegalArgumentException("energy tables do not fit axis " + d + " of " + grid);
            }
            for (int i = 0; i < e[d].length; i++) k[2 * (koff + i)] = e[d][i];
            koff += grid.n(d);
        }
        long kb = (long) k.length * precision.bytes;
        cl_mem km = cl.buffer(kb);
        cl.write(km, k);
        for (int d = 0; d < rank; d++) {
            int lines = n / grid.n(d);
            double[] f = new double[2 * lines];
            for (int l = 0; l < lines; l++) f[2 * l] = b[d][l];
            sb[d] = (long) lines * precision.bytes;
            fb[d] = 2L * lines * precision.bytes;
            sm[d] = cl.buffer(sb[d]);
            fm[d] = cl.buffer(fb[d]);
            cl.write(sm[d], a[d]);
            cl.write(fm[d], f);
        }
        ClEnergies en = new ClEnergies(km, kb, sm, sb, fm, fb, g, s, c);
        preparedEnergies.add(en);
        return en;
    }

    /**
     * The pointwise part (energies_pointwise, with beta), then per active axis one fused
     * [FFT, E_d, IFFT] pass from psi into the scratch buffer and an axpy of it into out.
     */
    @Override
    public void applyEnergies(Energies op, DeviceBuffer psi, DeviceBuffer out, double alpha, double beta) {
        ClBuffer x = own(psi), y = own(out);
        if (x == y) throw new IllegalArgumentException("applyEnergies needs two different buffers");
        if (!(op instanceof ClEnergies en) || !preparedEnergies.contains(en)) {
            throw new IllegalArgumentException("energies were not prepared by this OpenCL backend, or are closed");
        }
        OpenCl.arg(energiesPointwise, 0, x.mem);
        OpenCl.arg(energiesPointwise, 1, y.mem);
        OpenCl.arg(energiesPointwise, 2, potential.v);
        OpenCl.arg(energiesPointwise, 3, alpha, cl.dbl);
        OpenCl.arg(energiesPointwise, 4, beta, cl.dbl);
        OpenCl.arg(energiesPointwise, 5, en.s, cl.dbl);
        OpenCl.arg(energiesPointwise, 6, en.c, cl.dbl);
        OpenCl.arg(energiesPointwise, 7, n);
        cl.pointwise(energiesPointwise, n);
        for (int d = 0; d < grid.rank(); d++) {
            launcher.bindEnergies(d, en.ktable, en.shift[d], en.factor[d], en.g, 0);
            launcher.execute(launcher.energyAxis.get(d), x.mem, scratch.mem, mem(scratch2));
            OpenCl.arg(axpy, 0, alpha, cl.dbl);
            OpenCl.arg(axpy, 1, 0.0, cl.dbl);
            OpenCl.arg(axpy, 2, scratch.mem);
            OpenCl.arg(axpy, 3, y.mem);
            OpenCl.arg(axpy, 4, n);
            cl.pointwise(axpy, n);
        }
    }

    /** A real field on the device, in the storage precision. */
    private final class ClTable implements Table {
        final cl_mem mem;

        ClTable(cl_mem mem) {
            this.mem = mem;
        }

        @Override
        public void close() {
            if (closed || !preparedTables.remove(this)) return;
            cl.release(mem, (long) precision.bytes * n);
        }
    }

    @Override
    public Table prepareTable(RealField values) {
        checkOpen();
        sameGrid(values.grid());
        if (values.components() != 1) throw new IllegalArgumentException("a table must be a scalar field");
        cl_mem m = cl.buffer((long) precision.bytes * n);
        cl.writeReal(values, m);
        ClTable t = new ClTable(m);
        preparedTables.add(t);
        return t;
    }

    @Override
    public void multiply(DeviceBuffer psi, Table t) {
        ClBuffer x = own(psi);
        if (!(t instanceof ClTable ct) || !preparedTables.contains(ct)) {
            throw new IllegalArgumentException("the table was not prepared by this OpenCL backend, or is closed");
        }
        OpenCl.arg(mulReal, 0, x.mem);
        OpenCl.arg(mulReal, 1, ct.mem);
        OpenCl.arg(mulReal, 2, n);
        cl.pointwise(mulReal, n);
    }

    // ---- measurements ----

    @Override
    public Sums sums(DeviceBuffer psi, boolean mixed) {
        return reductions.sums(own(psi).mem, potential.v, scratch.mem, mem(scratch2), mixed);
    }

    @Override
    public Complex inner(DeviceBuffer a, DeviceBuffer b) {
        return reductions.inner(own(a).mem, own(b).mem);
    }

    @Override
    public void density(DeviceBuffer psi, RealField out) {
        ClBuffer x = own(psi);
        sameGrid(out.grid());
        OpenCl.arg(density, 0, x.mem);
        OpenCl.arg(density, 1, realOut);
        OpenCl.arg(density, 2, n);
        cl.pointwise(density, n);
        cl.readReal(realOut, out, 0);
    }

    @Override
    public void current(DeviceBuffer psi, double coefficient, RealField out) {
        ClBuffer x = own(psi);
        sameGrid(out.grid());
        if (out.components() != grid.rank()) {
            throw new IllegalArgumentException("the current needs a vector field of " + grid.rank() + " components");
        }
        for (int d = 0; d < grid.rank(); d++) {
            launcher.execute(launcher.gradient.get(d), x.mem, scratch.mem, mem(scratch2));
            OpenCl.arg(current, 0, x.mem);
            OpenCl.arg(current, 1, scratch.mem);
            OpenCl.arg(current, 2, realOut);
            OpenCl.arg(current, 3, coefficient, cl.dbl);
            OpenCl.arg(current, 4, n);
            cl.pointwise(current, n);
            cl.readReal(realOut, out, d);
        }
    }

    /** Flux sums reduced on the device (see {@link Reductions#planes}). */
    @Override
    public FluxPlanes fluxPlanes(int[] axes, int[] indices) {
        checkOpen();
        return reductions.planes(axes, indices, b -> own(b).mem, scratch.mem, mem(scratch2));
    }

    /** Particles whose positions live on the device, moved by kernels/bohm.cl (see {@link ClParticles}). */
    @Override
    public io.psiflux.backend.Particles particles(int count, io.psiflux.backend.ParticleRule rule) {
        checkOpen();
        return new ClParticles(cl, grid, count, rule, b -> own(b).mem);
    }

    @Override
    public void axpy(Complex c, DeviceBuffer x, DeviceBuffer y) {
        ClBuffer a = own(x), b = own(y);
        OpenCl.arg(axpy, 0, c.re(), cl.dbl);
        OpenCl.arg(axpy, 1, c.im(), cl.dbl);
        OpenCl.arg(axpy, 2, a.mem);
        OpenCl.arg(axpy, 3, b.mem);
        OpenCl.arg(axpy, 4, n);
        cl.pointwise(axpy, n);
    }

    @Override
    public void scale(DeviceBuffer x, double s) {
        ClBuffer a = own(x);
        OpenCl.arg(scale, 0, a.mem);
        OpenCl.arg(scale, 1, s, cl.dbl);
        OpenCl.arg(scale, 2, n);
        cl.pointwise(scale, n);
    }

    // ---- resources ----

    private static cl_mem mem(ClBuffer b) {
        return b == null ? null : b.mem;
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
        reductions.close();
        closed = true;
        for (ClBuffer b : live) b.released = true;
        live.clear();
        prepared.clear();
        preparedAxes.clear();
        preparedEnergies.clear();
        preparedTables.clear();
        cl.close();
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

        @Override
        public void close() {
            if (released || closed) return;
            released = true;
            live.remove(this);
            cl.release(mem, complexBytes);
        }
    }
}
