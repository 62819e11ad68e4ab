package io.psiflux.backend.opencl;

import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jocl.Pointer;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

import static org.jocl.CL.*;

/**
 * One OpenCL context on one device, after OpenMM's OpenCLContext: it builds programs from the
 * kernel sources in {@code kernels/} plus defines (the precision's {@code -DPSI_DOUBLE} and
 * {@code -DHAVE_FP64}, then each program's own), caches them by source and defines, and owns the
 * queue and every program, kernel and buffer made through it, releasing them in {@link #close}.
 * Also the host side of moving data: doubles rounded to the storage precision, real fields in and
 * out through a staging array allocated once, and pointwise launches in groups of {@link #rwg}.
 */
final class ClContext implements AutoCloseable {
    final OpenCl.Handle dev;
    final Precision precision;
    /** The storage precision is double. */
    final boolean dbl;
    /** The device has cl_khr_fp64 (reductions and phase arguments then use double). */
    final boolean fp64;
    final cl_context context;
    final cl_command_queue queue;
    /** Work-group size of pointwise kernels and reductions: a power of two, at most 256. */
    final int rwg;
    /** Options of every program: precision defines and the extra options. */
    private final String options;
    private final Map<String, cl_program> programs = new HashMap<>();
    private final List<cl_program> extraPrograms = new ArrayList<>();
    private final List<cl_kernel> kernels = new ArrayList<>();
    private final List<cl_mem> buffers = new ArrayList<>();
    private long allocated;
    private float[] staging;
    private double[] stagingDouble;
    private boolean closed;

    /**
     * @param extraOptions appended to every program's build options (tests use -cl-opt-disable);
     *                     the environment variable PSIFLUX_OPENCL_OPTIONS, when set, is appended too
     * @param groupSize    work-items per group of the pointwise and reduction kernels, a power of
     *                     two (lowered to what the device allows)
     */
    ClContext(OpenCl.Handle dev, Precision precision, String extraOptions, int groupSize) {
        this.dev = dev;
        this.precision = precision;
        this.dbl = precision == Precision.DOUBLE;
        this.fp64 = dev.info().fp64();
        this.rwg = Integer.highestOneBit((int) Math.min(groupSize, dev.maxGroupSize()));
        String env = System.getenv("PSIFLUX_OPENCL_OPTIONS");
        String extra = (extraOptions + " " + (env == null ? "" : env)).trim();
        this.options = (dbl ? "-DPSI_DOUBLE " : "") + (fp64 ? "-DHAVE_FP64 " : "") + (extra.isEmpty() ? "" : extra + " ");
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL_CONTEXT_PLATFORM, dev.platform());
        this.context = clCreateContext(props, 1, new cl_device_id[] {dev.device()}, null, null, null);
        this.queue = createQueue();
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

    /**
     * The program of the kernel files (common.cl first, as every kernel needs it) built with the
     * given defines, e.g. "-DRWG=256"; built once per files and defines.
     */
    cl_program program(String defines, String... files) {
        String key = String.join(",", files) + "|" + defines;
        cl_program p = programs.get(key);
        if (p == null) {
            p = OpenCl.build(context, dev.device(), source(files), options + defines);
            programs.put(key, p);
        }
        return p;
    }

    /**
     * A program of the kernel files with {@code prelude} (generated code, e.g. a #define) placed
     * after common.cl; built every call, owned by this context. Throws on a failed build.
     */
    cl_program programWith(String prelude, String defines, String... files) {
        String[] rest = java.util.Arrays.copyOfRange(files, 1, files.length);
        String text = source(files[0]) + "#line 1 \"generated\"\n" + prelude + "\n" + source(rest);
        cl_program p = OpenCl.build(context, dev.device(), text, options + defines);
        extraPrograms.add(p);
        return p;
    }

    /** Releases a program from {@link #programWith} and its kernels. */
    void release(cl_program p, cl_kernel... ks) {
        for (cl_kernel k : ks) {
            if (k != null && kernels.remove(k)) clReleaseKernel(k);
        }
        if (extraPrograms.remove(p)) clReleaseProgram(p);
    }

    /** Releases a kernel of {@link #kernel} now. */
    void releaseKernel(cl_kernel k) {
        if (kernels.remove(k)) clReleaseKernel(k);
    }

    private static String source(String... files) {
        return OpenCl.source(files);
    }

    /** A kernel of a program; released with the context. */
    cl_kernel kernel(cl_program program, String name) {
        cl_kernel k = clCreateKernel(program, name, null);
        kernels.add(k);
        return k;
    }

    /** A zeroed device buffer; released with the context unless {@link #release(cl_mem)}d first. */
    cl_mem buffer(long bytes) {
        cl_mem m = clCreateBuffer(context, CL_MEM_READ_WRITE, bytes, null, null);
        buffers.add(m);
        allocated += bytes;
        fill(m, bytes);
        return m;
    }

    /** Releases a buffer of {@link #buffer} now. */
    void release(cl_mem m, long bytes) {
        if (buffers.remove(m)) {
            clReleaseMemObject(m);
            allocated -= bytes;
        }
    }

    /** Bytes held in buffers of this context. */
    long allocated() {
        return allocated;
    }

    /** Bytes of one real value in the storage precision, and of reduction partials (hreal). */
    int realBytes() {
        return precision.bytes;
    }

    int partialBytes() {
        return fp64 ? 8 : 4;
    }

    void fill(cl_mem m, long bytes) {
        clEnqueueFillBuffer(queue, m, Pointer.to(new int[] {0}), 4, 0, bytes, 0, null, null);
    }

    /** Writes double values, rounded to the storage precision, into a buffer (blocking; allocates in single). */
    void write(cl_mem m, double[] values) {
        if (dbl) {
            clEnqueueWriteBuffer(queue, m, CL_TRUE, 0, 8L * values.length, Pointer.to(values), 0, null, null);
        } else {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
            clEnqueueWriteBuffer(queue, m, CL_TRUE, 0, 4L * f.length, Pointer.to(f), 0, null, null);
        }
    }

    /** Writes a scalar field (any precision) into a buffer of the storage precision, through a staging array allocated once. */
    void writeReal(RealField f, cl_mem dst) {
        int n = f.grid().points();
        long bytes = (long) precision.bytes * n;
        Pointer from;
        if (f.precision() == precision) {
            from = dbl ? Pointer.to(f.doubles()) : Pointer.to(f.floats());
        } else if (dbl) {
            if (stagingDouble == null || stagingDouble.length < n) stagingDouble = new double[n];
            for (int i = 0; i < n; i++) stagingDouble[i] = f.get(i);
            from = Pointer.to(stagingDouble);
        } else {
            if (staging == null || staging.length < n) staging = new float[n];
            for (int i = 0; i < n; i++) staging[i] = (float) f.get(i);
            from = Pointer.to(staging);
        }
        clEnqueueWriteBuffer(queue, dst, CL_TRUE, 0, bytes, from, 0, null, null);
    }

    /** Reads a real buffer of n points into component c of {@code out} (any precision). */
    void readReal(cl_mem src, RealField out, int c) {
        int n = out.grid().points();
        long bytes = (long) precision.bytes * n;
        if (out.precision() == precision) {
            Pointer p = dbl ? Pointer.to(out.doubles()) : Pointer.to(out.floats());
            clEnqueueReadBuffer(queue, src, CL_TRUE, 0, bytes, p.withByteOffset(c * bytes), 0, null, null);
        } else if (dbl) {
            if (stagingDouble == null || stagingDouble.length < n) stagingDouble = new double[n];
            clEnqueueReadBuffer(queue, src, CL_TRUE, 0, bytes, Pointer.to(stagingDouble), 0, null, null);
            for (int i = 0; i < n; i++) out.set(c, i, stagingDouble[i]);
        } else {
            if (staging == null || staging.length < n) staging = new float[n];
            clEnqueueReadBuffer(queue, src, CL_TRUE, 0, bytes, Pointer.to(staging), 0, null, null);
            for (int i = 0; i < n; i++) out.set(c, i, staging[i]);
        }
    }

    /**
     * One work-item per point, in groups of rwg: the global size is rounded up (the kernels check
     * p < n) rather than left to the runtime, which for OpenCL 1.2 would pick a group size that
     * divides n, as small as 1 for n = 343.
     */
    void pointwise(cl_kernel k, int n) {
        long global = ((long) n + rwg - 1) / rwg * rwg;
        clEnqueueNDRangeKernel(queue, k, 1, null, new long[] {global}, new long[] {rwg}, 0, null, null);
    }

    boolean closed() {
        return closed;
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
        for (cl_mem m : buffers) clReleaseMemObject(m);
        for (cl_kernel k : kernels) clReleaseKernel(k);
        for (cl_program p : programs.values()) clReleaseProgram(p);
        for (cl_program p : extraPrograms) clReleaseProgram(p);
        if (queue != null) clReleaseCommandQueue(queue);
        if (context != null) clReleaseContext(context);
        buffers.clear();
        kernels.clear();
        programs.clear();
        extraPrograms.clear();
    }
}
