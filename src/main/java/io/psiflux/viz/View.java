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
