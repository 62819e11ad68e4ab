package io.psiflux.viz;

import io.psiflux.field.RealField;
import io.psiflux.grid.Axis;
import io.psiflux.sim.Snapshot;
import org.lwjgl.system.MemoryStack;

import java.nio.FloatBuffer;

import static org.lwjgl.opengl.GL33C.*;

/**
 * A {@link Plane} of the field in a region: domain colouring with the potential tint (on the GPU,
 * {@code field2d.*}), the probability current as arrows, the box outline and axis labels.
 */
final class FieldPass implements AutoCloseable {
    /** Least distance between arrow centres on screen, in size units ({@link Hud#unit}). */
    static final int ARROW_SPACING = 18;
    /** About how many arrows span the larger side of the box. */
    static final int ARROWS_ACROSS = 28;
    /** Arrows are drawn only where |psi|^2 exceeds this fraction of the frame's maximum. */
    static final double ARROW_MIN_DENSITY = 0.01;

    /** Contour levels of V drawn over the field, at (k + 1/2) / CONTOURS of its range. */
    static final int CONTOURS = 8;

    static final String[] AXIS_NAMES = {"x", "y", "z"};

    private final ShaderProgram program = new ShaderProgram("field2d.vert", "field2d.frag");
    private final int vao = glGenVertexArrays(), vbo = glGenBuffers();

    FieldPass() {
        glBindVertexArray(vao);
        glBindBuffer(GL_ARRAY_BUFFER, vbo);
        glBufferData(GL_ARRAY_BUFFER, 8L * Float.BYTES, GL_DYNAMIC_DRAW);
        glVertexAttribPointer(0, 2, GL_FLOAT, false, 2 * Float.BYTES, 0);
        glEnableVertexAttribArray(0);
        glBindVertexArray(0);
    }

    /**
     * World-to-pixel mapping of a plane in a region: the box fitted with margins, then zoomed about
     * and panned from its centre. Horizontal world coordinates grow to the right, vertical ones up.
     *
     * @param centreH world coordinate at the centre of {@code area}, horizontal
     * @param centreV world coordinate at the centre of {@code area}, vertical
     * @param scale   pixels per world unit
     */
    record Mapping(Region region, Region area, double centreH, double centreV, double scale) {

        static Mapping fit(Plane p, Region region, Region area, View view) {
            Axis h = p.hAxis(), v = p.vAxis();
            double scale = Math.min(area.w() / h.length(), area.h() / v.length()) * view.zoom();
            return new Mapping(region, area, h.min() + h.length() * (0.5 + view.panX()),
                    v.min() + v.length() * (0.5 + view.panY()), scale);
        }

        double px(double worldH) {
            return area.x() + area.w() / 2.0 + (worldH - centreH) * scale;
        }

        double py(double worldV) {
            return area.y() + area.h() / 2.0 - (worldV - centreV) * scale;
        }

        double worldH(double px) {
            return centreH + (px - area.x() - area.w() / 2.0) / scale;
        }

        double worldV(double py) {
            return centreV - (py - area.y() - area.h() / 2.0) / scale;
        }
    }

    /** Draws the domain-coloured plane; the textures must hold {@code plane} already. */
    void draw(FieldTextures tex, Plane plane, Mapping m, View view, int fbWidth, int fbHeight) {
        Axis h = plane.hAxis(), v = plane.vAxis();
        glEnable(GL_SCISSOR_TEST);
        m.region().scissor(fbHeight);
        try (MemoryStack s = MemoryStack.stackPush()) {
            FloatBuffer quad = s.floats((float) h.min(), (float) v.min(), (float) h.max(), (float) v.min(),
                    (float) h.max(), (float) v.max(), (float) h.min(), (float) v.max());
            glBindBuffer(GL_ARRAY_BUFFER, vbo);
            glBufferSubData(GL_ARRAY_BUFFER, 0, quad);
        }
        program.use();
        // ndc = world * a + b, from px(), py() and the framebuffer size.
        double ax = 2 * m.scale() / fbWidth, ay = 2 * m.scale() / fbHeight;
        double bx = 2 * m.px(0) / fbWidth - 1, by = 1 - 2 * m.py(0) / fbHeight;
        program.set("u_toNdc", ax, ay, bx, by);
        program.set("u_min", h.min(), v.min());
        program.set("u_length", h.length(), v.length());
        program.set("u_n", h.n(), v.n());
        program.set("u_mode", view.colorMode().ordinal());
        program.set("u_colorMap", view.colorMap().ordinal());
        program.set("u_maxDensity", (float) view.densityScaleFor(tex.maxDensity()));
        program.set("u_currentScale", (float) view.currentScaleFor(tex.maxCurrent()));
        program.set("u_vRange", tex.vMin(), tex.vMax());
        program.set("u_showPotential", view.showPotential());
        program.set("u_contours", (float) CONTOURS);
        program.set("u_hasPhase", tex.hasPhase());
        program.set("u_psi", 0);
        program.set("u_potential", 1);
        program.set("u_current", 2);
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_2D, tex.planePsi());
        glActiveTexture(GL_TEXTURE1);
        glBindTexture(GL_TEXTURE_2D, tex.planePotential());
        glActiveTexture(GL_TEXTURE2);
        glBindTexture(GL_TEXTURE_2D, tex.planeCurrent());
        glActiveTexture(GL_TEXTURE0);
        glBindVertexArray(vao);
        glDrawArrays(GL_TRIANGLE_FAN, 0, 4);
        glBindVertexArray(0);
        glDisable(GL_SCISSOR_TEST);
    }

    /**
     * Current arrows on a screen lattice sized to the box (about {@value #ARROWS_ACROSS} across,
     * never closer than {@value #ARROW_SPACING} units): each shows j (its in-plane components) at
     * the nearest grid point, length {@code |j| / scale} times the spacing (longer ones clipped
     * to it), white or coloured by |j| through inferno, and only where the density is at least
     * {@link #ARROW_MIN_DENSITY} of the frame's maximum. Returns how many were drawn.
     */
    static int arrows(Overlay o, FieldTextures tex, Plane plane, Mapping m, double scale, boolean colored, int u) {
        Snapshot s = tex.snapshot();
        RealField j = s.current();
        if (j == null || !(scale > 0) || j.components() <= Math.max(plane.h(), plane.v())) return 0;
        Axis h = plane.hAxis(), v = plane.vAxis();
        double spacing = arrowSpacing(plane, m, u);
        double x0 = Math.max(m.px(h.min()), m.region().x()), x1 = Math.min(m.px(h.max()), m.region().x() + m.region().w());
        double y0 = Math.max(m.py(v.max()), m.region().y()), y1 = Math.min(m.py(v.min()), m.region().y() + m.region().h());
        double start = m.px(h.min()), top = m.py(v.max());
        double half = spacing / 2.0, maxLen = 0.95 * spacing;
        int drawn = 0;
        for (double py = top + half + Math.max(0, Math.ceil((y0 - top) / spacing)) * spacing; py < y1; py += spacing) {
            int iv = (int) Math.round((m.worldV(py) - v.min()) / v.dx());
            for (double px = start + half + Math.max(0, Math.ceil((x0 - start) / spacing)) * spacing; px < x1; px += spacing) {
                int ih = (int) Math.round((m.worldH(px) - h.min()) / h.dx());
                int p = plane.flat(ih, iv);
                if (tex.density(p) < ARROW_MIN_DENSITY * tex.maxDensity()) continue;
                double jh = j.get(plane.h(), p) / scale, jv = j.get(plane.v(), p) / scale;
                double len = Math.hypot(jh, jv);
                if (len * maxLen < 2 * u) continue;
                double clip = Math.min(1, 1 / len);
                double dx = jh * clip * maxLen, dy = -jv * clip * maxLen; // screen y grows downwards
                int c = colored ? Colors.ColorMap.INFERNO.at(0.25 + 0.75 * Math.min(1, len)) : 0xffffff;
                o.arrow(px - dx / 2, py - dy / 2, px + dx / 2, py + dy / 2, 3.5 * u, Overlay.argb(0x000000, 0.55));
                o.arrow(px - dx / 2, py - dy / 2, px + dx / 2, py + dy / 2, 1.5 * u, Overlay.argb(c, 0.95));
                drawn++;
            }
        }
        return drawn;
    }

    /** Pixels between arrow centres: the box's larger side over {@value #ARROWS_ACROSS}, at least {@value #ARROW_SPACING} units. */
    static double arrowSpacing(Plane plane, Mapping m, int u) {
        double side = Math.max(plane.hAxis().length(), plane.vAxis().length()) * m.scale();
        return Math.max(ARROW_SPACING * u, side / ARROWS_ACROSS);
    }

    /** The arrows' key in {@code box}: an arrow of half the longest length labelled with its |j|; the height used. */
    static int arrowKey(Overlay o, Region box, int u, double scale) {
        int th = Overlay.textHeight(u);
        String l = "= |j| " + Hud.num(scale / 2);
        double len = ARROW_SPACING * u * 0.95;
        if (len / 2 + 6 * u + Overlay.textWidth(l, u) > box.w() || box.h() < 3 * th) return 0;
        o.text(box.x(), box.y(), u, "arrows: j", Hud.TEXT);
        double y = box.y() + th + 6 * u;
        o.rect(box.x(), y - 5 * u, len / 2 + 10 * u + Overlay.textWidth(l, u), th + 4 * u, Overlay.argb(0x000000, 0.6));
        o.arrow(box.x() + 2 * u, y, box.x() + 2 * u + len / 2, y, 1.5 * u, Overlay.argb(0xffffff, 0.95));
        o.text(box.x() + len / 2 + 6 * u, y - th / 2.0, u, l, Hud.DIM);
        return 2 * th + 12 * u;
    }

    /** The box outline with its extent written at the corners and the axis names, text at scale {@code u}. */
    static void frame(Overlay o, Plane plane, Mapping m, int u) {
        Axis h = plane.hAxis(), v = plane.vAxis();
        double l = m.px(h.min()), r = m.px(h.max()), t = m.py(v.max()), b = m.py(v.min());
        int grey = Overlay.argb(0x808080, 0.8), text = Overlay.argb(0xb0b0b0, 1);
        int th = Overlay.textHeight(u);
        o.line(l, t, r, t, u, grey);
        o.line(l, b, r, b, u, grey);
        o.line(l, t, l, b, u, grey);
        o.line(r, t, r, b, u, grey);
        String hName = AXIS_NAMES[plane.h()], vName = AXIS_NAMES[plane.v()];
        String hMin = Hud.num(h.min()), hMax = Hud.num(h.max()), vMin = Hud.num(v.min()), vMax = Hud.num(v.max());
        o.text(l, b + 3 * u, u, hMin, text);
        o.text(r - Overlay.textWidth(hMax, u), b + 3 * u, u, hMax, text);
        o.text((l + r) / 2 - 3 * u, b + 3 * u, u, hName, text);
        o.text(l - Overlay.textWidth(vMin, u) - 3 * u, b - th, u, vMin, text);
        o.text(l - Overlay.textWidth(vMax, u) - 3 * u, t, u, vMax, text);
        o.text(l - Overlay.textWidth(vName, u) - 3 * u, (t + b) / 2 - th / 2.0, u, vName, text);
    }

    @Override
    public void close() {
        program.close();
        glDeleteBuffers(vbo);
        glDeleteVertexArrays(vao);
    }
}
