package io.psiflux.cli;

import io.psiflux.backend.Backend;
import io.psiflux.config.ConfigLoader;
import io.psiflux.config.RunConfig;
import io.psiflux.field.Precision;
import io.psiflux.observe.FieldKind;
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
            description = "auto (the best OpenCL device, else the CPU), cpu or opencl; default ${DEFAULT-VALUE}")
    String backend;

    @Option(names = "--device", paramLabel = "N|NAME",
            description = "OpenCL device: its number in 'psiflux info' or part of its name")
    String device;

    @Option(names = "--precision", defaultValue = "double", paramLabel = "P",
            description = "single (complex64) or double (complex128); default ${DEFAULT-VALUE}")
    String precision;

    /** The fields a picture needs: psi for the phase, density and current. */
    static final Set<FieldKind> PICTURE = EnumSet.of(FieldKind.PSI, FieldKind.DENSITY, FieldKind.CURRENT);

    RunConfig load() {
        return ConfigLoader.load(config);
    }

    /** Opens the backend and a simulation of the config that makes snapshots with {@code fields}. */
    Simulation open(RunConfig c, Set<FieldKind> fields) {
        Precision p = BackendChoice.precision(precision);
        Backend b = BackendChoice.open(backend, device, c.grid(), p, System.err);
        try {
            return new Simulation(b, c.hamiltonian(), c.initial(), c.dt(), c.steps(), c.every(), fields, c.options());
        } catch (RuntimeException e) {
            b.close();
            throw e;
        }
    }
}
