package io.psiflux.viz;

/**
 * What the picture shows and from where: overlays, pan and zoom, the 3D camera and slice. Plain
 * mutable state with no OpenGL in it; the viewer changes it from keys and the mouse, a renderer
 * reads it each frame. Not thread-safe: use it from the thread that renders.
 */
public final class View {
    /** Current arrows on 2D fields and slices (default on; key C). */
    private boolean showCurrent = true;
    /** The grey potential tint on 2D fields, the V curve in 1D (default on; key V). */
    private boolean showPotential = true;
    /** The status text at the top (default on). */
    private boolean showHud = true;
    /** Colour wheel and curve legends (default on). */
    private boolean showLegend = true;
    /** The key help box (default off; key H). */
    private boolean showHelp;
    /** Magnification of the fitted field or plot (default 1; mouse wheel). */
    private double zoom = 1;
    /** Magnification of the 3D volume (default 1; mouse wheel over it). */
    private double volumeZoom = 1;
    /** Offset of the view centre from the box centre, in box lengths (default 0; mouse drag). */
    private double panX, panY;
    /** Dimension the 3D slice plane is normal to (default 2, z; key A cycles). */
    private int sliceAxis = 2;
    /** Slice position as a fraction of the box along {@link #sliceAxis} (default 0.5; keys [ ]). */
    private double slice = 0.5;
    /** 3D camera azimuth about z and elevation, radians (defaults -0.9 and 0.45; drag). */
    private double yaw = -0.9, pitch = 0.45;
    /** Extra text under the status line, e.g. "paused" (default empty). */
    private String status = "";

    /** What the colours of a 2D field show (default PHASE; key M cycles). */
    private ColorMode colorMode = ColorMode.PHASE;
    /** The colour map of the density and |j| modes (default VIRIDIS). */
    private Colors.ColorMap colorMap = Colors.ColorMap.VIRIDIS;
    /** How the current is drawn when {@link #showCurrent} is on (default STREAMLINES; key J cycles). */
    private CurrentStyle currentStyle = CurrentStyle.STREAMLINES;
    /** Streamlines and arrows coloured by |j| through inferno instead of white (default off). */
    private boolean currentColored;
    /** Each frame scaled to its own maxima instead of the fixed scale (default off). */
    private boolean scalePerFrame;
    /** The density scale (max |psi|^2 of the colours), given or locked at the first frame; NaN: not yet. */
    private double densityScale = Double.NaN;
    /** The current scale (max |j|), given or locked at the first frame with a current; NaN: not yet. */
    private double currentScale = Double.NaN;
    /** The 1D energy axis [lo, hi], locked at the first frame; NaN: not yet. */
    private double energyLo = Double.NaN, energyHi = Double.NaN;
    /** True when {@link #densityScale} was given rather than taken from a frame. */
    private boolean densityGiven;

    /** The observables drawn in the time-series panel, or null (default null: fed by render and view). */
    private TimeSeries series;
    /** The time-series panel under the picture (default off; key T; render --series). */
    private boolean showSeries;

    public TimeSeries series() {
        return series;
    }

    public View series(TimeSeries s) {
        series = s;
        return this;
    }

    public boolean showSeries() {
        return showSeries;
    }

    public View showSeries(boolean on) {
        showSeries = on;
        return this;
    }

    /** What a 2D field's colours show. */
    public enum ColorMode {
        /** Domain colouring: hue = arg psi, brightness = |psi| / sqrt(scale). */
        PHASE,
        /** |psi|^2 / scale through the colour map. */
        DENSITY,
        /** log10 |psi|^2 over {@link Colors#LOG_DECADES} decades below the scale. */
        LOG_DENSITY,
        /** |j| / (current scale) through the colour map. */
        CURRENT;

        /** Parses "phase", "density", "log-density" (or "log") or "current" (or "j"); null otherwise. */
        public static ColorMode parse(String s) {
            return switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "phase" -> PHASE;
                case "density" -> DENSITY;
                case "log-density", "log", "logdensity" -> LOG_DENSITY;
                case "current", "j", "|j|" -> CURRENT;
                default -> null;
            };
        }
    }

    /** How the probability current is drawn over the field. */
    public enum CurrentStyle {
        /** Evenly spaced streamlines of j with direction marks (the default). */
        STREAMLINES,
        /** Arrows on a lattice sized to the picture, length by |j| / (current scale). */
        ARROWS;

        public static CurrentStyle parse(String s) {
            return switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "streamlines", "lines" -> STREAMLINES;
                case "arrows" -> ARROWS;
                default -> null;
            };
        }
    }

    public ColorMode colorMode() {
        return colorMode;
    }

    public View colorMode(ColorMode m) {
        colorMode = java.util.Objects.requireNonNull(m);
        return this;
    }

    public Colors.ColorMap colorMap() {
        return colorMap;
    }

    public View colorMap(Colors.ColorMap m) {
        colorMap = java.util.Objects.requireNonNull(m);
        return this;
    }

    public CurrentStyle currentStyle() {
        return currentStyle;
    }

    public View currentStyle(CurrentStyle c) {
        currentStyle = java.util.Objects.requireNonNull(c);
        return this;
    }

    public boolean currentColored() {
        return currentColored;
    }

    public View currentColored(boolean on) {
        currentColored = on;
        return this;
    }

    public boolean scalePerFrame() {
        return scalePerFrame;
    }

    /** Scale every frame to its own maxima (true) or keep one scale for all frames (false, the default). */
    public View scalePerFrame(boolean on) {
        scalePerFrame = on;
        return this;
    }

    /** Fixes the density scale: colours saturate at |psi|^2 = {@code maxDensity} in every frame. */
    public View densityScale(double maxDensity) {
        if (!(maxDensity > 0) || !Double.isFinite(maxDensity)) {
            throw new IllegalArgumentException("the density scale must be a positive number, got " + maxDensity);
        }
        densityScale = maxDensity;
        densityGiven = true;
        return this;
    }

    /** Forgets the scales taken from frames (a given density scale stays): the next frame sets them again. */
    public View rescale() {
        if (!densityGiven) densityScale = Double.NaN;
        currentScale = Double.NaN;
        energyLo = energyHi = Double.NaN;
        return this;
    }

    /** The density scale for a frame whose largest |psi|^2 is {@code frameMax}; locks it on first use. */
    double densityScaleFor(double frameMax) {
        if (scalePerFrame && !densityGiven) return frameMax;
        if (Double.isNaN(densityScale) && frameMax > 0) densityScale = frameMax;
        return Double.isNaN(densityScale) ? frameMax : densityScale;
    }

    /** The current scale for a frame whose largest |j| is {@code frameMax}; locks it at the first nonzero. */
    double currentScaleFor(double frameMax) {
        if (scalePerFrame) return frameMax;
        if (Double.isNaN(currentScale) && frameMax > 0) currentScale = frameMax;
        return Double.isNaN(currentScale) ? frameMax : currentScale;
    }

    /** The 1D energy axis for a frame wanting {@code [lo, hi]}; locked at the first frame. */
    double[] energyRangeFor(double lo, double hi) {
        if (scalePerFrame) return new double[]{lo, hi};
        if (Double.isNaN(energyLo)) {
            energyLo = lo;
            energyHi = hi;
        }
        return new double[]{energyLo, energyHi};
    }


    public boolean showCurrent() {
        return showCurrent;
    }

    public View showCurrent(boolean on) {
        showCurrent = on;
        return this;
    }

    public boolean showPotential() {
        return showPotential;
    }

    public View showPotential(boolean on) {
        showPotential = on;
        return this;
    }

    public boolean showHud() {
        return showHud;
    }

    public View showHud(boolean on) {
        showHud = on;
        return this;
    }

    public boolean showLegend() {
        return showLegend;
    }

    public View showLegend(boolean on) {
        showLegend = on;
        return this;
    }

    public boolean showHelp() {
        return showHelp;
    }

    public View showHelp(boolean on) {
        showHelp = on;
        return this;
    }

    public double zoom() {
        return zoom;
    }

    /** Sets the zoom, kept within [0.05, 200]. */
    public View zoom(double z) {
        zoom = Math.max(0.05, Math.min(200, z));
        return this;
    }

    public double volumeZoom() {
        return volumeZoom;
    }

    /** Sets the 3D volume's zoom, kept within [0.2, 20]. */
    public View volumeZoom(double z) {
        volumeZoom = Math.max(0.2, Math.min(20, z));
        return this;
    }

    public double panX() {
        return panX;
    }

    public double panY() {
        return panY;
    }

    public View pan(double x, double y) {
        panX = x;
        panY = y;
        return this;
    }

    public int sliceAxis() {
        return sliceAxis;
    }

    public View sliceAxis(int axis) {
        if (axis < 0 || axis > 2) throw new IllegalArgumentException("slice axis must be 0, 1 or 2, got " + axis);
        sliceAxis = axis;
        return this;
    }

    public double slice() {
        return slice;
    }

    /** Sets the slice position as a fraction of the box, wrapped into [0, 1). */
    public View slice(double fraction) {
        slice = fraction - Math.floor(fraction);
        return this;
    }

    public double yaw() {
        return yaw;
    }

    public double pitch() {
        return pitch;
    }

    /** Sets the 3D camera angles; the elevation is kept within +-1.5 rad. */
    public View orbit(double yaw, double pitch) {
        this.yaw = yaw;
        this.pitch = Math.max(-1.5, Math.min(1.5, pitch));
        return this;
    }

    public String status() {
        return status;
    }

    public View status(String s) {
        status = s == null ? "" : s;
        return this;
    }

    /** Back to the fitted view: zoom 1, no pan, default camera; overlays and slice stay. */
    public View resetCamera() {
        zoom = 1;
        volumeZoom = 1;
        panX = panY = 0;
        yaw = -0.9;
        pitch = 0.45;
        return this;
    }
}
