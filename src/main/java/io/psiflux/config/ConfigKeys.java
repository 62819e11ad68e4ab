package io.psiflux.config;

import java.util.List;

/**
 * Every config key with its default and a one-line doc: the single source of truth that
 * docs/config.md is tested against.
 */
public final class ConfigKeys {
    /** One documented key. */
    public record Key(String name, String defaultValue, String doc) {
    }

    public static final List<Key> ALL = List.of(
            new Key("grid.points", "required", "points per axis, 1 to 3 axes, each >= 1"),
            new Key("grid.extent", "required", "periodic box [min, max) per axis, min < max"),
            new Key("particle.hbar", "1.0", "reduced Planck constant, > 0"),
            new Key("particle.mass", "1.0", "particle mass, > 0"),
            new Key("potential.expression", "V = 0", "V(x, y, z, t) as a math expression"),
            new Key("potential.file", "none", ".npy of the grid's shape, float64 or float32"),
            new Key("initial.type", "required", "\"gaussian\" or \"file\""),
            new Key("initial.center", "zeros", "gaussian centre per axis"),
            new Key("initial.sigma", "required for gaussian", "std. deviation of |psi|^2 per axis, > 0"),
            new Key("initial.momentum", "zeros", "p0 = hbar k0 per axis"),
            new Key("initial.file", "required for file", ".npy complex128/complex64 (or real) of the grid's shape"),
            new Key("time.dt", "required", "time step, > 0"),
            new Key("time.steps", "required", "number of steps, >= 0 (imaginary time: the most steps for each state)"),
            new Key("time.order", "2", "2 (Strang) or 4 (triple jump of Strang steps)"),
            new Key("time.imaginary", "false", "true: propagate in imaginary time to the lowest states"),
            new Key("time.tolerance", "1e-10", "imaginary time: a state is done when its energy changes by at most this (relative) in a step, > 0"),
            new Key("time.states", "1", "imaginary time: how many of the lowest states to find, >= 1"),
            new Key("absorber.width", "required in [absorber]", "thickness of the absorbing layer at every face of the box, > 0, < half the box"),
            new Key("absorber.strength", "1.0", "peak absorption rate W at the faces (energy units), > 0"),
            new Key("flux.name", "required in [[flux]]", "the plane's name: letters, digits, _; columns flux_NAME, through_NAME"),
            new Key("flux.axis", "required in [[flux]]", "\"x\", \"y\" or \"z\": the axis the plane is perpendicular to"),
            new Key("flux.position", "required in [[flux]]", "where the plane crosses its axis, within the extent"),
            new Key("flux.expect", "none", "a reference value for through_NAME (e.g. an exact transmission), printed next to it"),
            new Key("output.every", "max(1, steps / 10)", "output at steps 0, every, 2 every, ..., steps"),
            new Key("output.fields", "[\"density\", \"current\"]", "any of density, current, current_transport, current_circulating, psi; [] for none"));

    private ConfigKeys() {
    }
}
