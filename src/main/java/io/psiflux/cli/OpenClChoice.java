package io.psiflux.cli;

import io.psiflux.UserError;
import io.psiflux.backend.Backend;
import io.psiflux.field.Precision;
import io.psiflux.grid.Grid;

/** The OpenCL side of backend choice; placeholder until the OpenCL backend lands. */
final class OpenClChoice {
    private OpenClChoice() {
    }

    /** Why OpenCL cannot be used, or null when it can. */
    static String unavailableReason() {
        return "the OpenCL backend is not built into this version";
    }

    /** One line per OpenCL device. */
    static java.util.List<String> describeDevices() {
        return java.util.List.of();
    }

    static Backend open(String device, Grid grid, Precision precision, double hbar, double mass) {
        throw new UserError("--backend opencl: " + unavailableReason());
    }
}
