package io.psiflux.backend.cpu;

import io.psiflux.backend.Backend;
import io.psiflux.backend.BackendContract;
import io.psiflux.field.Precision;
import io.psiflux.grid.Grid;

/** The backend contract on the CPU backend, with two workers so the parallel split is exercised. */
class CpuBackendContractTest extends BackendContract {
    @Override
    protected Backend open(Grid grid, Precision precision, double hbar, double mass) {
        return new CpuBackend(grid, precision, hbar, mass, 2);
    }
}
