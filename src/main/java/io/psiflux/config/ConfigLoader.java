package io.psiflux.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.psiflux.UserError;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import io.psiflux.io.Npy;
import io.psiflux.io.RunOutput;
import io.psiflux.observe.FieldKind;
import io.psiflux.observe.FluxPlane;
import io.psiflux.observe.TrajectorySpec;
import io.psiflux.physics.Absorber;
import io.psiflux.physics.Hamiltonian;
import io.psiflux.physics.MagneticField;
import io.psiflux.physics.InitialState;
import io.psiflux.physics.Potential;
import io.psiflux.sim.Eigenstates;
import io.psiflux.sim.Method;
import io.psiflux.physics.Expressions;
import io.psiflux.physics.Sampling;
import io.psiflux.sim.Options;
import io.psiflux.sim.SpectrumOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;

/**
 * Reads and validates a TOML run configuration. Every mistake is a {@link UserError} naming the
 * key or file; relative paths resolve against the config file's folder.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /** Parses the TOML file into a tree, with line numbers on syntax errors. */
    static JsonNode parse(Path file) {
        return parseToml(file, "config file");
    }

    /**
     * Parses a TOML file into a tree; a missing file ("FILE: {@code what} not found"), a syntax
     * error (with its line) or a read error is a one-line UserError.
     */
    public static JsonNode parseToml(Path file, String what) {
        if (!Files.isRegularFile(file)) throw new UserError(file + ": " + what + " not found");
        try {
            return new TomlMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc != null && loc.getLineNr() > 0 ? ", line " + loc.getLineNr() : "";
            throw new UserError(file + where + ": malformed TOML: " + e.getOriginalMessage().replace('\n', ' '));
        } catch (IOException e) {
            throw new UserError(file + ": cannot read: " + e.getMessage());
        }
    }

    public static RunConfig load(Path file) {
        JsonNode root = parse(file);
        Section top = new Section("", root);
        Path dir = file.toAbsolutePath().getParent();
        String name = file.getFileName().toString().replaceFirst("\\.toml$", "");

        Grid grid = grid(top.table("grid"));
        int rank = grid.rank();

        Section particle = top.table("particle");
        double hbar = particle.optDouble(ConfigKeys.HBAR.field(), ConfigKeys.HBAR.number());
        double mass = particle.optDouble(ConfigKeys.MASS.field(), ConfigKeys.MASS.number());
        double charge = particle.optDouble(ConfigKeys.CHARGE.field(), ConfigKeys.CHARGE.number());
        if (hbar <= 0) throw new UserError("particle.hbar: must be > 0, got " + hbar);
        if (mass <= 0) throw new UserError("particle.mass: must be > 0, got " + mass);
        particle.done();

        Potential potential = potential(top.table("potential"), grid, dir);
        MagneticField magnetic = magnetic(top.table("magnetic"), grid);
        Section rot = top.table("rotation");
        Double omega = rot.optDouble(ConfigKeys.ROTATION_OMEGA.field());
        rot.done();
        if (rot.present() && omega == null) throw new UserError("rotation.omega: missing (the frame's angular velocity about z)");
        if (omega != null && grid.rank() < 2) throw new UserError("rotation.omega: a rotation about z needs a 2D or 3D grid");
        Section nl = top.table("nonlinear");
        Double g = nl.optDouble(ConfigKeys.NONLINEAR_G.field());
        nl.done();
        if (nl.present() && g == null) throw new UserError("nonlinear.g: missing (the coupling of g |psi|^2)");
        Hamiltonian gauge = new Hamiltonian(hbar, mass, potential, null, charge, magnetic, 0, 0);
        InitialState initial = initial(top.table("initial"), grid, dir, gauge);

        Section time = top.table("time");
        if (!time.present()) throw new UserError("time: missing section [time] with dt and steps");
        double dt = time.requireDouble(ConfigKeys.DT.field());
        if (dt <= 0) throw new UserError("time.dt: must be > 0, got " + dt);
        long steps = time.requireLong(ConfigKeys.STEPS.field());
        if (steps < 0) throw new UserError("time.steps: must be >= 0, got " + steps);
        if (steps / ConfigKeys.OUTPUTS > Integer.MAX_VALUE && !root.path("output").has(ConfigKeys.EVERY.field())) {
            // the default output.every is derived from steps: blame the key the user wrote
            throw new UserError("time.steps: " + steps + " steps would make the default output.every (steps / " + ConfigKeys.OUTPUTS
                    + ") larger than " + Integer.MAX_VALUE + "; use fewer steps or set output.every");
        }
        Long orderL = time.optLong(ConfigKeys.ORDER.field());
        int order = (int) (orderL == null ? ConfigKeys.ORDER.integer() : orderL);
        if (orderL != null && orderL != 2 && orderL != 4) throw new UserError("time.order: must be 2 or 4, got " + orderL);
        Boolean imag = time.optBoolean(ConfigKeys.IMAGINARY.field());
        boolean imaginary = imag == null ? ConfigKeys.IMAGINARY.bool() : imag;
        double tolerance = time.optDouble(ConfigKeys.TOLERANCE.field(), ConfigKeys.TOLERANCE.number());
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new UserError("time.tolerance: must be > 0 (or 0: no stopping rule), got " + tolerance);
        }
        Long statesL = time.optLong(ConfigKeys.STATES.field());
        if (statesL != null && (statesL < 1 || statesL > 1000)) {
            throw new UserError("time.states: must be between 1 and 1000, got " + statesL);
        }
        int states = (int) (statesL == null ? ConfigKeys.STATES.integer() : statesL);
        if (states > 1 && !imaginary) {
            throw new UserError("time.states: finding " + states + " states needs imaginary time; add imaginary = true to [time]");
        }
        if (imaginary && potential.timeDependent()) {
            throw new UserError("time.imaginary: the potential depends on t, and imaginary time needs a static potential");
        }
        Method method = method(time, imaginary, potential, nl.present());
        time.done();
        Eigenstates.Settings eigen = eigen(top.table("eigen"), method);

        Absorber absorber = absorber(top.table("absorber"), grid);
        if (imaginary && absorber != null) {
            throw new UserError("absorber: an absorbing layer has no meaning in imaginary time (time.imaginary = true); remove [absorber]");
        }
        List<FluxPlane> flux = flux(top, grid);
        if (method != Method.SPLIT && absorber != null) {
            throw new UserError("absorber: " + (method == Method.EIGEN ? "the eigensolver" : "the Chebyshev propagator")
                    + " needs a Hermitian H (a real spectrum), and an absorbing layer makes it non-Hermitian; remove [absorber]");
        }
        if (method == Method.EIGEN && !flux.isEmpty()) {
            throw new UserError("flux: flux planes measure real-time flow, not eigenstates; remove [[flux]] or time.method = \"eigen\"");
        }
        if (imaginary && !flux.isEmpty()) {
            throw new UserError("flux: flux planes measure real-time flow; remove [[flux]] or time.imaginary = true");
        }

        TrajectorySpec trajectories = trajectories(top.table("trajectories"), grid);
        if (imaginary && trajectories != null) {
            throw new UserError("trajectories: Bohmian trajectories follow real-time flow; remove [trajectories] or time.imaginary = true");
        }

        Section output = top.table("output");
        Long everyL = output.optLong(ConfigKeys.EVERY.field());
        long every = everyL == null ? Math.max(1, steps / ConfigKeys.OUTPUTS) : everyL;
        if (every < 1) throw new UserError("output.every: must be >= 1, got " + every);
        if (every > Integer.MAX_VALUE) throw new UserError("output.every: too large, got " + every);
        List<String> names = output.optStrings(ConfigKeys.FIELDS.field());
        Set<FieldKind> fields = EnumSet.noneOf(FieldKind.class);
        if (names == null) {
            for (Object n : (List<?>) ConfigKeys.FIELDS.value()) fields.add(FieldKind.parse((String) n));
        } else {
            for (String n : names) {
                FieldKind f = FieldKind.parse(n);
                if (f == null) {
                    List<String> known = new ArrayList<>();
                    for (FieldKind k : FieldKind.values()) known.add(k.key());
                    throw new UserError("output.fields: unknown field \"" + n + "\" (known: " + String.join(", ", known) + ")");
                }
                if (f == FieldKind.VORTICES && grid.rank() < 2) {
                    throw new UserError("output.fields: \"vortices\" needs a 2D or 3D grid (a vortex is a phase winding around a point)");
                }
                fields.add(f);
            }
        }
        List<String> formatNames = output.optStrings(ConfigKeys.FORMAT.field());
        Set<RunOutput.Format> formats = EnumSet.noneOf(RunOutput.Format.class);
        for (Object n : formatNames != null ? formatNames : (List<?>) ConfigKeys.FORMAT.value()) {
            RunOutput.Format f = RunOutput.Format.parse((String) n);
            if (f == null) throw new UserError("output.format: unknown format \"" + n + "\" (known: npy, hdf5, vtk)");
            formats.add(f);
        }
        output.done();

        Section checkpoint = top.table("checkpoint");
        Long ckEvery = checkpoint.optLong(ConfigKeys.CHECKPOINT_EVERY.field());
        Long ckKeep = checkpoint.optLong(ConfigKeys.CHECKPOINT_KEEP.field());
        checkpoint.done();
        if (checkpoint.present() && ckEvery == null) {
            throw new UserError("checkpoint.every: missing (steps between checkpoints, e.g. every = 1000)");
        }
        if (ckEvery != null && ckEvery < 1) throw new UserError("checkpoint.every: must be >= 1, got " + ckEvery);
        long keep = ckKeep == null ? ConfigKeys.CHECKPOINT_KEEP.integer() : ckKeep;
        if (keep < 1 || keep > 100) throw new UserError("checkpoint.keep: must be between 1 and 100, got " + keep);
        SpectrumOptions spectrum = spectrum(top.table("spectrum"), grid, (int) every, imaginary, g != null);
        top.done();
        if (method == Method.EIGEN && spectrum != null) {
            throw new UserError("spectrum: spectra come from real-time correlation functions, not the eigensolver; remove [spectrum] "
                    + "or time.method = \"eigen\"");
        }
        if (method == Method.EIGEN && trajectories != null) {
            throw new UserError("trajectories: particles follow real-time flow, not eigenstates; remove [trajectories] "
                    + "or time.method = \"eigen\"");
        }
        Options options = new Options(order, imaginary, tolerance, states, flux, method, eigen);
        Hamiltonian h = new Hamiltonian(hbar, mass, potential, absorber, charge, magnetic, omega == null ? 0 : omega,
                g == null ? 0 : g);
        return new RunConfig(file, name, grid, h, initial, dt, steps, (int) every, fields, options, formats,
                ckEvery == null ? 0 : ckEvery, (int) keep, flatten(root), spectrum, trajectories);
    }

    /** time.method, checked against what the Chebyshev propagator and the eigensolver cannot do. */
    private static Method method(Section time, boolean imaginary, Potential potential, boolean nonlinear) {
        String name = time.optString(ConfigKeys.METHOD.field());
        Method m = name == null ? Method.parse((String) ConfigKeys.METHOD.value()) : Method.parse(name);
        if (m == null) throw new UserError("time.method: unknown method \"" + name + "\" (known: split, chebyshev, eigen)");
        if (m == Method.SPLIT) return m;
        String what = m == Method.EIGEN ? "the eigensolver" : "the Chebyshev propagator";
        if (imaginary) {
            throw new UserError("time.imaginary: imaginary time is a split-operator method; with time.method = \"" + m.key()
                    + "\" remove imaginary = true");
        }
        if (potential.timeDependent()) {
            throw new UserError("time.method: " + what + " needs a static H, and the potential depends on t; use \"split\"");
        }
        if (nonlinear) {
            throw new UserError("nonlinear: " + what + " needs a linear H, and g |psi|^2 depends on psi; use time.method = \"split\""
                    + (m == Method.EIGEN ? " with imaginary = true" : ""));
        }
        return m;
    }

    /** [eigen], read only with time.method = "eigen". */
    private static Eigenstates.Settings eigen(Section e, Method method) {
        Long statesL = e.optLong(ConfigKeys.EIGEN_STATES.field());
        Double tol = e.optDouble(ConfigKeys.EIGEN_TOLERANCE.field());
        Long itL = e.optLong(ConfigKeys.EIGEN_ITERATIONS.field());
        e.done();
        if (e.present() && method != Method.EIGEN) {
            throw new UserError("eigen: [eigen] configures the eigensolver; add method = \"eigen\" to [time] or remove [eigen]");
        }
        if (statesL != null && (statesL < 1 || statesL > 1000)) throw new UserError("eigen.states: must be between 1 and 1000, got " + statesL);
        if (tol != null && !(tol > 0)) throw new UserError("eigen.tolerance: must be > 0, got " + tol);
        if (itL != null && (itL < 1 || itL > 1_000_000)) throw new UserError("eigen.iterations: must be between 1 and 1000000, got " + itL);
        return new Eigenstates.Settings((int) (statesL == null ? ConfigKeys.EIGEN_STATES.integer() : statesL),
                tol == null ? Double.NaN : tol, (int) (itL == null ? ConfigKeys.EIGEN_ITERATIONS.integer() : itL));
    }

    /**
     * The config as key paths and their values (JSON text), e.g. "time.dt" = "0.01",
     * "flux[0].name" = "\"left\"": what a resumed run must match.
     */
    static Map<String, String> flatten(JsonNode root) {
        return flatten(root, JsonNode::toString);
    }

    /**
     * A TOML tree as key paths and {@code value}'s text of each leaf (arrays of tables by index,
     * other arrays as one leaf): the form in which two configs are compared key by key.
     */
    public static Map<String, String> flatten(JsonNode root, java.util.function.Function<JsonNode, String> value) {
        Map<String, String> out = new TreeMap<>();
        flatten("", root, value, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode n, java.util.function.Function<JsonNode, String> value,
                                Map<String, String> out) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), value, out);
            }
        } else if (n.isArray() && n.size() > 0 && n.get(0).isObject()) {
            for (int i = 0; i < n.size(); i++) flatten(prefix + "[" + i + "]", n.get(i), value, out);
        } else {
            out.put(prefix, value.apply(n));
        }
    }

    private static Absorber absorber(Section s, Grid grid) {
        if (!s.present()) return null;
        Double width = s.optDouble(ConfigKeys.ABSORBER_WIDTH.field());
        double strength = s.optDouble(ConfigKeys.ABSORBER_STRENGTH.field(), ConfigKeys.ABSORBER_STRENGTH.number());
        String profileName = s.optString(ConfigKeys.ABSORBER_PROFILE.field());
        s.done();
        Absorber.Profile profile = Absorber.Profile.parse(profileName != null ? profileName : (String) ConfigKeys.ABSORBER_PROFILE.value());
        if (profile == null) {
            throw new UserError("absorber.profile: unknown profile \"" + profileName + "\" (known: two-stage, quadratic)");
        }
        if (width == null) throw new UserError("absorber.width: missing (the layer's thickness in length units, e.g. width = 10.0)");
        if (!(width > 0)) throw new UserError("absorber.width: must be > 0, got " + width);
        for (int d = 0; d < grid.rank(); d++) {
            double half = grid.axis(d).length() / 2;
            if (width >= half) {
                throw new UserError("absorber.width: " + width + " leaves no interior along axis " + AXES[d] + " (box length "
                        + grid.axis(d).length() + "); use less than half the box, " + half);
            }
        }
        if (!(strength > 0)) throw new UserError("absorber.strength: must be > 0, got " + strength);
        return new Absorber(width, strength, profile);
    }

    private static final String[] AXES = {"x", "y", "z"};

    /** [spectrum] (present, even empty: the autocorrelation and its spectrum), or null when absent. */
    private static SpectrumOptions spectrum(Section s, Grid grid, int every, boolean imaginary, boolean nonlinear) {
        if (!s.present()) return null;
        String current = s.optString(ConfigKeys.SPECTRUM_CURRENT.field());
        double threshold = s.optDouble(ConfigKeys.SPECTRUM_THRESHOLD.field(), ConfigKeys.SPECTRUM_THRESHOLD.number());
        s.done();
        if (imaginary) {
            throw new UserError("spectrum: spectra come from real-time correlation functions; remove [spectrum] or time.imaginary = true");
        }
        if (!(threshold >= 0 && threshold < 1)) throw new UserError("spectrum.threshold: must be in [0, 1), got " + threshold);
        int axis = -1;
        if (current != null) {
            axis = java.util.Arrays.asList(AXES).indexOf(current);
            if (axis < 0 || axis >= grid.rank()) {
                throw new UserError("spectrum.current: \"" + current + "\" is not an axis of this " + grid.rank() + "D grid (known: "
                        + String.join(", ", java.util.Arrays.copyOf(AXES, grid.rank())) + ")");
            }
            if (nonlinear) {
                throw new UserError("spectrum.current: the current correlation needs a linear equation (J psi(0) is propagated "
                        + "like psi); remove it or [nonlinear]");
            }
        }
        return new SpectrumOptions(every, axis, threshold);
    }

    /** The [trajectories] table, or null when there is none. */
    private static TrajectorySpec trajectories(Section s, Grid grid) {
        if (!s.present()) return null;
        JsonNode start = s.array(ConfigKeys.TRAJECTORIES_START.field());
        Long count = s.optLong(ConfigKeys.TRAJECTORIES_COUNT.field());
        Long seed = s.optLong(ConfigKeys.TRAJECTORIES_SEED.field());
        Long every = s.optLong(ConfigKeys.TRAJECTORIES_EVERY.field());
        Double rhoMin = s.optDouble(ConfigKeys.TRAJECTORIES_RHO_MIN.field());
        s.done();
        int rank = grid.rank();
        double[][] points = new double[start == null ? 0 : start.size()][];
        for (int i = 0; i < points.length; i++) {
            String at = "trajectories.start[" + i + "]";
            JsonNode p = start.get(i);
            if (!p.isArray() || p.size() != rank) {
                throw new UserError(at + ": expected a point of " + rank + " coordinate" + (rank == 1 ? "" : "s") + " (one per grid axis), got "
                        + Section.show(p));
            }
            points[i] = new double[rank];
            for (int d = 0; d < rank; d++) {
                double x = s.number(p.get(d), at + "[" + d + "]");
                double lo = grid.axis(d).min(), hi = grid.axis(d).max();
                if (x < lo || x >= hi) {
                    throw new UserError(at + ": " + AXES[d] + " = " + x + " is outside the grid's extent [" + lo + ", " + hi + ")");
                }
                points[i][d] = x;
            }
        }
        long n = count == null ? ConfigKeys.TRAJECTORIES_COUNT.integer() : count;
        if (n < 0 || n > 10_000_000) throw new UserError("trajectories.count: must be between 0 and 10000000, got " + n);
        if (points.length + n == 0) {
            throw new UserError("trajectories: no particles; give start = [[...], ...] or count = N (drawn from |psi(0)|^2)");
        }
        if (every != null && (every < 1 || every > Integer.MAX_VALUE)) {
            throw new UserError("trajectories.every: must be between 1 and " + Integer.MAX_VALUE + ", got " + every);
        }
        if (rhoMin != null && !(rhoMin >= 0 && rhoMin < 1)) {
            throw new UserError("trajectories.rho_min: must be a fraction in [0, 1) of the peak initial density, got " + rhoMin);
        }
        long sd = seed == null ? ConfigKeys.TRAJECTORIES_SEED.integer() : seed;
        return new TrajectorySpec(points, (int) n, sd, every == null ? 0 : every.intValue(),
                rhoMin == null ? TrajectorySpec.DEFAULT_RHO_MIN : rhoMin);
    }

    private static List<FluxPlane> flux(Section top, Grid grid) {
        JsonNode planes = top.array("flux");
        List<FluxPlane> out = new ArrayList<>();
        if (planes == null) return out;
        Set<String> names = new java.util.HashSet<>();
        for (int p = 0; p < planes.size(); p++) {
            String at = "flux[" + p + "]";
            JsonNode node = planes.get(p);
            if (!node.isObject()) throw new UserError("flux: write each plane as a [[flux]] table with name, axis and position");
            Section s = new Section("flux", node);
            String name = s.optString(ConfigKeys.FLUX_NAME.field());
            String axisName = s.optString(ConfigKeys.FLUX_AXIS.field());
            Double position = s.optDouble(ConfigKeys.FLUX_POSITION.field());
            Double expect = s.optDouble(ConfigKeys.FLUX_EXPECT.field());
            s.done();
            if (name == null) throw new UserError("flux.name: missing in " + at + " (e.g. name = \"right\")");
            if (!name.matches("[A-Za-z0-9_]+")) {
                throw new UserError("flux.name: \"" + name + "\" in " + at + " must be letters, digits and _ only (it names CSV columns)");
            }
            if (!names.add(name)) throw new UserError("flux.name: \"" + name + "\" is used by two planes; names must differ");
            if (axisName == null) throw new UserError("flux.axis: missing in " + at + " (\"x\", \"y\" or \"z\")");
            int axis = java.util.Arrays.asList(AXES).indexOf(axisName);
            if (axis < 0 || axis >= grid.rank()) {
                throw new UserError("flux.axis: \"" + axisName + "\" in " + at + " is not an axis of this " + grid.rank()
                        + "D grid (known: " + String.join(", ", java.util.Arrays.copyOf(AXES, grid.rank())) + ")");
            }
            if (position == null) throw new UserError("flux.position: missing in " + at + " (a coordinate along " + axisName + ")");
            double lo = grid.axis(axis).min(), hi = grid.axis(axis).max();
            if (position < lo || position > hi) {
                throw new UserError("flux.position: " + position + " in " + at + " is outside the grid's " + axisName + " extent ["
                        + lo + ", " + hi + "]");
            }
            out.add(new FluxPlane(name, axis, position, expect));
        }
        return out;
    }

    private static Grid grid(Section s) {
        if (!s.present()) throw new UserError("grid: missing section [grid] with points and extent");
        JsonNode points = s.array(ConfigKeys.GRID_POINTS.field());
        if (points == null) throw new UserError("grid.points: missing (e.g. points = [256])");
        if (points.size() < 1 || points.size() > 3) {
            throw new UserError("grid.points: expected 1 to 3 axes, got " + points.size());
        }
        // every entry of points is checked before extent is compared with it, so that a bad entry
        // is blamed on grid.points and not reported as a length mismatch of grid.extent
        long[] ns = new long[points.size()];
        for (int d = 0; d < ns.length; d++) {
            long n = s.integer(points.get(d), "grid.points[" + d + "]");
            if (n < 1) throw new UserError("grid.points[" + d + "]: must be >= 1, got " + n);
            if (n > 1 << 28) throw new UserError("grid.points[" + d + "]: too large, got " + n);
            ns[d] = n;
        }
        JsonNode extent = s.array(ConfigKeys.GRID_EXTENT.field());
        if (extent == null) throw new UserError("grid.extent: missing (e.g. extent = [[-20.0, 20.0]])");
        if (extent.size() != points.size()) {
            throw new UserError("grid.extent: expected " + points.size() + " [min, max] pairs (one per axis of grid.points), got "
                    + extent.size());
        }
        List<Axis> axes = new ArrayList<>();
        for (int d = 0; d < points.size(); d++) {
            long n = ns[d];
            JsonNode e = extent.get(d);
            if (!e.isArray() || e.size() != 2) {
                throw new UserError("grid.extent[" + d + "]: expected [min, max], got " + Section.show(e));
            }
            double lo = s.number(e.get(0), "grid.extent[" + d + "][0]");
            double hi = s.number(e.get(1), "grid.extent[" + d + "][1]");
            if (!(hi > lo)) throw new UserError("grid.extent[" + d + "]: the box is empty, need min < max, got [" + lo + ", " + hi + "]");
            axes.add(new Axis((int) n, lo, hi));
        }
        long total = 1;
        for (Axis a : axes) total *= a.n();
        if (total > Integer.MAX_VALUE / 2) {
            throw new UserError("grid.points: " + total + " points in all is more than one array can hold (at most "
                    + Integer.MAX_VALUE / 2 + ")");
        }
        s.done();
        return Grid.of(axes);
    }

    /** The input file {@code key} names, against the config's folder; refuses a pipe or device (it would block). */
    private static Path resolve(Path dir, String file, String key) {
        Path p;
        try {
            p = Path.of(file);
        } catch (java.nio.file.InvalidPathException e) {
            throw new UserError(key + ": \"" + file + "\" is not a valid path (" + e.getReason() + ")");
        }
        p = p.isAbsolute() ? p : dir.resolve(p).normalize();
        if (Files.exists(p) && !Files.isDirectory(p) && !Files.isRegularFile(p)) {
            throw new UserError(key + ": " + p + " is not a regular file (a pipe, socket or device); give an .npy file");
        }
        return p;
    }

    private static Potential potential(Section s, Grid grid, Path dir) {
        if (!s.present()) return Potential.zero();
        String expr = s.optString(ConfigKeys.POTENTIAL_EXPRESSION.field());
        String file = s.optString(ConfigKeys.POTENTIAL_FILE.field());
        String samplingName = s.optString(ConfigKeys.POTENTIAL_SAMPLING.field());
        s.done();
        Sampling sampling = Sampling.parse(samplingName != null ? samplingName : (String) ConfigKeys.POTENTIAL_SAMPLING.value());
        if (sampling == null) throw new UserError("potential.sampling: unknown sampling \"" + samplingName + "\" (known: point, cell)");
        if (expr != null && file != null) {
            throw new UserError("potential: give either expression or file, not both");
        }
        if (expr == null && file == null) {
            throw new UserError("potential: needs expression = \"...\" or file = \"V.npy\"");
        }
        if (expr != null) {
            String inactive = Expressions.inactiveVariable(expr, grid.rank(), "potential.expression");
            if (inactive != null) {
                throw new UserError("potential.expression: \"" + expr + "\" uses " + inactive + ", but the grid is " + grid.rank()
                        + "D (" + String.join(", ", java.util.Arrays.copyOf(AXES, grid.rank())) + " only); remove " + inactive
                        + " or add its axis to grid.points");
            }
            Potential p = Potential.expression(expr, "potential.expression", sampling);
            RealField probe = RealField.scalar(grid, Precision.DOUBLE);
            p.sample(0.0, probe); // fails early, naming the key, where V is not finite
            return p;
        }
        if (sampling != Sampling.POINT) {
            throw new UserError("potential.sampling: \"" + sampling.key() + "\" averages an expression over each cell; a potential.file "
                    + "already holds the grid's values (average them when you make the file), so leave sampling out");
        }
        Path path = resolve(dir, file, "potential.file");
        RealField v = Npy.toRealField(Npy.read(path), grid, Precision.DOUBLE, "potential.file " + path);
        return Potential.sampled(v);
    }

    private static MagneticField magnetic(Section s, Grid grid) {
        if (!s.present()) return null;
        double[] b = s.optDoubles(ConfigKeys.MAGNETIC_FIELD.field(), 3);
        String gaugeName = s.optString(ConfigKeys.MAGNETIC_GAUGE.field());
        s.done();
        if (b == null) throw new UserError("magnetic.field: missing ([Bx, By, Bz], e.g. field = [0.0, 0.0, 1.0])");
        if (grid.rank() < 2) throw new UserError("magnetic.field: a magnetic field needs a 2D or 3D grid");
        if (grid.rank() == 2 && (b[0] != 0 || b[1] != 0)) {
            throw new UserError("magnetic.field: in 2D only Bz can be nonzero (Bx and By would need a z axis), got ["
                    + b[0] + ", " + b[1] + ", " + b[2] + "]");
        }
        MagneticField.Gauge gauge = gaugeName == null ? MagneticField.Gauge.parse((String) ConfigKeys.MAGNETIC_GAUGE.value())
                : MagneticField.Gauge.parse(gaugeName);
        if (gauge == null) throw new UserError("magnetic.gauge: unknown gauge \"" + gaugeName + "\" (known: symmetric, landau)");
        int along = 0;
        for (double v : b) if (v != 0) along++;
        if (gauge == MagneticField.Gauge.LANDAU && along != 1) {
            throw new UserError("magnetic.gauge: the Landau gauge needs B along one axis only; use gauge = \"symmetric\"");
        }
        return new MagneticField(b, gauge);
    }

    private static InitialState initial(Section s, Grid grid, Path dir, Hamiltonian gauge) {
        if (!s.present()) throw new UserError("initial: missing section [initial] (type = \"gaussian\" or \"file\")");
        String type = s.optString(ConfigKeys.INITIAL_TYPE.field());
        if (type == null) throw new UserError("initial.type: missing (\"gaussian\" or \"file\")");
        double noise = s.optDouble(ConfigKeys.INITIAL_NOISE.field(), ConfigKeys.INITIAL_NOISE.number());
        if (!(noise >= 0) || Double.isInfinite(noise)) throw new UserError("initial.noise: must be >= 0, got " + noise);
        Long seedL = s.optLong(ConfigKeys.INITIAL_SEED.field());
        long seed = seedL == null ? ConfigKeys.INITIAL_SEED.integer() : seedL;
        return initialState(s, type, grid, dir, gauge).withNoise(noise, seed);
    }

    private static InitialState initialState(Section s, String type, Grid grid, Path dir, Hamiltonian gauge) {
        int rank = grid.rank();
        switch (type) {
            case "gaussian" -> {
                double[] center = s.optDoubles(ConfigKeys.INITIAL_CENTER.field(), rank);
                double[] sigma = s.optDoubles(ConfigKeys.INITIAL_SIGMA.field(), rank);
                double[] momentum = s.optDoubles(ConfigKeys.INITIAL_MOMENTUM.field(), rank);
                s.done();
                if (sigma == null) throw new UserError("initial.sigma: missing (one positive width per axis)");
                for (int d = 0; d < rank; d++) {
                    if (sigma[d] <= 0) throw new UserError("initial.sigma[" + d + "]: must be > 0, got " + sigma[d]);
                }
                // momentum is the kinetic momentum at the centre, in any gauge (see InitialState.inGauge)
                double[] c = pad(center, ConfigKeys.INITIAL_CENTER);
                return InitialState.gaussian(c, pad(sigma, null), pad(momentum, ConfigKeys.INITIAL_MOMENTUM)).inGauge(gauge, c);
            }
            case "file" -> {
                String file = s.optString(ConfigKeys.INITIAL_FILE.field());
                s.done();
                if (file == null) throw new UserError("initial.file: missing (an .npy of the grid's shape)");
                Path path = resolve(dir, file, "initial.file");
                ComplexField psi = Npy.toComplexField(Npy.read(path), grid, Precision.DOUBLE, "initial.file " + path);
                return InitialState.given(psi, "initial.file " + path);
            }
            default -> throw new UserError("initial.type: unknown type \"" + type + "\" (known: gaussian, file)");
        }
    }

    /** Three entries: the given ones, then (or all, when none are given) the key's default. */
    private static double[] pad(double[] v, ConfigKeys.Key def) {
        double[] out = new double[3];
        if (def != null) java.util.Arrays.fill(out, def.number());
        if (v != null) System.arraycopy(v, 0, out, 0, v.length);
        return out;
    }
}
