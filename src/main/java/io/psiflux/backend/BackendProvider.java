package io.psiflux.backend;

import io.psiflux.field.Precision;
import io.psiflux.grid.Grid;
import java.util.List;

/**
 * A kind of backend, registered with {@link java.util.ServiceLoader} (META-INF/services), so that
 * {@link Backends} opens backends by name without naming their classes: the CPU and OpenCL
 * backends each provide one, and a new backend joins by providing its own.
 */
public interface BackendProvider {

    /** The name users choose it by, e.g. "cpu" or "opencl". */
    String name();

    /** "auto" picks the available provider of highest priority. */
    int priority();

    /** Why this backend cannot run on this machine, or null when it can. Never throws. */
    String unavailableReason();

    /**
     * Why "auto" should pass this backend over although it can run here (e.g. its only device is
     * the CPU, where the CPU backend is faster), as a clause that says how to use it anyway; null
     * when auto may take it. Never throws.
     */
    default String autoPassOver() {
        return null;
    }

    /** True when this backend chooses among devices, so that {@code --device} means something to it. */
    default boolean selectsDevices() {
        return false;
    }

    /**
     * The devices that should each get a run of their own when several runs share this machine
     * (a sweep's jobs): GPUs and accelerators, as {@code --device} selectors; empty when this
     * backend has none (its runs share the CPU cores). Never throws.
     */
    default List<String> accelerators() {
        return List.of();
    }

    /**
     * Opens a backend on the grid; {@code device} selects a device where there are several (null:
     * the best). Throws {@link io.psiflux.UserError} with one sentence when it cannot (no device,
     * not enough memory, an unsupported grid).
     */
    Backend open(Grid grid, Precision precision, String device);

    /** Lines for {@code psiflux info}: what this backend runs on (devices, threads). Never throws. */
    List<String> describe();
}
