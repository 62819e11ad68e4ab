package io.psiflux.backend.opencl;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_platform_id;
import org.jocl.cl_program;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.jocl.CL.*;

/**
 * Thin helpers over JOCL: probing platforms and devices once, reading device info, loading kernel
 * sources from the classpath and building programs. JOCL throws UnsatisfiedLinkError the first
 * time when no OpenCL library is installed and NoClassDefFoundError afterwards, so the probe runs
 * once, catches everything, and keeps the reason.
 */
final class OpenCl {

    /** A device with its JOCL handles. */
    record Handle(OpenClDevice info, cl_platform_id platform, cl_device_id device, long maxGroupSize) {
    }

    private static List<Handle> handles;
    private static String unavailable;

    private OpenCl() {
    }

    /** Every device of every platform, probing once; throws with the reason when there is none. */
    static synchronized List<Handle> handles() {
        if (handles == null && unavailable == null) probe();
        if (unavailable != null) throw new OpenClUnavailableException(unavailable);
        return handles;
    }

    /** Why OpenCL cannot be used here, or null when at least one device is available. Never throws. */
    static synchronized String unavailableReason() {
        if (handles == null && unavailable == null) probe();
        return unavailable;
    }

    private static void probe() {
        try {
            CL.setExceptionsEnabled(true);
            int[] count = new int[1];
            try {
                clGetPlatformIDs(0, null, count);
            } catch (CLException e) {
                // The ICD loader reports "no platform" as CL_PLATFORM_NOT_FOUND_KHR (-1001).
                unavailable = "no OpenCL platform is installed (install a driver, e.g. the NVIDIA driver or pocl-opencl-icd, or use --backend cpu)";
                return;
            }
            if (count[0] == 0) {
                unavailable = "no OpenCL platform is installed (install a driver, e.g. the NVIDIA driver or pocl-opencl-icd, or use --backend cpu)";
                return;
            }
            cl_platform_id[] platforms = new cl_platform_id[count[0]];
            clGetPlatformIDs(platforms.length, platforms, null);
            List<Handle> found = new ArrayList<>();
            for (cl_platform_id p : platforms) {
                String pname = platformString(p, CL_PLATFORM_NAME);
                int[] n = new int[1];
                try {
                    clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, null, n);
                } catch (CLException e) {
                    continue;
                }
                if (n[0] == 0) continue;
                cl_device_id[] ds = new cl_device_id[n[0]];
                clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, ds.length, ds, null);
                for (cl_device_id d : ds) {
                    long type = deviceLong(d, CL_DEVICE_TYPE);
                    String ext = deviceString(d, CL_DEVICE_EXTENSIONS);
                    boolean fp64 = ext.contains("cl_khr_fp64") || deviceLong(d, CL_DEVICE_DOUBLE_FP_CONFIG) != 0;
                    OpenClDevice info = new OpenClDevice(found.size(), pname, deviceString(d, CL_DEVICE_NAME),
                            typeName(type), deviceString(d, CL_DEVICE_VERSION),
                            deviceLong(d, CL_DEVICE_GLOBAL_MEM_SIZE), deviceLong(d, CL_DEVICE_LOCAL_MEM_SIZE),
                            deviceLong(d, CL_DEVICE_MAX_MEM_ALLOC_SIZE), deviceInt(d, CL_DEVICE_MAX_COMPUTE_UNITS), fp64,
                            ext.contains("cl_khr_gl_sharing"));
                    found.add(new Handle(info, p, d, deviceSizeT(d, CL_DEVICE_MAX_WORK_GROUP_SIZE)));
                }
            }
            if (found.isEmpty()) {
                unavailable = "OpenCL is installed but no platform has a device (check the driver, or use --backend cpu)";
                return;
            }
            handles = List.copyOf(found);
        } catch (Throwable t) {
            unavailable = "the OpenCL library could not be loaded (" + oneLine(t)
                    + "); install an OpenCL driver and ICD loader (libOpenCL.so), or use --backend cpu";
        }
    }

    /**
     * The device a selector names: null or "auto" picks a GPU before any other type (the one with
     * most memory), a number picks that index, anything else the first device whose name or
     * platform contains it (ignoring case).
     */
    static Handle select(String selector) {
        List<Handle> all = handles();
        if (selector == null || selector.isBlank() || selector.equalsIgnoreCase("auto")) {
            Handle best = null;
            for (Handle h : all) {
                if (best == null || rank(h) > rank(best)) best = h;
            }
            return best;
        }
        String s = selector.trim();
        if (s.chars().allMatch(Character::isDigit)) {
            int i = Integer.parseInt(s);
            if (i < all.size()) return all.get(i);
            throw new OpenClUnavailableException("there is no OpenCL device " + i + "; the devices are " + names(all)
                    + " (see psiflux info)");
        }
        String low = s.toLowerCase(Locale.ROOT);
        for (Handle h : all) {
            if (h.info().name().toLowerCase(Locale.ROOT).contains(low)
                    || h.info().platform().toLowerCase(Locale.ROOT).contains(low)) return h;
        }
        throw new OpenClUnavailableException("no OpenCL device matches \"" + s + "\"; the devices are " + names(all)
                + " (see psiflux info)");
    }

    private static double rank(Handle h) {
        return (h.info().type().equals("GPU") ? 1e30 : 0) + h.info().globalMemBytes();
    }

    private static String names(List<Handle> all) {
        StringBuilder b = new StringBuilder();
        for (Handle h : all) {
            if (b.length() > 0) b.append(", ");
            b.append(h.info().index()).append(": ").append(h.info().name());
        }
        return b.toString();
    }

    /** Concatenated kernel sources from the classpath folder /kernels. */
    static String source(String... files) {
        StringBuilder b = new StringBuilder();
        for (String f : files) {
            try (InputStream in = OpenCl.class.getResourceAsStream("/kernels/" + f)) {
                if (in == null) throw new IllegalStateException("kernel source /kernels/" + f + " is missing from the classpath");
                b.append("#line 1 \"").append(f).append("\"\n");
                b.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
            } catch (IOException e) {
                throw new IllegalStateException("cannot read kernel source " + f, e);
            }
        }
        return b.toString();
    }

    /** Builds a program; a failed build is a bug, reported with the compiler's log. */
    static cl_program build(cl_context context, cl_device_id device, String source, String options) {
        cl_program program = clCreateProgramWithSource(context, 1, new String[]{source}, null, null);
        try {
            clBuildProgram(program, 1, new cl_device_id[]{device}, options, null, null);
        } catch (CLException e) {
            String log = buildLog(program, device);
            clReleaseProgram(program);
            throw new IllegalStateException("OpenCL program failed to build with options [" + options + "]:\n" + log, e);
        }
        return program;
    }

    private static String buildLog(cl_program program, cl_device_id device) {
        long[] size = new long[1];
        clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, 0, null, size);
        byte[] b = new byte[(int) size[0]];
        clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, b.length, Pointer.to(b), null);
        return new String(b, StandardCharsets.UTF_8).trim();
    }

    static void arg(cl_kernel k, int i, cl_mem m) {
        clSetKernelArg(k, i, Sizeof.cl_mem, Pointer.to(m));
    }

    static void arg(cl_kernel k, int i, int v) {
        clSetKernelArg(k, i, Sizeof.cl_int, Pointer.to(new int[]{v}));
    }

    /** A floating-point argument, double or float as the kernel declares it. */
    static void arg(cl_kernel k, int i, double v, boolean asDouble) {
        if (asDouble) clSetKernelArg(k, i, Sizeof.cl_double, Pointer.to(new double[]{v}));
        else clSetKernelArg(k, i, Sizeof.cl_float, Pointer.to(new float[]{(float) v}));
    }

    private static String platformString(cl_platform_id p, int param) {
        long[] size = new long[1];
        clGetPlatformInfo(p, param, 0, null, size);
        byte[] b = new byte[(int) size[0]];
        clGetPlatformInfo(p, param, b.length, Pointer.to(b), null);
        return cString(b);
    }

    private static String deviceString(cl_device_id d, int param) {
        long[] size = new long[1];
        clGetDeviceInfo(d, param, 0, null, size);
        byte[] b = new byte[(int) size[0]];
        clGetDeviceInfo(d, param, b.length, Pointer.to(b), null);
        return cString(b);
    }

    private static long deviceLong(cl_device_id d, int param) {
        long[] v = new long[1];
        clGetDeviceInfo(d, param, Sizeof.cl_ulong, Pointer.to(v), null);
        return v[0];
    }

    private static int deviceInt(cl_device_id d, int param) {
        int[] v = new int[1];
        clGetDeviceInfo(d, param, Sizeof.cl_uint, Pointer.to(v), null);
        return v[0];
    }

    private static long deviceSizeT(cl_device_id d, int param) {
        long[] v = new long[1];
        clGetDeviceInfo(d, param, Sizeof.size_t, Pointer.to(v), null);
        return Sizeof.size_t == 4 ? v[0] & 0xffffffffL : v[0];
    }

    private static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        return new String(b, 0, n, StandardCharsets.UTF_8).trim();
    }

    private static String typeName(long type) {
        if ((type & CL_DEVICE_TYPE_GPU) != 0) return "GPU";
        if ((type & CL_DEVICE_TYPE_CPU) != 0) return "CPU";
        if ((type & CL_DEVICE_TYPE_ACCELERATOR) != 0) return "accelerator";
        return "other";
    }

    private static String oneLine(Throwable t) {
        String m = t.getMessage();
        String s = t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        return s.replaceAll("\\s+", " ").trim();
    }
}
