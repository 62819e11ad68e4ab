package io.psiflux.backend.opencl;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Gate for tests that need an OpenCL device: they skip, with the reason shown, when this machine
 * has no OpenCL platform, except under CI (the environment variable CI set), where a missing
 * OpenCL is a failure, so the OpenCL tests never disappear silently from a CI run.
 */
final class OpenClAvailable {
    private OpenClAvailable() {
    }

    static void require() {
        String why = OpenClBackend.unavailableReason();
        if (why == null) return;
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
            Assertions.fail("CI is set but OpenCL is unavailable: " + why);
        }
        Assumptions.abort("skipped, OpenCL is unavailable: " + why);
    }
}
