package io.psiflux.cli;

import io.psiflux.UserError;
import io.psiflux.config.ConfigLoader;
import io.psiflux.config.RunConfig;
import io.psiflux.field.Precision;
import io.psiflux.observe.FieldKind;
import io.psiflux.sim.Eigenstates;
import io.psiflux.sim.Relaxation;
import io.psiflux.sim.Simulation;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options every simulating command shares (CONFIG, --backend, --device, --precision). */
final class SimulationSetup {
    @Parameters(paramLabel = "CONFIG", description = "the run's TOML file (see docs/config.md)")
    Path config;

    @Option(names = "--backend", defaultValue = "auto", paramLabel = "KIND",
            description = "auto (an OpenCL GPU or accelerator, else the CPU backend), cpu or opencl; default ${DEFAULT-VALUE}")
    String backend;

    @Option(names = "--device", paramLabel = "N|NAME",
            description = "OpenCL device: its number in 'psiflux info' or part of its name")
    String device;

    @Option(names = "--precision", defaultValue = "double", paramLabel = "P",
            description = "single (complex64) or double (complex128); default ${DEFAULT-VALUE}")
    String precision;

    /** The fields a picture needs: psi for the phase, density and current. */
    static final Set<FieldKind> PICTURE = EnumSet.of(FieldKind.PSI, FieldKind.DENSITY, FieldKind.CURRENT);

    /** The precision an option names, or a user error. */
    static Precision precision(String s) {
        Precision p = Precision.parse(s);
        if (p == null) throw new UserError("--precision: unknown precision \"" + s + "\" (known: single, double)");
        return p;
    }

    RunConfig load() {
        return ConfigLoader.load(config);
    }

    private Simulation.Builder builder(RunConfig c) {
        return c.builder().precision(precision(precision)).backend(backend).device(device).notes(System.err::println);
    }

    /** The config's simulation in real time on the chosen backend. */
    Simulation open(RunConfig c) {
        checkTrajectoryHeap(c);
        return builder(c).build();
    }

    /**
     * Refuses [trajectories] whose rows (kept in memory for the whole run, and copied once more to
     * write trajectories.npy) would take more than half of the heap: a UserError naming the table.
     */
    static void checkTrajectoryHeap(RunConfig c) {
        if (c.trajectories() == null) return;
        long every = c.trajectories().every() > 0 ? Math.min(c.trajectories().every(), c.every()) : c.every();
        long rows = c.steps() / every + c.steps() / c.every() + 2;
        double bytes = 2.0 * rows * c.trajectories().particles() * c.grid().rank() * 8;
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap / 2.0) {
            throw new io.psiflux.UserError(String.format(java.util.Locale.ROOT,
                    "trajectories: %d rows of %d particles need about %.0f MB of heap, more than half of the %d MB this JVM has; "
                            + "follow fewer particles, record fewer rows (a larger trajectories.every or output.every) or give Java more "
                            + "heap (-Xmx)", rows, c.trajectories().particles(), bytes / 1048576, heap / 1048576));
        }
    }

    /** The config's eigensolver on the chosen backend (time.method = "eigen"). */
    Eigenstates eigenstates(RunConfig c) {
        return builder(c).eigenstates(c.options().eigen(), c.steps());
    }

    /** The config's imaginary-time solver on the chosen backend. */
    Relaxation relaxation(RunConfig c) {
        return builder(c).relaxation(c.options().states(), c.options().tolerance());
    }
}
