package io.psiflux.backend.opencl;

import io.psiflux.UserError;
import io.psiflux.backend.Backend;
import io.psiflux.backend.BackendProvider;
import io.psiflux.field.Precision;
import io.psiflux.grid.Grid;
import java.util.List;

/**
 * The OpenCL backend as a {@link BackendProvider}: preferred by "auto" when a device is found.
 * Probing never throws; a device, grid or memory that does not allow the run is a one-line
 * {@link UserError}.
 */
public final class OpenClProvider implements BackendProvider {

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public String unavailableReason() {
        try {
            return OpenClBackend.unavailableReason();
        } catch (Throwable t) {
            return "OpenCL could not be probed (" + t + ")";
        }
    }

    @Override
    public Backend open(Grid grid, Precision precision, String device) {
        try {
            return OpenClBackend.open(grid, precision, device);
        } catch (OpenClUnavailableException e) {
            throw new UserError("--backend opencl: " + e.getMessage());
        }
    }

    @Override
    public List<String> describe() {
        try {
            return OpenClBackend.describeDevices();
        } catch (Throwable t) {
            return List.of("(devices could not be listed: " + t + ")");
        }
    }
}
