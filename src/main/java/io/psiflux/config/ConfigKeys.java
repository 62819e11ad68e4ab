package io.psiflux.config;

import io.psiflux.observe.FieldKind;
import io.psiflux.physics.Absorber;
import io.psiflux.physics.Hamiltonian;
import io.psiflux.physics.Sampling;
import io.psiflux.sim.Options;
import io.psiflux.sim.SpectrumOptions;
import java.util.List;

/**
 * Every config key with its default and a one-line doc: the single source of truth. The loader
 * takes its defaults from here ({@link Key#value}), docs/config.md is tested against
 * {@link #ALL}, and each default's text is tested against its value, so a default lives in one
 * place. Defaults that are also the Java API's come from the API's own constants.
 */
public final class ConfigKeys {

    /**
     * One documented key.
     *
     * @param name        the key path, e.g. "time.order"
     * @param value       the default the loader applies (Double, Long, Boolean, String or List), or
     *                    null where there is none (required) or it is computed (see the text)
     * @param defaultValue the default as docs/config.md shows it
     * @param doc         what the key means, one line
     */
    public record Key(String name, Object value, String defaultValue, String doc) {

        /** The key within its table, e.g. "order" of "time.order". */
        public String field() {
            return name.substring(name.lastIndexOf('.') + 1);
        }

        double number() {
            return ((Number) value).doubleValue();
        }

        long integer() {
            return ((Number) value).longValue();
        }

        boolean bool() {
            return (Boolean) value;
        }
    }

    private static Key key(String name, Object value, String text, String doc) {
        return new Key(name, value, text, doc);
    }

    public static final Key GRID_POINTS = key("grid.points", null, "required", "points per axis, 1 to 3 axes, each >= 1");
    public static final Key GRID_EXTENT = key("grid.extent", null, "required", "periodic box [min, max) per axis, min < max");
    public static final Key HBAR = key("particle.hbar", Hamiltonian.DEFAULT_HBAR, "1.0", "reduced Planck constant, > 0");
    public static final Key MASS = key("particle.mass", Hamiltonian.DEFAULT_MASS, "1.0", "particle mass, > 0");
    public static final Key CHARGE = key("particle.charge", Hamiltonian.DEFAULT_CHARGE, "1.0",
            "q: H has (p - qA)^2 / 2m, so an electron is -1 in units of e");
    public static final Key MAGNETIC_FIELD = key("magnetic.field", null, "required in [magnetic]",
            "[Bx, By, Bz], uniform; in 2D Bx = By = 0; B = curl A");
    public static final Key MAGNETIC_GAUGE = key("magnetic.gauge", "symmetric", "\"symmetric\"",
            "\"symmetric\" (A = B x r / 2 about the origin) or \"landau\" (B along one axis; A = (-B y, 0, 0) for B along z)");
    public static final Key ROTATION_OMEGA = key("rotation.omega", null, "required in [rotation]",
            "the frame rotates at omega about z (2D, 3D): H - omega L_z");
    public static final Key NONLINEAR_G = key("nonlinear.g", null, "required in [nonlinear]",
            "g of the Gross-Pitaevskii term g |psi|^2 (psi normalised to 1; g < 0 attractive)");
    public static final Key POTENTIAL_EXPRESSION = key("potential.expression", null, "V = 0", "V(x, y, z, t) as a math expression");
    public static final Key POTENTIAL_FILE = key("potential.file", null, "none", ".npy of the grid's shape, float64 or float32");
    public static final Key POTENTIAL_SAMPLING = key("potential.sampling", Sampling.POINT.key(), "\"point\"",
            "\"point\" (V at the grid points) or \"cell\" (V averaged over each point's cell: for sharp barriers; expressions only)");
    public static final Key INITIAL_TYPE = key("initial.type", null, "required", "\"gaussian\" or \"file\"");
    public static final Key INITIAL_CENTER = key("initial.center", 0.0, "zeros", "gaussian centre per axis");
    public static final Key INITIAL_SIGMA = key("initial.sigma", null, "required for gaussian", "std. deviation of |psi|^2 per axis, > 0");
    public static final Key INITIAL_MOMENTUM = key("initial.momentum", 0.0, "zeros", "p0 = hbar k0 per axis");
    public static final Key INITIAL_FILE = key("initial.file", null, "required for file", ".npy complex128/complex64 (or real) of the grid's shape");
    public static final Key INITIAL_NOISE = key("initial.noise", 0.0, "0",
            "relative random perturbation: psi (1 + noise (a + ib)), a, b standard normal per point, then normalised; >= 0 "
                    + "(breaks the symmetry of a symmetric start, e.g. to let vortices into a rotating condensate)");
    public static final Key INITIAL_SEED = key("initial.seed", 1L, "1", "seed of initial.noise: the same seed, the same state");
    public static final Key DT = key("time.dt", null, "required", "time step, > 0");
    public static final Key STEPS = key("time.steps", null, "required", "number of steps, >= 0 (imaginary time: the most steps for each state)");
    public static final Key ORDER = key("time.order", (long) Options.DEFAULT.order(), "2", "2 (Strang) or 4 (triple jump of Strang steps)");
    public static final Key IMAGINARY = key("time.imaginary", Options.DEFAULT.imaginary(), "false",
            "true: propagate in imaginary time to the lowest states");
    public static final Key TOLERANCE = key("time.tolerance", Options.DEFAULT.tolerance(), "1e-10",
            "imaginary time: a state is done when the energy's fall still to come (estimated from its stagnating trend) is at most this (relative), > 0; "
                    + "0: no stopping rule, every state runs its time.steps (a note says how far the energy still falls)");
    public static final Key STATES = key("time.states", (long) Options.DEFAULT.states(), "1",
            "imaginary time: how many of the lowest states to find, >= 1");
    public static final Key METHOD = key("time.method", "split", "\"split\"",
            "\"split\" (split-operator steps), \"chebyshev\" (exact in time, static linear H) or \"eigen\" (block eigensolver, see [eigen])");
    public static final Key EIGEN_STATES = key("eigen.states", 1L, "1", "time.method = \"eigen\": how many of the lowest states, >= 1");
    public static final Key EIGEN_TOLERANCE = key("eigen.tolerance", null, "1e-10 (double), 1e-5 (single)",
            "a state is converged when ||H psi - E psi|| <= tolerance x the width of H's spectrum on the grid, > 0");
    public static final Key EIGEN_ITERATIONS = key("eigen.iterations", 1000L, "1000", "the most eigensolver (LOBPCG) iterations, >= 1");
    public static final Key ABSORBER_WIDTH = key("absorber.width", null, "required in [absorber]",
            "thickness of the absorbing layer at every face of the box, > 0, < half the box");
    public static final Key ABSORBER_STRENGTH = key("absorber.strength", Absorber.DEFAULT_STRENGTH, "1.0",
            "the ramp's absorption rate W at the faces (energy units), > 0");
    public static final Key ABSORBER_PROFILE = key("absorber.profile", Absorber.DEFAULT_PROFILE.key, "\"two-stage\"",
            "\"two-stage\" (the ramp strength u^2 plus a steep stage near the faces, set from the grid's k_max) or \"quadratic\" (the ramp alone)");
    public static final Key FLUX_NAME = key("flux.name", null, "required in [[flux]]",
            "the plane's name: letters, digits, _; columns flux_NAME, through_NAME");
    public static final Key FLUX_AXIS = key("flux.axis", null, "required in [[flux]]",
            "\"x\", \"y\" or \"z\": the axis the plane is perpendicular to");
    public static final Key FLUX_POSITION = key("flux.position", null, "required in [[flux]]", "where the plane crosses its axis, within the extent");
    public static final Key FLUX_EXPECT = key("flux.expect", null, "none",
            "a reference value for through_NAME (e.g. an exact transmission), printed next to it");
    public static final Key TRAJECTORIES_START = key("trajectories.start", null, "none",
            "Bohmian trajectories from these points, [[x, y], ...]: one coordinate per axis, inside the extent");
    public static final Key TRAJECTORIES_COUNT = key("trajectories.count", 0L, "0",
            "how many more starting points to draw from |psi(0)|^2, >= 0");
    public static final Key TRAJECTORIES_SEED = key("trajectories.seed", io.psiflux.observe.TrajectorySpec.DEFAULT_SEED, "1",
            "the seed of that draw: the same seed draws the same points");
    public static final Key TRAJECTORIES_EVERY = key("trajectories.every", null, "output.every",
            "record the positions (rows of trajectories.npy) every this many steps, >= 1; by default at the output steps");
    public static final Key TRAJECTORIES_RHO_MIN = key("trajectories.rho_min", io.psiflux.observe.TrajectorySpec.DEFAULT_RHO_MIN, "1e-8",
            "the node rule: a particle waits (v = 0) where |psi|^2 is below this fraction of the peak of |psi(0)|^2, in [0, 1)");
    /** Output every {@link #OUTPUTS} part of the run: max(1, steps / 10). */
    public static final Key EVERY = key("output.every", null, "max(1, steps / " + ConfigKeys.OUTPUTS + ")",
            "output at steps 0, every, 2 every, ..., steps");
    public static final Key FIELDS = key("output.fields", List.of(FieldKind.DENSITY.key(), FieldKind.CURRENT.key()),
            "[\"density\", \"current\"]", "any of density, current, current_transport, current_circulating, psi, potential; [] for none");
    public static final Key FORMAT = key("output.format", List.of("npy"), "[\"npy\"]",
            "any of npy, hdf5 (snapshot_NNNNNN.h5), vtk (fields_NNNNNN.vti and fields.pvd for ParaView)");
    public static final Key CHECKPOINT_EVERY = key("checkpoint.every", null, "none",
            "steps between checkpoints (checkpoint_NNNNNN/), for --resume; also at the end and on Ctrl-C");
    public static final Key CHECKPOINT_KEEP = key("checkpoint.keep", 2L, "2", "how many of the newest checkpoints to keep, >= 1");

    public static final Key SPECTRUM_CURRENT = key("spectrum.current", null, "none",
            "\"x\", \"y\" or \"z\": also the current correlation <J_d(t) J_d(0)> and current_spectrum.csv");
    public static final Key SPECTRUM_THRESHOLD = key("spectrum.threshold", SpectrumOptions.DEFAULT_THRESHOLD, "0.01",
            "peaks lower than this fraction of the highest are not listed, in [0, 1)");

    /** The default output.every divides the run into this many parts. */
    public static final int OUTPUTS = 10;

    public static final List<Key> ALL = List.of(GRID_POINTS, GRID_EXTENT, HBAR, MASS, CHARGE, MAGNETIC_FIELD, MAGNETIC_GAUGE,
            ROTATION_OMEGA, NONLINEAR_G, POTENTIAL_EXPRESSION, POTENTIAL_FILE,
            INITIAL_TYPE, INITIAL_CENTER, INITIAL_SIGMA, INITIAL_MOMENTUM, INITIAL_FILE, INITIAL_NOISE, INITIAL_SEED, DT, STEPS, ORDER, IMAGINARY, TOLERANCE,
            STATES, METHOD, EIGEN_STATES, EIGEN_TOLERANCE, EIGEN_ITERATIONS, ABSORBER_WIDTH, ABSORBER_STRENGTH, FLUX_NAME, FLUX_AXIS,
            FLUX_POSITION, FLUX_EXPECT, EVERY, FIELDS, FORMAT, CHECKPOINT_EVERY, CHECKPOINT_KEEP, SPECTRUM_CURRENT, SPECTRUM_THRESHOLD,
            POTENTIAL_SAMPLING, ABSORBER_PROFILE,
            TRAJECTORIES_START, TRAJECTORIES_COUNT, TRAJECTORIES_SEED, TRAJECTORIES_EVERY, TRAJECTORIES_RHO_MIN);

    private ConfigKeys() {
    }
}
