package io.psiflux.io;

import io.psiflux.field.ComplexField;
import io.psiflux.grid.Grid;
import io.psiflux.observe.Observation;
import io.psiflux.sim.Output;
import io.psiflux.sim.RunResult;
import io.psiflux.sim.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's output folder (public contract): observables.csv, density_NNNNNN.npy,
 * current_NNNNNN.npy, current_transport_NNNNNN.npy, current_circulating_NNNNNN.npy (vector
 * fields, shape (rank, *grid)), psi_NNNNNN.npy, state_K.npy (imaginary time) and summary.json.
 * Each file is written whole under a temporary name and renamed into place. The columns of
 * observables.csv are those of the first observation written.
 */
public final class RunOutput implements Output {
    private final Path dir;
    private final Grid grid;
    private final double dt;
    private CsvWriter csv;
    private final Map<String, Object> extra = new LinkedHashMap<>();
    private boolean finished;

    public RunOutput(Path dir, Grid grid, double dt) throws IOException {
        this.dir = dir;
        this.grid = grid;
        this.dt = dt;
        Files.createDirectories(dir);
    }

    /** Adds an entry to summary.json (e.g. the config file). */
    public void put(String key, Object value) {
        extra.put(key, value);
    }

    public Path dir() {
        return dir;
    }

    static String stepName(String what, long step) {
        return String.format("%s_%06d.npy", what, step);
    }

    @Override
    public void write(Observation o, Snapshot s) throws IOException {
        if (csv == null) csv = new CsvWriter(dir.resolve("observables.csv"), o.columnNames());
        csv.row(o.values());
        if (s.density() != null) Npy.write(dir.resolve(stepName("density", o.step())), s.density());
        if (s.current() != null) Npy.write(dir.resolve(stepName("current", o.step())), s.current());
        if (s.currentTransport() != null) {
            Npy.write(dir.resolve(stepName("current_transport", o.step())), s.currentTransport());
        }
        if (s.currentCirculating() != null) {
            Npy.write(dir.resolve(stepName("current_circulating", o.step())), s.currentCirculating());
        }
        if (s.psi() != null) Npy.write(dir.resolve(stepName("psi", o.step())), s.psi());
    }

    /** Writes state_K.npy (imaginary time). */
    @Override
    public void state(int k, ComplexField psi) throws IOException {
        Npy.write(dir.resolve("state_" + k + ".npy"), psi);
    }

    @Override
    public void finish(RunResult r) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", r.backend());
        m.put("device", r.device());
        m.put("precision", r.precision());
        m.put("points", grid.shape());
        List<double[]> extent = new ArrayList<>();
        for (int d = 0; d < grid.rank(); d++) extent.add(new double[] {grid.axis(d).min(), grid.axis(d).max()});
        m.put("extent", extent);
        m.put("dt", dt);
        m.put("steps", r.steps());
        m.put("seconds_stepping", r.secondsStepping());
        m.put("steps_per_second", r.stepsPerSecond());
        m.put("final_norm", r.finalNorm());
        m.put("final_energy", r.finalEnergy());
        if (!r.through().isEmpty()) m.put("through", r.through());
        if (r.energies() != null) {
            m.put("energies", r.energies());
            m.put("converged", r.converged());
        }
        m.putAll(extra);
        if (csv != null) csv.close();
        Json.write(dir.resolve("summary.json"), m);
        finished = true;
    }

    @Override
    public void close() throws IOException {
        if (!finished && csv != null) csv.close();
    }

    /** The file of field {@code what} ("density", "current", "psi") at a step, in a run folder. */
    public static Path fieldFile(Path dir, String what, long step) {
        return dir.resolve(stepName(what, step));
    }
}
