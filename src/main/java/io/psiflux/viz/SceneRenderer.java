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

    /** The box-fitting area of a field panel: room for the status line and axis labels. */
    static Region fieldArea(Region panel) {
        return panel.inset(40, Hud.STATUS_HEIGHT + 18, 14, 26);
    }

    /** The plane shown for the current snapshot: the whole field in 2D, the slice in 3D. */
    Plane plane(View view) {
        Grid g = shown.grid();
        if (g.rank() < 3) return Plane.of2D(g);
        int axis = view.sliceAxis();
        return Plane.normalTo(g, axis, (int) Math.floor(view.slice() * g.n(axis)));
    }

    /** Draws the shown snapshot, or a waiting message before the first. */
    void draw(View view, int width, int height) {
        glViewport(0, 0, width, height);
        glClearColor(((BACKGROUND >> 16) & 0xff) / 255f, ((BACKGROUND >> 8) & 0xff) / 255f,
                (BACKGROUND & 0xff) / 255f, 1f);
        glClear(GL_COLOR_BUFFER_BIT);
        if (shown != null) {
            Region[] panels = panels(shown.grid().rank(), width, height);
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
        Hud.status(overlay, shown, view);
        if (view.showHelp()) Hud.help(overlay, width, height);
        overlay.flush(width, height);
    }

    private void drawPlane(View view, Region panel, int width, int height, List<String> extraNotes) {
        Plane p = plane(view);
        textures.plane(p);
        Region legend = legendBox(p, panel, view);
        FieldPass.Mapping m = mapping(p, panel, view);
        field.draw(textures, p, m, view, width, height);
        glViewport(0, 0, width, height);
        int arrows = view.showCurrent() ? FieldPass.arrows(overlay, textures, p, m) : 0;
        int trails = Trails.draw(overlay, shown.paths(), p, m);
        FieldPass.frame(overlay, p, m);
        // Zoomed in, arrows, outline and labels run past the panel: keep them inside it.
        flushScissored(panel, width, height);
        if (legend != null) {
            List<String> notes = new ArrayList<>(extraNotes);
            if (view.showCurrent() && shown.current() != null) {
                if (arrows > 0) {
                    notes.add("arrows: current j");
                    notes.add("  longest = max|j| = " + Hud.num(textures.maxCurrent()));
                } else {
                    notes.add("current: no arrows here");
                }
            }
            if (trails > 0) notes.add("white trails: " + trails + " Bohmian paths");
            if (view.showPotential() && textures.vMax() > textures.vMin()) {
                notes.add("grey tint: V, " + Hud.num(textures.vMin()) + " .. " + Hud.num(textures.vMax()));
            }
            if (!textures.hasPhase()) notes.add("no psi in this snapshot: grey");
            notes.add("brightness: |psi| / max|psi|");
            notes.add("  max|psi|^2 = " + Hud.num(textures.maxDensity()));
            Hud.legend(overlay, legend, notes, textures.hasPhase());
        }
    }

    /**
     * Where the legend of a field panel goes: beside the box or under it, whichever leaves the box
     * larger; null when the legend is off.
     */
    private static Region legendBox(Plane p, Region panel, View view) {
        if (!view.showLegend()) return null;
        Region area = fieldArea(panel);
        Region beside = area.inset(0, 0, Hud.LEGEND_WIDTH, 0), under = area.inset(0, 0, 0, Hud.LEGEND_HEIGHT);
        if (fitScale(p, beside) >= fitScale(p, under)) {
            return new Region(beside.x() + beside.w() + 12, beside.y(), Hud.LEGEND_WIDTH - 12, beside.h());
        }
        return new Region(under.x(), under.y() + under.h() + 22, under.w(), Hud.LEGEND_HEIGHT - 22);
    }

    /** The world-to-pixel mapping of a field panel, the legend's room taken off. */
    static FieldPass.Mapping mapping(Plane p, Region panel, View view) {
        Region area = fieldArea(panel);
        Region legend = legendBox(p, panel, view);
        if (legend != null) {
            area = legend.y() == area.y() ? area.inset(0, 0, Hud.LEGEND_WIDTH, 0) : area.inset(0, 0, 0, Hud.LEGEND_HEIGHT);
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
        Region[] panels = panels(g.rank(), width, height);
        if (g.rank() == 1) {
            Region area = Plot1D.area(panels[0]);
            view.pan(view.panX() - dx / area.w() / view.zoom(), view.panY());
        } else if (g.rank() == 3 && panels[0].contains(x, y)) {
            view.orbit(view.yaw() - dx * 0.01, view.pitch() + dy * 0.01);
        } else {
            Plane p = plane(view);
            FieldPass.Mapping m = mapping(p, panels[panels.length - 1], view);
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
        Region area = Plot1D.area(panel);
        double maxPotential = 0;
        var v = shown.potential();
        if (v != null) for (int i = 0; i < v.length(); i++) maxPotential = Math.max(maxPotential, Math.abs(v.get(i)));
        Plot1D.curves(overlay, textures, view, area, maxPotential);
        flushScissored(area, width, height);
        Plot1D.axes(overlay, textures, view, area, maxPotential);
    }

    @Override
    public void close() {
        overlay.close();
        volume.close();
        field.close();
        textures.close();
    }
}
