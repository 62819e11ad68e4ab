package io.psiflux.backend.opencl;

import io.psiflux.backend.Backend;
import io.psiflux.backend.BackendContract;
import io.psiflux.field.Precision;
import io.psiflux.grid.Grid;

/** The backend contract on the best OpenCL device (PoCL on a machine without a GPU). */
class OpenClBackendContractTest extends BackendContract {
    @Override
    protected Backend open(Grid grid, Precision precision, double hbar, double mass) {
        return OpenClBackend.open(grid, precision, hbar, mass, null);
    }

    /** Skips with the reason when OpenCL is missing, but fails under CI (see OpenClAvailable). */
    @Override
    protected boolean available() {
        OpenClAvailable.require();
        return true;
    }
}
