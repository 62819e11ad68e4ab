package io.psiflux.backend.opencl;

import io.psiflux.backend.BackendFactory;

/**
 * The OpenCL backends the contract suites run on. Opening one needs an OpenCL device: without
 * one a test skips with the reason, except under CI, where it fails (see {@link OpenClAvailable}).
 */
public final class OpenClFactories {
    private OpenClFactories() {
    }

    /** The best device, kernels built optimised (as a run builds them). */
    public static BackendFactory best() {
        return new BackendFactory("opencl", (g, p) -> {
            OpenClAvailable.require();
            return OpenClBackend.open(g, p, null);
        });
    }

    /** Lines longer than {@code maxLine} points split into out-of-place passes. */
    public static BackendFactory splitAxes(int maxLine) {
        return new BackendFactory("opencl, lines split at " + maxLine, (g, p) -> {
            OpenClAvailable.require();
            return OpenClBackend.open(g, p, null, maxLine);
        });
    }

    /**
     * Kernels built with -cl-opt-disable: PoCL compiles a new line geometry about 3x faster, for
     * sweeps over many FFT sizes where compile time, not run time, dominates.
     */
    public static BackendFactory quickBuild() {
        return new BackendFactory("opencl, unoptimised build", (g, p) -> {
            OpenClAvailable.require();
            return OpenClBackend.open(g, p, null, FftPlan.DEFAULT_MAX_LOCAL_LENGTH, "-cl-opt-disable");
        });
    }

    /** The launch shapes of a PSIFLUX_TUNING spec (see {@link Tuning}), kernels built optimised. */
    public static BackendFactory tuned(String spec) {
        return new BackendFactory("opencl, tuning " + spec, (g, p) -> {
            OpenClAvailable.require();
            return OpenClBackend.open(g, p, null, Tuning.parse(spec, "test"), "");
        });
    }
}
