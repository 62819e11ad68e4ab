package io.psiflux.cli;

import io.psiflux.UserError;
import io.psiflux.viz.Colors;
import io.psiflux.viz.View;
import picocli.CommandLine.Option;

/** What the pictures of render and view show: colours, their scale, and how the current is drawn. */
final class PictureOptions {
    @Option(names = "--color", defaultValue = "phase", paramLabel = "MODE",
            description = "phase (hue = arg psi, brightness = |psi|), density, log-density or current (|j|); default ${DEFAULT-VALUE}")
    String color;

    @Option(names = "--colormap", defaultValue = "viridis", paramLabel = "MAP",
            description = "viridis or inferno, for the density and current colours; default ${DEFAULT-VALUE}")
    String colormap;

    @Option(names = "--scale", defaultValue = "first", paramLabel = "S",
            description = "first (one scale for all frames, from the first), frame (each frame its own), "
                    + "or a number: the |psi|^2 at which colours saturate; default ${DEFAULT-VALUE}")
    String scale;

    @Option(names = "--current", defaultValue = "streamlines", paramLabel = "STYLE",
            description = "streamlines, arrows or off; default ${DEFAULT-VALUE}")
    String current;

    @Option(names = "--current-color", description = "colour streamlines and arrows by |j| (inferno) instead of white")
    boolean currentColor;

    /** Sets {@code v} as the options say; a bad value is a user error naming the option. */
    View apply(View v) {
        View.ColorMode mode = View.ColorMode.parse(color);
        if (mode == null) throw new UserError("--color: unknown mode \"" + color + "\" (known: phase, density, log-density, current)");
        Colors.ColorMap map = Colors.ColorMap.parse(colormap);
        if (map == null) throw new UserError("--colormap: unknown colour map \"" + colormap + "\" (known: viridis, inferno)");
        v.colorMode(mode).colorMap(map).currentColored(currentColor);
        if ("off".equalsIgnoreCase(current)) {
            v.showCurrent(false);
        } else {
            View.CurrentStyle style = View.CurrentStyle.parse(current);
            if (style == null) throw new UserError("--current: unknown style \"" + current + "\" (known: streamlines, arrows, off)");
            v.currentStyle(style);
        }
        switch (scale.toLowerCase(java.util.Locale.ROOT)) {
            case "first" -> v.scalePerFrame(false);
            case "frame" -> v.scalePerFrame(true);
            default -> {
                double d;
                try {
                    d = Double.parseDouble(scale);
                } catch (NumberFormatException e) {
                    d = Double.NaN;
                }
                if (!(d > 0) || !Double.isFinite(d)) {
                    throw new UserError("--scale: expected first, frame or a positive number (the |psi|^2 where colours saturate), got \""
                            + scale + "\"");
                }
                v.densityScale(d);
            }
        }
        return v;
    }
}
