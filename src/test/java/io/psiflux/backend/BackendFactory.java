package io.psiflux.backend;

import io.psiflux.backend.cpu.CpuBackend;
import io.psiflux.backend.opencl.OpenClFactories;
import io.psiflux.field.Precision;
import io.psiflux.grid.Grid;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A way to open a backend, named for test reports. The contract suites ({@link FftContractTest},
 * {@link PhaseContractTest}, {@link ObservablesContractTest}, {@link PropagationContractTest}) run
 * every test once per factory of {@link #all()}: a new backend joins them by adding its factory
 * there, and nothing else.
 *
 * @param name   what the test reports show, e.g. "cpu" or "opencl"
 * @param opener opens a fresh backend on a grid in a precision; the test closes it
 */
public record BackendFactory(String name, BiFunction<Grid, Precision, Backend> opener) {

    public Backend open(Grid g, Precision p) {
        return opener.apply(g, p);
    }

    @Override
    public String toString() {
        return name;
    }

    /** The CPU with two workers (so the parallel split is exercised) and the best OpenCL device. */
    public static List<BackendFactory> all() {
        return List.of(new BackendFactory("cpu", (g, p) -> new CpuBackend(g, p, 2)), OpenClFactories.best());
    }

    /**
     * {@link #all()} and OpenCL with lines of at most 16 points in local memory, so longer axes run
     * as 2 or 3 out-of-place passes (the multi-pass FFT and its fused schedules).
     */
    public static List<BackendFactory> withSplitAxes() {
        List<BackendFactory> f = new ArrayList<>(all());
        f.add(OpenClFactories.splitAxes(16));
        return f;
    }
}
