package io.psiflux.backend.cpu;

import io.psiflux.UserError;
import io.psiflux.backend.Backend;
import io.psiflux.backend.BackendProvider;
import io.psiflux.field.Precision;
import io.psiflux.grid.Grid;
import java.util.List;

/** The CPU backend as a {@link BackendProvider}: always available, the fallback of "auto". */
public final class CpuProvider implements BackendProvider {

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public String unavailableReason() {
        return null;
    }

    /**
     * Refuses, with the numbers, a grid whose run does not fit the Java heap
     * ({@link CpuBackend#bytesNeeded}), before anything of grid size is allocated.
     */
    @Override
    public Backend open(Grid grid, Precision precision, String device) {
        int threads = Runtime.getRuntime().availableProcessors();
        long need = CpuBackend.bytesNeeded(grid, precision, threads);
        long have = Runtime.getRuntime().maxMemory();
        if (need > have) {
            throw new UserError(String.format("grid.points: a %s grid in %s precision needs about %,d bytes (%.1f GiB) "
                            + "but the Java heap allows %,d bytes (%.1f GiB); use fewer points or more memory (-Xmx)",
                    grid, precision, need, need / 1073741824.0, have, have / 1073741824.0));
        }
        return new CpuBackend(grid, precision, threads);
    }

    @Override
    public List<String> describe() {
        int cores = Runtime.getRuntime().availableProcessors();
        return List.of("own lane-batched FFT (JTransforms for 1D and sizes with primes > 7) on " + cores
                + " threads, single and double");
    }
}
