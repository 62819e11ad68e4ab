package io.psiflux.io;

import io.psiflux.field.ComplexField;
import io.psiflux.field.RealField;
import io.psiflux.grid.Grid;
import io.psiflux.observe.Observation;
import io.psiflux.observe.Spectrum;
import io.psiflux.sim.Output;
import io.psiflux.sim.RunResult;
import io.psiflux.sim.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run's output folder (public contract), written as the run goes so that nothing computed is
 * lost when it stops:
 * <ul>
 *   <li>{@code summary.json}: written at the start with status "running" and again at the end
 *       with status "completed", "interrupted" or "failed" (and the reason);</li>
 *   <li>{@code observables.csv}: one row per output step, appended as it is computed;</li>
 *   <li>{@code x.npy}, {@code y.npy}, {@code z.npy} (the active axes' coordinates) and
 *       {@code V.npy} (the potential at t = 0), so results can be plotted without the config;</li>
 *   <li>per output step, the fields asked for: {@code density_NNNNNN.npy},
 *       {@code current_NNNNNN.npy} (shape (rank, *grid)), {@code current_transport_...},
 *       {@code current_circulating_...}, {@code psi_NNNNNN.npy}, {@code V_NNNNNN.npy} with format
 *       "npy"; {@code snapshot_NNNNNN.h5} with "hdf5"; {@code fields_NNNNNN.vti} and the
 *       collection {@code fields.pvd} with "vtk";</li>
 *   <li>{@code state_K.npy}: imaginary time, state K (0 the lowest);</li>
 *   <li>{@code spectrum.csv} and {@code spectrum_peaks.csv} (and {@code current_spectrum.csv},
 *       {@code current_spectrum_peaks.csv}): columns energy, amplitude, rewritten as the run goes
 *       (see {@link Spectrum}); summary.json describes each and lists its peaks.</li>
 * </ul>
 * NNNNNN is the step with 6 digits, or as many as the run's last step needs, the same width for
 * every name of one run, so names sort in step order. Each file is written whole under a
 * temporary name and renamed into place.
 */
public final class RunOutput implements Output {

    /** Formats of per-step fields ({@code output.format}). */
    public enum Format {
        NPY, HDF5, VTK;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Format parse(String s) {
            for (Format f : values()) if (f.key().equals(s)) return f;
            return null;
        }
    }

    private final Path dir;
    private final Grid grid;
    private final double dt;
    private final int digits;
    private final Set<Format> formats;
    private final long resumeStep;
    private long resumeState = -1;
    private final boolean writePotential;
    private final Map<String, Object> summary = new LinkedHashMap<>();
    private final List<double[]> pvd = new ArrayList<>();
    private CsvWriter csv;
    private boolean finished;
    private boolean stateVortices;
    /** The spectra written so far, by name, as summary.json describes them. */
    private final Map<String, Object> spectra = new LinkedHashMap<>();

    /**
     * @param dir        the run folder (see {@link RunFolder})
     * @param lastStep   the run's last step, which sets the width of step numbers in names
     * @param formats    the formats of per-step fields
     * @param resumeStep the step a resumed run goes on from (the table keeps rows up to it), or -1
     * @param writePotential write V at every output step (output.fields has "potential")
     */
    public RunOutput(Path dir, Grid grid, double dt, long lastStep, Set<Format> formats, long resumeStep, boolean writePotential)
            throws IOException {
        this.dir = dir;
        this.grid = grid;
        this.dt = dt;
        this.digits = Math.max(6, Long.toString(Math.max(0, lastStep)).length());
        this.formats = formats;
        this.resumeStep = resumeStep;
        this.writePotential = writePotential;
        Files.createDirectories(dir);
    }

    /** A fresh run folder with .npy fields (tests, simple uses). */
    public RunOutput(Path dir, Grid grid, double dt) throws IOException {
        this(dir, grid, dt, 999_999, Set.of(Format.NPY), -1, false);
    }

    /** Imaginary time: write vortices_state_K.csv (see {@link io.psiflux.observe.Vortices}) with each state found. */
    public void stateVortices(boolean on) {
        this.stateVortices = on && grid.rank() > 1;
    }

    /** Imaginary time: the state the resumed run is in (the table restarts its steps per state). */
    public void resumeState(long state) {
        this.resumeState = state;
    }

    /** Adds an entry to summary.json (e.g. the config file). */
    public void put(String key, Object value) {
        summary.put(key, value);
    }

    public Path dir() {
        return dir;
    }

    /** The file name of field {@code what} at a step: {@code what_NNNNNN.npy}, the width fixed for the run. */
    public String stepName(String what, long step, String extension) {
        return String.format("%s_%0" + digits + "d.%s", what, step, extension);
    }

    /**
     * Writes what describes the run before it starts: summary.json with status "running", the
     * coordinates of the active axes, and V at t = 0 (left as they are when resuming).
     */
    public void start(RealField potentialAtZero) {
        if (resumeStep < 0 || !Files.exists(dir.resolve("V.npy"))) {
            String[] names = {"x", "y", "z"};
            for (int d = 0; d < grid.rank(); d++) {
                double[] x = new double[grid.n(d)];
                for (int i = 0; i < x.length; i++) x[i] = grid.axis(d).x(i);
                Npy.write(dir.resolve(names[d] + ".npy"), new int[] {x.length}, x);
            }
            Npy.write(dir.resolve("V.npy"), potentialAtZero);
        }
        if (resumeStep >= 0) {
            summary.put("resumed_from_step", resumeStep);
            // the previous part's table and pvd entries up to the checkpoint stay
            Path collection = dir.resolve(VtkSnapshot.COLLECTION);
            if (formats.contains(Format.VTK) && Files.exists(collection)) pvd.addAll(VtkSnapshot.readCollection(collection, resumeStep));
        }
        summary.put("started", Instant.now().toString());
        Map<String, Object> m = describe();
        m.put("status", "running");
        m.put("pid", ProcessHandle.current().pid());
        Json.write(dir.resolve("summary.json"), m);
    }

    private Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("points", grid.shape());
        List<double[]> extent = new ArrayList<>();
        for (int d = 0; d < grid.rank(); d++) extent.add(new double[] {grid.axis(d).min(), grid.axis(d).max()});
        m.put("extent", extent);
        m.put("dt", dt);
        m.putAll(summary);
        return m;
    }

    @Override
    public void write(Observation o, Snapshot s) throws IOException {
        if (csv == null) {
            Path table = dir.resolve("observables.csv");
            csv = resumeStep >= 0 && Files.exists(table) ? CsvWriter.resume(table, o.columnNames(), resumeStep, resumeState)
                    : new CsvWriter(table, o.columnNames());
        }
        csv.row(o.values());
        long step = o.step();
        if (formats.contains(Format.NPY)) {
            if (s.density() != null) Npy.write(dir.resolve(stepName("density", step, "npy")), s.density());
            if (s.current() != null) Npy.write(dir.resolve(stepName("current", step, "npy")), s.current());
            if (s.currentTransport() != null) Npy.write(dir.resolve(stepName("current_transport", step, "npy")), s.currentTransport());
            if (s.currentCirculating() != null) {
                Npy.write(dir.resolve(stepName("current_circulating", step, "npy")), s.currentCirculating());
            }
            if (s.psi() != null) Npy.write(dir.resolve(stepName("psi", step, "npy")), s.psi());
            if (writePotential && s.potential() != null) Npy.write(dir.resolve(stepName("V", step, "npy")), s.potential());
        }
        if (s.vortices() != null) s.vortices().writeCsv(dir.resolve(stepName("vortices", step, "csv")));
        Map<String, RealField> fields = fields(s);
        if (formats.contains(Format.HDF5) && (!fields.isEmpty() || s.psi() != null)) {
            Hdf5Snapshot.write(dir.resolve(stepName("snapshot", step, "h5")), grid, step, o.time(), fields, s.psi());
        }
        if (formats.contains(Format.VTK) && (!fields.isEmpty() || s.psi() != null)) {
            String name = stepName("fields", step, "vti");
            VtkSnapshot.write(dir.resolve(name), grid, step, o.time(), fields, s.psi());
            pvd.add(new double[] {o.time(), step});
            VtkSnapshot.writeCollection(dir.resolve(VtkSnapshot.COLLECTION), pvd, st -> stepName("fields", st, "vti"));
        }
    }

    private Map<String, RealField> fields(Snapshot s) {
        Map<String, RealField> m = new LinkedHashMap<>();
        if (s.density() != null) m.put("density", s.density());
        if (s.current() != null) m.put("current", s.current());
        if (s.currentTransport() != null) m.put("current_transport", s.currentTransport());
        if (s.currentCirculating() != null) m.put("current_circulating", s.currentCirculating());
        if (writePotential && s.potential() != null) m.put("V", s.potential());
        return m;
    }

    /**
     * Writes NAME.csv (the spectrum: energy, amplitude per row, ascending in energy) and
     * NAME_peaks.csv (its peaks), each whole, and keeps its description for summary.json.
     */
    @Override
    public void spectrum(String name, Spectrum sp) throws IOException {
        StringBuilder b = new StringBuilder("energy,amplitude\n");
        for (int j = 0; j < sp.energies().length; j++) b.append(sp.energies()[j]).append(',').append(sp.amplitudes()[j]).append('\n');
        AtomicFiles.writeString(dir.resolve(name + ".csv"), b.toString());
        StringBuilder p = new StringBuilder("energy,amplitude\n");
        List<double[]> peaks = new ArrayList<>();
        for (Spectrum.Peak k : sp.peaks()) {
            p.append(k.energy()).append(',').append(k.amplitude()).append('\n');
            peaks.add(new double[] {k.energy(), k.amplitude()});
        }
        AtomicFiles.writeString(dir.resolve(name + "_peaks.csv"), p.toString());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("window", Spectrum.WINDOW);
        m.put("samples", sp.samples());
        m.put("interval", sp.interval());
        m.put("duration", (sp.samples() - 1) * sp.interval());
        m.put("resolution", sp.resolution());
        m.put("energy_range", new double[] {sp.minEnergy(), sp.maxEnergy()});
        m.put("peaks", peaks);
        spectra.put(name, m);
    }

    /** Writes state_K.npy (imaginary time), and vortices_state_K.csv when asked for. */
    @Override
    public void state(int k, ComplexField psi) throws IOException {
        Npy.write(dir.resolve("state_" + k + ".npy"), psi);
        if (stateVortices) io.psiflux.observe.Vortices.find(psi).writeCsv(dir.resolve("vortices_state_" + k + ".csv"));
    }

    @Override
    public void finish(RunResult r) throws IOException {
        Map<String, Object> m = describe();
        m.put("status", r.status());
        m.put("backend", r.backend());
        m.put("device", r.device());
        m.put("precision", r.precision());
        m.put("steps", r.steps());
        m.put("seconds_stepping", r.secondsStepping());
        m.put("steps_per_second", r.stepsPerSecond());
        m.put("final_norm", r.finalNorm());
        m.put("final_energy", r.finalEnergy());
        r.finals().forEach((k, v) -> m.put("final_" + k, v));
        if (!r.through().isEmpty()) m.put("through", r.through());
        m.putAll(spectra);
        if (r.energies() != null) {
            m.put("energies", r.energies());
            m.put("converged", r.converged());
            if (r.stateConverged() != null) m.put("state_converged", r.stateConverged());
        }
        m.put("finished", Instant.now().toString());
        if (csv != null) csv.close();
        Json.write(dir.resolve("summary.json"), m);
        finished = true;
    }

    /** The run failed (a numerical failure): summary.json says so, with the reason. */
    public void fail(String reason, long step) {
        Map<String, Object> m = describe();
        m.put("status", "failed");
        m.put("reason", reason);
        m.put("failed_at_step", step);
        m.putAll(spectra);
        m.put("finished", Instant.now().toString());
        if (csv != null) csv.close();
        Json.write(dir.resolve("summary.json"), m);
        finished = true;
    }

    @Override
    public void close() throws IOException {
        if (csv != null) csv.close();
    }

    /**
     * About how many bytes a run writes: per output step (every {@code every} of {@code steps}, plus
     * the first and the last) the fields asked for in each format, the imaginary-time states, the
     * checkpoints kept (one more while a new one is written), and the table.
     */
    public static long estimateBytes(Grid g, io.psiflux.field.Precision p, long steps, int every,
                                     Set<io.psiflux.observe.FieldKind> fields, Set<Format> formats, boolean checkpoints,
                                     int keep, int states) {
        long n = g.size(), b = p.bytes, rank = g.rank();
        long perFormat = 0;
        for (io.psiflux.observe.FieldKind f : fields) {
            perFormat += switch (f) {
                case DENSITY -> n * b;
                case CURRENT, CURRENT_TRANSPORT, CURRENT_CIRCULATING -> 3 * n * b; // VTK pads vectors to 3
                case PSI -> 2 * n * b;
                case POTENTIAL -> n * 8;
                case VORTICES -> 0; // a few rows, counted with the table
            };
        }
        long outputs = steps / every + 2;
        long total = outputs * perFormat * Math.max(1, formats.size()) + outputs * 400;
        total += 2 * n * b * states;
        if (checkpoints) total += (keep + 1L) * 2 * n * b * (1 + states);
        return total + 16 * n; // coordinates and V.npy
    }

    /**
     * Refuses, in one line, a run whose estimated output ({@link #estimateBytes}) does not fit the
     * free space of the file system that holds {@code dir}.
     */
    public static void checkSpace(Path dir, long bytes, String what) {
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) p = p.getParent();
        if (p == null) return;
        long free;
        try {
            free = Files.getFileStore(p).getUsableSpace();
        } catch (IOException e) {
            return; // unknown: the writes will say what goes wrong
        }
        if (bytes > free) {
            throw new io.psiflux.UserError(String.format(java.util.Locale.ROOT,
                    "--out: the run would write about %s into %s (%s), but only %s are free there; "
                            + "write fewer fields (output.fields), less often (a larger output.every), or elsewhere",
                    human(bytes), dir, what, human(free)));
        }
    }

    private static String human(long b) {
        if (b >= 1L << 30) return String.format(java.util.Locale.ROOT, "%.1f GiB", b / (double) (1L << 30));
        if (b >= 1L << 20) return String.format(java.util.Locale.ROOT, "%.1f MiB", b / (double) (1L << 20));
        return String.format(java.util.Locale.ROOT, "%d KiB", b >> 10);
    }

    /** The file of field {@code what} ("density", "current", "psi") at a step, in a run folder of 6-digit names. */
    public static Path fieldFile(Path dir, String what, long step) {
        return dir.resolve(String.format("%s_%06d.npy", what, step));
    }
}
