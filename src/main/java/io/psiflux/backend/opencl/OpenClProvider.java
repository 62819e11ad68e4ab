package io.psiflux.backend.opencl;

import io.psiflux.UserError;
import io.psiflux.backend.Backend;
import io.psiflux.backend.BackendProvider;
import io.psiflux.field.Precision;
import io.psiflux.grid.Grid;
import java.util.List;

/**
 * The OpenCL backend as a {@link BackendProvider}: preferred by "auto" when a GPU or accelerator
 * is found.
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
    public boolean selectsDevices() {
        return true;
    }

    /**
     * Auto takes OpenCL only for a GPU or an accelerator: an OpenCL driver on the CPU (PoCL) runs
     * psiflux 2.5 to 3 times slower than the CPU backend on the same cores.
     */
    @Override
    public String autoPassOver() {
        try {
            List<OpenClDevice> devices = OpenClBackend.devices();
            if (devices.isEmpty()) return null; // unavailableReason says why
            for (OpenClDevice d : devices) {
                if (d.type().equals("GPU") || d.type().equals("accelerator")) return null;
            }
            if (devices.size() == 1) {
                OpenClDevice d = devices.get(0);
                return "the only OpenCL device, " + d.name() + " (" + d.platform() + "), runs on the CPU, slower than the CPU "
                        + "backend; --backend opencl to use it";
            }
            return "the " + devices.size() + " OpenCL devices all run on the CPU, slower than the CPU backend; "
                    + "--backend opencl to use them";
        } catch (Throwable t) {
            return null;
        }
    }

    /** The GPUs and accelerators, by their index in 'psiflux info' (what --device takes). */
    @Override
    public List<String> accelerators() {
        try {
            List<String> out = new java.util.ArrayList<>();
            for (OpenClDevice d : OpenClBackend.devices()) {
                if (d.type().equals("GPU") || d.type().equals("accelerator")) out.add(Integer.toString(d.index()));
            }
            return out;
        } catch (Throwable t) {
            return List.of();
        }
    }

    @Override
    public Backend open(Grid grid, Precision precision, String device) {
        if (device != null) {
            try {
                OpenCl.select(device);
            } catch (OpenClUnavailableException e) {
                throw new UserError("--device " + device + ": " + e.getMessage());
            }
        }
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
