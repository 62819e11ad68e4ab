package io.psiflux.cli;

import io.psiflux.UserError;
import io.psiflux.backend.Backend;
import io.psiflux.backend.opencl.OpenClBackend;
import io.psiflux.backend.opencl.OpenClUnavailableException;
import io.psiflux.field.Precision;
import io.psiflux.grid.Grid;
import java.util.List;

/** The OpenCL side of backend choice: probing never throws, and failures become one-line user errors. */
final class OpenClChoice {
    private OpenClChoice() {
    }

    /** Why OpenCL cannot be used, or null when it can. */
    static String unavailableReason() {
        try {
            return OpenClBackend.unavailableReason();
        } catch (Throwable t) {
            return "OpenCL could not be probed (" + t + ")";
        }
    }

    /** One line per OpenCL device. */
    static List<String> describeDevices() {
        try {
            return OpenClBackend.describeDevices();
        } catch (Throwable t) {
            return List.of("(devices could not be listed: " + t + ")");
        }
    }

    static Backend open(String device, Grid grid, Precision precision) {
        try {
            return OpenClBackend.open(grid, precision, device);
        } catch (OpenClUnavailableException e) {
            throw new UserError("--backend opencl: " + e.getMessage());
        }
    }
}
