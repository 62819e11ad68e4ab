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
        String missing = libraryProblem(libraryCandidates());
        if (missing != null) {
            unavailable = "the OpenCL library could not be loaded (" + missing
                    + "); install an OpenCL driver and ICD loader (libOpenCL.so.1), or use --backend cpu";
            return;
        }
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

    /** The name JOCL asks the dynamic loader for on Linux. */
    private static final String LIBRARY = "libOpenCL.so.1";

    /**
     * Where the dynamic loader would look for libOpenCL.so.1 on Linux, in its order: the folders of
     * LD_LIBRARY_PATH, the paths /etc/ld.so.cache lists, then the default folders. Null when this
     * is not Linux or the cache cannot be read (then nothing is known, and JOCL is left to try).
     */
    static List<java.nio.file.Path> libraryCandidates() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) return null;
        byte[] cache;
        try {
            cache = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/etc/ld.so.cache"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
        List<java.nio.file.Path> out = new ArrayList<>();
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            for (String dir : ld.split(":")) if (!dir.isEmpty()) out.add(java.nio.file.Path.of(dir, LIBRARY));
        }
        // the cache holds NUL-terminated strings; a path ending in /libOpenCL.so.1 is an entry's file
        String text = new String(cache, StandardCharsets.ISO_8859_1);
        String tail = "/" + LIBRARY + "\0";
        for (int at = text.indexOf(tail); at >= 0; at = text.indexOf(tail, at + 1)) {
            int start = text.lastIndexOf('\0', at) + 1;
            String path = text.substring(start, at + tail.length() - 1);
            if (path.startsWith("/")) out.add(java.nio.file.Path.of(path));
        }
        String triplet = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> "x86_64-linux-gnu";
            case "aarch64" -> "aarch64-linux-gnu";
            default -> null;
        };
        for (String dir : new String[] {"/lib", "/usr/lib", "/lib64", "/usr/lib64"}) {
            if (triplet != null) out.add(java.nio.file.Path.of(dir, triplet, LIBRARY));
            out.add(java.nio.file.Path.of(dir, LIBRARY));
        }
        return out;
    }

    /**
     * Why none of the {@code candidates} loads (the loader's own words), or null when one does or
     * when {@code candidates} is null. Loading one with System.load, which fails without printing
     * anything, comes before JOCL: JOCL's native code prints "Could not load libOpenCL.so.1 ..."
     * to standard output when the library is missing, after psiflux's own line. Once one file has
     * loaded, JOCL's request for libOpenCL.so.1 finds it already in the process by its soname.
     */
    static String libraryProblem(List<java.nio.file.Path> candidates) {
        if (candidates == null) return null;
        String first = null;
        for (java.nio.file.Path p : candidates) {
            if (!java.nio.file.Files.isRegularFile(p)) continue;
            String path = p.toAbsolutePath().toString();
            // the JVM warns about the stack guard when asked to load a file that is not ELF: look first
            String notElf = notALibrary(p);
            if (notElf != null) {
                if (first == null) first = path + ": " + notElf;
                continue;
            }
            try {
                System.load(path);
                return null;
            } catch (UnsatisfiedLinkError | SecurityException e) {
                if (first == null) first = oneLine(e).replaceFirst("^UnsatisfiedLinkError: ", "").replace(path + ": " + path, path);
            }
        }
        return first != null ? first : LIBRARY + " was not found (looked in LD_LIBRARY_PATH, /etc/ld.so.cache and /usr/lib)";
    }

    /** Why a file cannot be a shared library for this JVM (not ELF, or another word size or machine), or null. */
    private static String notALibrary(java.nio.file.Path p) {
        byte[] h = new byte[20];
        int n;
        try (InputStream in = java.nio.file.Files.newInputStream(p)) {
            n = in.readNBytes(h, 0, h.length);
        } catch (IOException e) {
            return "cannot be read (" + e.getMessage() + ")";
        }
        if (n < h.length || h[0] != 0x7f || h[1] != 'E' || h[2] != 'L' || h[3] != 'F') return "not a shared library (not an ELF file)";
        int wordBits = "32".equals(System.getProperty("sun.arch.data.model")) ? 32 : 64;
        if (h[4] != (wordBits == 64 ? 2 : 1)) return "not a " + wordBits + "-bit library";
        int machine = (h[18] & 0xff) | (h[19] & 0xff) << 8; // little endian on the machines below
        int want = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> 62;
            case "aarch64" -> 183;
            default -> -1;
        };
        if (want >= 0 && machine != want) return "a library for another processor (ELF machine " + machine + ")";
        return null;
    }

    /**
     * The device a selector names: null or "auto" picks a GPU before an accelerator before any
     * other type (the one with most memory), a number picks that index, anything else the first device whose name or
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
        if (s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // any number of digits: one too long for an int names no device either
            String digits = s.replaceFirst("^0+(?=.)", "");
            if (digits.length() <= 9 && Integer.parseInt(digits) < all.size()) return all.get(Integer.parseInt(digits));
            throw new OpenClUnavailableException("there is no OpenCL device " + s + "; the devices are " + names(all)
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
        String type = h.info().type();
        return (type.equals("GPU") ? 2e30 : type.equals("accelerator") ? 1e30 : 0) + h.info().globalMemBytes();
    }

    private static String names(List<Handle> all) {
        StringBuilder b = new StringBuilder();
        for (Handle h : all) {
            if (b.length() > 0) b.append(", ");
            b.append(h.info().index()).append(": ").append(h.info().name()).append(" (").append(h.info().type()).append(')');
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
