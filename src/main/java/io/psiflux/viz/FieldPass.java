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
    /** Distance between arrow centres on screen, pixels. */
    static final int ARROW_SPACING = 24;
    /** Arrows are drawn only where |psi|^2 exceeds this fraction of the frame's maximum. */
    static final double ARROW_MIN_DENSITY = 0.01;

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
        program.set("u_maxDensity", (float) tex.maxDensity());
        program.set("u_vRange", tex.vMin(), tex.vMax());
        program.set("u_showPotential", view.showPotential());
        program.set("u_hasPhase", tex.hasPhase());
        program.set("u_psi", 0);
        program.set("u_potential", 1);
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_2D, tex.planePsi());
        glActiveTexture(GL_TEXTURE1);
        glBindTexture(GL_TEXTURE_2D, tex.planePotential());
        glActiveTexture(GL_TEXTURE0);
        glBindVertexArray(vao);
        glDrawArrays(GL_TRIANGLE_FAN, 0, 4);
        glBindVertexArray(0);
        glDisable(GL_SCISSOR_TEST);
    }

    /**
     * Current arrows on a coarse screen grid inside the box: each shows j (its in-plane
     * components) at the nearest grid point, length proportional to |j| / max|j| of the frame, and
     * only where the density is at least {@link #ARROW_MIN_DENSITY} of its maximum.
     */
    static int arrows(Overlay o, FieldTextures tex, Plane plane, Mapping m) {
        Snapshot s = tex.snapshot();
        RealField j = s.current();
        if (j == null || !(tex.maxCurrent() > 0) || j.components() <= Math.max(plane.h(), plane.v())) return 0;
        Axis h = plane.hAxis(), v = plane.vAxis();
        double x0 = Math.max(m.px(h.min()), m.region().x()), x1 = Math.min(m.px(h.max()), m.region().x() + m.region().w());
        double y0 = Math.max(m.py(v.max()), m.region().y()), y1 = Math.min(m.py(v.min()), m.region().y() + m.region().h());
        double start = m.px(h.min()), top = m.py(v.max());
        double half = ARROW_SPACING / 2.0, maxLen = 0.9 * ARROW_SPACING;
        int drawn = 0;
        for (double py = top + half + Math.max(0, Math.ceil((y0 - top) / ARROW_SPACING)) * ARROW_SPACING;
             py < y1; py += ARROW_SPACING) {
            int iv = (int) Math.round((m.worldV(py) - v.min()) / v.dx());
            for (double px = start + half + Math.max(0, Math.ceil((x0 - start) / ARROW_SPACING)) * ARROW_SPACING;
                 px < x1; px += ARROW_SPACING) {
                int ih = (int) Math.round((m.worldH(px) - h.min()) / h.dx());
                int p = plane.flat(ih, iv);
                if (tex.density(p) < ARROW_MIN_DENSITY * tex.maxDensity()) continue;
                double jh = j.get(plane.h(), p) / tex.maxCurrent(), jv = j.get(plane.v(), p) / tex.maxCurrent();
                double dx = jh * maxLen, dy = -jv * maxLen; // screen y grows downwards
                if (Math.hypot(dx, dy) < 2) continue;
                o.arrow(px - dx / 2, py - dy / 2, px + dx / 2, py + dy / 2, 3.5, Overlay.argb(0x000000, 0.55));
                o.arrow(px - dx / 2, py - dy / 2, px + dx / 2, py + dy / 2, 1.5, Overlay.argb(0xffffff, 0.9));
                drawn++;
            }
        }
        return drawn;
    }

    /** The box outline with its extent written at the corners and the axis names. */
    static void frame(Overlay o, Plane plane, Mapping m) {
        Axis h = plane.hAxis(), v = plane.vAxis();
        double l = m.px(h.min()), r = m.px(h.max()), t = m.py(v.max()), b = m.py(v.min());
        int grey = Overlay.argb(0x808080, 0.8), text = Overlay.argb(0xb0b0b0, 1);
        o.line(l, t, r, t, 1, grey);
        o.line(l, b, r, b, 1, grey);
        o.line(l, t, l, b, 1, grey);
        o.line(r, t, r, b, 1, grey);
        String hName = AXIS_NAMES[plane.h()], vName = AXIS_NAMES[plane.v()];
        String hMin = Hud.num(h.min()), hMax = Hud.num(h.max()), vMin = Hud.num(v.min()), vMax = Hud.num(v.max());
        o.text(l, b + 3, 1, hMin, text);
        o.text(r - Overlay.textWidth(hMax, 1), b + 3, 1, hMax, text);
        o.text((l + r) / 2 - 3, b + 3, 1, hName, text);
        o.text(l - Overlay.textWidth(vMin, 1) - 3, b - 8, 1, vMin, text);
        o.text(l - Overlay.textWidth(vMax, 1) - 3, t, 1, vMax, text);
        o.text(l - 9, (t + b) / 2 - 4, 1, vName, text);
    }

    @Override
    public void close() {
        program.close();
        glDeleteBuffers(vbo);
        glDeleteVertexArrays(vao);
    }
}
