package io.psiflux.cli;

import io.psiflux.UserError;
import io.psiflux.backend.Backend;
import io.psiflux.config.RunConfig;
import io.psiflux.io.RunOutput;
import io.psiflux.observe.FluxPlane;
import io.psiflux.sim.Relaxation;
import io.psiflux.sim.RunResult;
import io.psiflux.sim.Simulation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** psiflux run CONFIG: the main job. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the simulation a TOML config describes and write observables.csv, fields and summary.json.")
final class RunCommand implements Callable<Integer> {

    @Mixin
    SimulationSetup setup;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder; default out/<config name>/")
    Path out;

    @Override
    public Integer call() throws Exception {
        SimulationSetup.precision(setup.precision); // a bad --precision is reported before the config is read
        RunConfig c = setup.load();
        Path dir = out != null ? out : Path.of("out", c.name());
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new UserError("--out: " + dir + " exists and is not a folder");
        RunResult r = c.options().imaginary() ? relax(c, dir) : realTime(c, dir);
        System.out.printf("psiflux: done in %.2f s stepping (%.1f steps/s); final norm %.12f, energy %.10g; output in %s%n",
                r.secondsStepping(), r.stepsPerSecond(), r.finalNorm(), r.finalEnergy(), dir);
        for (String note : r.notes()) System.out.println("psiflux: " + note);
        for (FluxPlane plane : c.options().flux()) {
            Double got = r.through().get(plane.name());
            if (plane.expect() != null && got != null) {
                System.out.printf(Locale.ROOT, "psiflux: through_%s = %.8f, expected %.8f (flux.expect), difference %.2e%n",
                        plane.name(), got, plane.expect(), got - plane.expect());
            }
        }
        if (!r.converged()) {
            System.err.println("psiflux: " + r.problem());
            return 3;
        }
        return 0;
    }

    private RunResult realTime(RunConfig c, Path dir) throws IOException {
        try (Simulation sim = setup.open(c); RunOutput o = new RunOutput(dir, c.grid(), c.dt())) {
            start(c, sim.backend(), o);
            return sim.run(c.steps(), c.every(), c.fields(), o, ProgressBar.forStderr());
        }
    }

    private RunResult relax(RunConfig c, Path dir) throws IOException {
        try (Relaxation relax = setup.relaxation(c); RunOutput o = new RunOutput(dir, c.grid(), c.dt())) {
            start(c, relax.backend(), o);
            return relax.run(c.steps(), c.every(), o, ProgressBar.forStderr());
        }
    }

    private static void start(RunConfig c, Backend b, RunOutput o) {
        o.put("config", c.source().toString());
        System.out.printf("psiflux: %s, %s on %s (%s), %s precision, %d steps of dt = %s%n", c.name(), c.grid(),
                b.name(), b.device(), b.precision(), c.steps(), c.dt());
    }
}
