package io.psiflux.backend.opencl;

/**
 * One OpenCL device as {@code psiflux info} lists it. {@code index} is what
 * {@link OpenClBackend#open}'s device selector accepts; memory sizes are in bytes.
 *
 * @param index          position in the list of all devices of all platforms
 * @param platform       platform name, e.g. "NVIDIA CUDA" or "Portable Computing Language"
 * @param name           device name
 * @param type           "GPU", "CPU", "accelerator" or "other"
 * @param version        {@code CL_DEVICE_VERSION}
 * @param globalMemBytes {@code CL_DEVICE_GLOBAL_MEM_SIZE}
 * @param localMemBytes  {@code CL_DEVICE_LOCAL_MEM_SIZE}
 * @param maxAllocBytes  {@code CL_DEVICE_MAX_MEM_ALLOC_SIZE}, the largest single buffer
 * @param computeUnits   {@code CL_DEVICE_MAX_COMPUTE_UNITS}
 * @param fp64           whether the device supports double precision (cl_khr_fp64)
 * @param glSharing      whether the device lists cl_khr_gl_sharing (OpenCL buffers and images
 *                       shared with an OpenGL context)
 */
public record OpenClDevice(int index, String platform, String name, String type, String version,
                           long globalMemBytes, long localMemBytes, long maxAllocBytes,
                           int computeUnits, boolean fp64, boolean glSharing) {

    /** One line, e.g. "[0] NVIDIA H200 (GPU, NVIDIA CUDA, OpenCL 3.0 CUDA): 140 GiB global, ...". */
    public String describe() {
        return String.format("[%d] %s (%s, %s, %s): %s global, %s local, %s max allocation, %d compute units, fp64 %s, GL sharing %s",
                index, name, type, platform, version, bytes(globalMemBytes), bytes(localMemBytes),
                bytes(maxAllocBytes), computeUnits, fp64 ? "yes" : "no", glSharing ? "yes" : "no");
    }

    static String bytes(long b) {
        if (b >= 1L << 30) return String.format("%.1f GiB", b / (double) (1L << 30));
        if (b >= 1L << 20) return String.format("%.1f MiB", b / (double) (1L << 20));
        return String.format("%d KiB", b >> 10);
    }
}
