package io.psiflux.viz;

import io.psiflux.grid.Grid;
import io.psiflux.sim.Snapshot;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.lwjgl.opengl.GL33C.*;

/**
 * Draws one snapshot into the bound framebuffer: the picture both the headless renderer and the
 * viewer show. 1D: line plots; 2D: the domain-coloured field with current arrows; 3D: the volume
 * on the left and the slice plane, drawn like a 2D field, on the right. The choice by rank is
 * made here and nowhere else.
 *
 * <p>Needs a current OpenGL 3.3 context for its whole life; not thread-safe.
 */
final class SceneRenderer implements AutoCloseable {
    /** Clear colour outside the box, 0xRRGGBB; inside, psi = 0 is pure black. */
    static final int BACKGROUND = 0x06060a;

    private final FieldTextures textures = new FieldTextures();
    private final FieldPass field = new FieldPass();
    private final VolumePass volume = new VolumePass();
    private final Overlay overlay = new Overlay();
    private Snapshot shown;
    /** Drawn over 2D fields and 3D slices after the current (e.g. trajectory trails), or null. */
    private PlaneOverlay trails;

    /** Sets what is drawn over the field after the current (null for nothing). */
    void planeOverlay(PlaneOverlay o) {
        trails = o;
    }

    /** Uploads {@code s} unless it is the snapshot already shown (compared by identity). */
    void show(Snapshot s) {
        if (s == null || s == shown) return;
        int rank = s.grid().rank();
        if (rank < 1 || rank > 3) throw new IllegalArgumentException("cannot draw a grid of rank " + rank);
        textures.setSnapshot(s);
        shown = s;
    }

    Snapshot shown() {
        return shown;
    }

    /**
     * Screen panels for a grid of {@code rank} in a {@code width x height} framebuffer: one for
     * 1D and 2D, two for 3D (the volume, then the slice).
     */
    static Region[] panels(int rank, int width, int height) {
        if (rank < 3) return new Region[]{new Region(0, 0, width, height)};
        int half = width / 2;
        return new Region[]{new Region(0, 0, half, height), new Region(half, 0, width - half, height)};
    }

    /**
     * The box-fitting area of a field panel in a {@code width x height} picture: room for the
     * status line, the axis labels and the least legend column.
     */
    static Region fieldArea(Region panel, int width, int height) {
        int u = Hud.unit(width, height);
        return panel.inset(Overlay.textWidth("-00.0", u) + 8 * u, Hud.statusHeight(width, height) + 4 * u,
                6 * u, Overlay.textHeight(u) + 8 * u);
    }

    /** Height of the picture above the time-series panel: all of it when the panel is off. */
    static int contentHeight(View view, int width, int height) {
        if (!view.showSeries() || view.series() == null) return height;
        int u = Hud.unit(width, height);
        return height - Math.max(70 * u, height / 4);
    }

    /** The plane shown for the current snapshot: the whole field in 2D, the slice in 3D. */
    Plane plane(View view) {
        Grid g = shown.grid();
        if (g.rank() < 3) return Plane.of2D(g);
        int axis = view.sliceAxis();
        return Plane.normalTo(g, axis, (int) Math.floor(view.slice() * g.n(axis)));
    }

    /** Bounds of the texts of the last {@link #draw}. */
    List<double[]> textBoxes() {
        return overlay.textBoxes();
    }

    /** The streamlines {@link #draw} would trace on the shown snapshot's field plane. */
    List<Streamlines.Line> streamlines(View view, int width, int height) {
        Plane p = plane(view);
        textures.plane(p);
        Region[] panels = panels(shown.grid().rank(), width, height);
        FieldPass.Mapping m = mapping(p, panels[panels.length - 1], view, width, height);
        return Streamlines.trace(textures, p, m, view.currentScaleFor(textures.maxCurrent()), Hud.unit(width, height));
    }

    /** Draws the shown snapshot, or a waiting message before the first. */
    void draw(View view, int width, int height) {
        glViewport(0, 0, width, height);
        glClearColor(((BACKGROUND >> 16) & 0xff) / 255f, ((BACKGROUND >> 8) & 0xff) / 255f,
                (BACKGROUND & 0xff) / 255f, 1f);
        glClear(GL_COLOR_BUFFER_BIT);
        overlay.clearTextBoxes();
        int contentH = contentHeight(view, width, height);
        if (shown != null) {
            Region[] panels = panels(shown.grid().rank(), width, contentH);
            switch (shown.grid().rank()) {
                case 1 -> draw1D(view, panels[0], width, height);
                case 2 -> drawPlane(view, panels[0], width, height, List.of());
                default -> {
                    Plane p = plane(view);
                    volume.draw(textures, p, view, panels[0], height);
                    glViewport(0, 0, width, height);
                    VolumePass.wireframe(overlay, shown.grid(), p, view, panels[0]);
                    flushScissored(panels[0], width, height);
                    overlay.line(panels[1].x(), 0, panels[1].x(), height, 1, Overlay.argb(0x404040, 1));
                    String where = String.format("slice %s = %s (%d of %d)", FieldPass.AXIS_NAMES[p.fixed()],
                            Hud.num(p.position()), p.index() + 1, p.grid().n(p.fixed()));
                    drawPlane(view, panels[1], width, height, List.of(where));
                }
            }
        }
        overlay.flush(width, height);
        if (contentH < height) view.series().draw(overlay, new Region(0, contentH, width, height - contentH), Hud.unit(width, height));
        Hud.status(overlay, shown, view, width, height);
        if (view.showHelp()) Hud.help(overlay, width, height);
        overlay.flush(width, height);
    }

    private void drawPlane(View view, Region panel, int width, int height, List<String> extraNotes) {
        Plane p = plane(view);
        textures.plane(p);
        int u = Hud.unit(width, height);
        FieldPass.Mapping m = mapping(p, panel, view, width, height);
        field.draw(textures, p, m, view, width, height);
        glViewport(0, 0, width, height);
        double jScale = view.currentScaleFor(textures.maxCurrent());
        int marks = 0;
        boolean lines = view.currentStyle() == View.CurrentStyle.STREAMLINES;
        if (view.showCurrent()) {
            marks = lines ? Streamlines.draw(overlay, textures, p, m, jScale, view.currentColored(), u)
                    : FieldPass.arrows(overlay, textures, p, m, jScale, view.currentColored(), u);
        }
        int paths = Trails.draw(overlay, shown.paths(), p, m);
        if (trails != null) trails.draw(overlay, shown, p, m, u);
        FieldPass.frame(overlay, p, m, u);
        // Zoomed in, arrows, outline and labels run past the panel: keep them inside it.
        flushScissored(panel, width, height);
        Region legend = legendBox(p, panel, view, width, height);
        if (legend != null) {
            List<String> notes = new ArrayList<>(extraNotes);
            if (paths > 0) notes.add("white trails: " + paths + " Bohmian paths");
            legend(view, legend, u, jScale, marks, lines, notes);
        }
    }

    /** The legend column or row: colour key with numbers, then the current's key, then notes. */
    private void legend(View view, Region box, int u, double jScale, int marks, boolean lines, List<String> extraNotes) {
        double dScale = view.densityScaleFor(textures.maxDensity());
        Colors.ColorMap map = view.colorMap();
        int used = 0, gap = 8 * u, th = Overlay.textHeight(u);
        boolean column = box.h() >= box.w();
        View.ColorMode mode = textures.hasPhase() || view.colorMode() != View.ColorMode.PHASE ? view.colorMode() : null;
        if (mode == View.ColorMode.PHASE) {
            double radius = Math.min(34 * u, (Math.min(box.w(), box.h() / 2.0) - 8 * u) / 2);
            if (radius >= 12 * u) {
                Hud.colorWheel(overlay, box.x() + radius + 4 * u, box.y() + radius + th + 6 * u, radius, u);
                used = (int) (2 * radius + th + 10 * u) + gap;
            }
        }
        Region rest = column ? new Region(box.x(), box.y() + used, box.w(), box.h() - used)
                : new Region(box.x() + used, box.y(), box.w() - used, box.h());
        int barH;
        if (mode == null || mode == View.ColorMode.PHASE) {
            barH = Hud.colorBar(overlay, rest, u, "|psi|^2", t -> Colors.hsv(0, 0, t),
                    Hud.ticks(dScale, r -> Math.sqrt(r)));
        } else if (mode == View.ColorMode.DENSITY) {
            barH = Hud.colorBar(overlay, rest, u, "|psi|^2", map::at, Hud.ticks(dScale, r -> r));
        } else if (mode == View.ColorMode.LOG_DENSITY) {
            barH = Hud.colorBar(overlay, rest, u, "log |psi|^2", map::at, Hud.logTicks(dScale));
        } else {
            barH = Hud.colorBar(overlay, rest, u, "|j|", map::at, Hud.ticks(jScale, r -> r));
        }
        if (barH > 0) barH += gap;
        rest = column ? new Region(rest.x(), rest.y() + barH, rest.w(), rest.h() - barH)
                : new Region(rest.x() + (barH > 0 ? 18 * u + Overlay.textWidth("0.0000", u) : 0), rest.y(),
                        rest.w() - (barH > 0 ? 18 * u + Overlay.textWidth("0.0000", u) : 0), rest.h());
        List<String> notes = new ArrayList<>();
        if (view.showCurrent() && shown.current() != null) {
            if (marks == 0) {
                notes.add("j: none drawn here");
            } else if (lines) {
                notes.add("lines: current j");
                notes.add("bright: large |j|");
            } else {
                int keyH = FieldPass.arrowKey(overlay, rest, u, jScale);
                rest = new Region(rest.x(), rest.y() + keyH, rest.w(), Math.max(1, rest.h() - keyH));
            }
            if (marks > 0) notes.add("|j| scale " + Hud.num(jScale));
        }
        if (view.showPotential() && textures.vMax() > textures.vMin()) {
            notes.add("lines: V contours");
            notes.add("  every " + Hud.num((textures.vMax() - textures.vMin()) / FieldPass.CONTOURS));
        }
        notes.addAll(extraNotes);
        if (!textures.hasPhase()) notes.add("no psi: grey");
        notes.add(view.scalePerFrame() ? "scale: each frame" : "scale: fixed");
        Hud.notes(overlay, rest, u, notes);
    }

    /**
     * Where the legend of a field panel goes: beside the box or under it, whichever leaves the box
     * larger, taking all the room the box leaves; null when the legend is off.
     */
    private static Region legendBox(Plane p, Region panel, View view, int width, int height) {
        if (!view.showLegend()) return null;
        int u = Hud.unit(width, height);
        Region area = fieldArea(panel, width, height);
        Region beside = area.inset(0, 0, Hud.LEGEND_WIDTH * u, 0), under = area.inset(0, 0, 0, Hud.LEGEND_HEIGHT * u);
        int gap = 10 * u;
        if (fitScale(p, beside) >= fitScale(p, under)) {
            double right = beside.x() + beside.w() / 2.0 + fitScale(p, beside) * p.hAxis().length() / 2;
            int x = (int) Math.ceil(right) + gap;
            return new Region(x, area.y(), panel.x() + panel.w() - 4 * u - x, area.h());
        }
        double bottom = under.y() + under.h() / 2.0 + fitScale(p, under) * p.vAxis().length() / 2;
        int y = (int) Math.ceil(bottom) + Overlay.textHeight(u) + gap;
        return new Region(area.x(), y, area.w(), panel.y() + panel.h() - 4 * u - y);
    }

    /** The world-to-pixel mapping of a field panel in a {@code width x height} picture, the legend's room taken off. */
    static FieldPass.Mapping mapping(Plane p, Region panel, View view, int width, int height) {
        Region area = fieldArea(panel, width, height);
        if (view.showLegend()) {
            int u = Hud.unit(width, height);
            Region beside = area.inset(0, 0, Hud.LEGEND_WIDTH * u, 0), under = area.inset(0, 0, 0, Hud.LEGEND_HEIGHT * u);
            area = fitScale(p, beside) >= fitScale(p, under) ? beside : under;
        }
        return FieldPass.Mapping.fit(p, panel, area, view);
    }

    /**
     * Applies a mouse drag of (dx, dy) pixels that started at (x, y) in a {@code width x height}
     * framebuffer: turns the 3D volume, pans a field or a 1D plot so the picture follows the
     * pointer.
     */
    void drag(View view, double x, double y, double dx, double dy, int width, int height) {
        if (shown == null) return;
        Grid g = shown.grid();
        Region[] panels = panels(g.rank(), width, contentHeight(view, width, height));
        if (g.rank() == 1) {
            Region area = Plot1D.area(panels[0], width, height);
            view.pan(view.panX() - dx / area.w() / view.zoom(), view.panY());
        } else if (g.rank() == 3 && panels[0].contains(x, y)) {
            view.orbit(view.yaw() - dx * 0.01, view.pitch() + dy * 0.01);
        } else {
            Plane p = plane(view);
            FieldPass.Mapping m = mapping(p, panels[panels.length - 1], view, width, height);
            view.pan(view.panX() - dx / (m.scale() * p.hAxis().length()),
                    view.panY() + dy / (m.scale() * p.vAxis().length()));
        }
    }

    /**
     * Applies {@code clicks} of the mouse wheel at (x, y): zooms the 3D volume when the pointer is
     * over it, the field or plot otherwise.
     */
    void scroll(View view, double x, double y, double clicks, int width, int height) {
        double factor = Math.pow(1.15, clicks);
        if (shown != null && shown.grid().rank() == 3 && panels(3, width, height)[0].contains(x, y)) {
            view.volumeZoom(view.volumeZoom() * factor);
        } else {
            view.zoom(view.zoom() * factor);
        }
    }

    /** Reads the bound framebuffer into an RGB image, using {@code buffer} (w * h * 4 bytes). */
    static BufferedImage read(ByteBuffer buffer, int width, int height) {
        buffer.clear();
        glPixelStorei(GL_PACK_ALIGNMENT, 4);
        // BGRA as 8_8_8_8_REV is 0xAARRGGBB per int: the layout of TYPE_INT_RGB, which ignores A.
        glReadPixels(0, 0, width, height, GL_BGRA, GL_UNSIGNED_INT_8_8_8_8_REV, buffer);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] dst = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        IntBuffer src = buffer.order(ByteOrder.nativeOrder()).asIntBuffer();
        for (int y = 0; y < height; y++) {
            src.position((height - 1 - y) * width); // GL rows run bottom to top
            src.get(dst, y * width, width);
        }
        return img;
    }

    private static double fitScale(Plane p, Region area) {
        return Math.min(area.w() / p.hAxis().length(), area.h() / p.vAxis().length());
    }

    private void flushScissored(Region r, int width, int height) {
        glEnable(GL_SCISSOR_TEST);
        r.scissor(height);
        overlay.flush(width, height);
        glDisable(GL_SCISSOR_TEST);
    }

    private void draw1D(View view, Region panel, int width, int height) {
        int u = Hud.unit(width, height);
        Region area = Plot1D.area(panel, width, height), upper = Plot1D.upper(area, u), lower = Plot1D.lower(area, u);
        Plot1D.Scales sc = Plot1D.Scales.of(textures, view);
        Plot1D.curves(overlay, textures, view, upper, lower, sc, u, true);
        flushScissored(upper, width, height);
        Plot1D.curves(overlay, textures, view, upper, lower, sc, u, false);
        flushScissored(lower, width, height);
        Plot1D.axes(overlay, textures, view, upper, lower, sc, u);
    }

    @Override
    public void close() {
        overlay.close();
        volume.close();
        field.close();
        textures.close();
    }
}
