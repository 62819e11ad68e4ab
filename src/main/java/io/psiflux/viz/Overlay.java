package io.psiflux.viz;

import org.lwjgl.system.MemoryUtil;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

import static org.lwjgl.opengl.GL33C.*;

/**
 * A batch of 2D triangles in pixel coordinates (origin top left, y down): lines as thin quads,
 * boxes, vertex-coloured fans and text from {@link Font5x7}. Everything is collected on the CPU
 * and drawn in one call by {@link #flush}; lines are quads so widths above one pixel work in a
 * core profile.
 *
 * <p>Colours are packed {@code 0xAARRGGBB}; use {@link #argb(int, double)} to add an alpha.
 */
final class Overlay implements AutoCloseable {
    private static final int FLOATS_PER_VERTEX = 8; // x, y, u, v, r, g, b, a
    private static final float SOLID_U, SOLID_V;

    static {
        int g = Font5x7.LAST - Font5x7.FIRST;
        SOLID_U = ((g % Font5x7.COLUMNS) * Font5x7.CELL_W + Font5x7.CELL_W / 2f) / Font5x7.ATLAS_W;
        SOLID_V = ((g / Font5x7.COLUMNS) * Font5x7.CELL_H + Font5x7.CELL_H / 2f) / Font5x7.ATLAS_H;
    }

    private final ShaderProgram program;
    private final int vao, vbo, atlas;
    private FloatBuffer data;
    private int vboCapacity;

    Overlay() {
        program = new ShaderProgram("overlay.vert", "overlay.frag");
        data = MemoryUtil.memAllocFloat(FLOATS_PER_VERTEX * 6 * 4096);
        vao = glGenVertexArrays();
        vbo = glGenBuffers();
        glBindVertexArray(vao);
        glBindBuffer(GL_ARRAY_BUFFER, vbo);
        int stride = FLOATS_PER_VERTEX * Float.BYTES;
        glVertexAttribPointer(0, 2, GL_FLOAT, false, stride, 0);
        glVertexAttribPointer(1, 2, GL_FLOAT, false, stride, 2L * Float.BYTES);
        glVertexAttribPointer(2, 4, GL_FLOAT, false, stride, 4L * Float.BYTES);
        glEnableVertexAttribArray(0);
        glEnableVertexAttribArray(1);
        glEnableVertexAttribArray(2);
        glBindVertexArray(0);

        atlas = glGenTextures();
        glBindTexture(GL_TEXTURE_2D, atlas);
        byte[] pixels = Font5x7.atlas();
        ByteBuffer buf = MemoryUtil.memAlloc(pixels.length);
        buf.put(pixels).flip();
        glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, Font5x7.ATLAS_W, Font5x7.ATLAS_H, 0, GL_RED, GL_UNSIGNED_BYTE, buf);
        MemoryUtil.memFree(buf);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    }

    /** {@code rgb} (0xRRGGBB) with an alpha in [0, 1]. */
    static int argb(int rgb, double alpha) {
        int a = (int) Math.round(255 * Math.min(1, Math.max(0, alpha)));
        return (a << 24) | (rgb & 0xffffff);
    }

    /** Width in pixels of {@code s} drawn at {@code scale}. */
    static int textWidth(String s, int scale) {
        return s.length() * Font5x7.CELL_W * scale;
    }

    /** Height in pixels of one line of text at {@code scale}. */
    static int textHeight(int scale) {
        return Font5x7.CELL_H * scale;
    }

    private void vertex(double x, double y, float u, float v, int argb) {
        if (data.remaining() < FLOATS_PER_VERTEX) {
            data = MemoryUtil.memRealloc(data, data.capacity() * 2);
        }
        data.put((float) x).put((float) y).put(u).put(v)
            .put(((argb >> 16) & 0xff) / 255f).put(((argb >> 8) & 0xff) / 255f)
            .put((argb & 0xff) / 255f).put(((argb >>> 24) & 0xff) / 255f);
    }

    /** A triangle with one colour per corner (Gouraud-shaded). */
    void triangle(double x0, double y0, int c0, double x1, double y1, int c1, double x2, double y2, int c2) {
        vertex(x0, y0, SOLID_U, SOLID_V, c0);
        vertex(x1, y1, SOLID_U, SOLID_V, c1);
        vertex(x2, y2, SOLID_U, SOLID_V, c2);
    }

    /** A quad given by four corners in order around it, one colour per corner. */
    void quad(double x0, double y0, int c0, double x1, double y1, int c1,
              double x2, double y2, int c2, double x3, double y3, int c3) {
        triangle(x0, y0, c0, x1, y1, c1, x2, y2, c2);
        triangle(x0, y0, c0, x2, y2, c2, x3, y3, c3);
    }

    void rect(double x, double y, double w, double h, int argb) {
        quad(x, y, argb, x + w, y, argb, x + w, y + h, argb, x, y + h, argb);
    }

    /** The outline of a rectangle, {@code width} pixels thick, inside its bounds. */
    void frame(double x, double y, double w, double h, double width, int argb) {
        rect(x, y, w, width, argb);
        rect(x, y + h - width, w, width, argb);
        rect(x, y + width, width, h - 2 * width, argb);
        rect(x + w - width, y + width, width, h - 2 * width, argb);
    }

    /** A segment {@code width} pixels wide with square, unextended ends. */
    void line(double x0, double y0, double x1, double y1, double width, int argb) {
        double dx = x1 - x0, dy = y1 - y0, len = Math.hypot(dx, dy);
        if (len == 0) return;
        double nx = -dy / len * width / 2, ny = dx / len * width / 2;
        quad(x0 + nx, y0 + ny, argb, x1 + nx, y1 + ny, argb, x1 - nx, y1 - ny, argb, x0 - nx, y0 - ny, argb);
    }

    /** An arrow from (x0, y0) to (x1, y1) with a head proportional to its length. */
    void arrow(double x0, double y0, double x1, double y1, double width, int argb) {
        double dx = x1 - x0, dy = y1 - y0, len = Math.hypot(dx, dy);
        if (len < 1) return;
        double head = Math.min(Math.max(0.35 * len, 3 * width), len);
        double ux = dx / len, uy = dy / len;
        double bx = x1 - ux * head, by = y1 - uy * head;
        double hw = head * 0.5;
        line(x0, y0, bx, by, width, argb);
        triangle(x1, y1, argb, bx - uy * hw, by + ux * hw, argb, bx + uy * hw, by - ux * hw, argb);
    }

    /**
     * Text with its top-left corner at (x, y); each font pixel becomes {@code scale x scale} screen
     * pixels. Returns the width drawn.
     */
    /** Bounds {x, y, w, h} of every text drawn since {@link #clearTextBoxes}: tests check they lie in the picture. */
    private final java.util.List<double[]> textBoxes = new java.util.ArrayList<>();

    void clearTextBoxes() {
        textBoxes.clear();
    }

    java.util.List<double[]> textBoxes() {
        return java.util.List.copyOf(textBoxes);
    }

    int text(double x, double y, int scale, String s, int argb) {
        if (!s.isEmpty()) textBoxes.add(new double[]{x, y, textWidth(s, scale) - scale, textHeight(scale) - scale});
        float cw = (float) Font5x7.CELL_W / Font5x7.ATLAS_W, ch = (float) Font5x7.CELL_H / Font5x7.ATLAS_H;
        double w = Font5x7.CELL_W * scale, h = Font5x7.CELL_H * scale;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ') continue;
            int g = Font5x7.glyph(c) - Font5x7.FIRST;
            float u0 = (g % Font5x7.COLUMNS) * cw, v0 = (g / Font5x7.COLUMNS) * ch;
            double gx = x + i * w;
            vertex(gx, y, u0, v0, argb);
            vertex(gx + w, y, u0 + cw, v0, argb);
            vertex(gx + w, y + h, u0 + cw, v0 + ch, argb);
            vertex(gx, y, u0, v0, argb);
            vertex(gx + w, y + h, u0 + cw, v0 + ch, argb);
            vertex(gx, y + h, u0, v0 + ch, argb);
        }
        return textWidth(s, scale);
    }

    /** Text on a translucent dark box with {@code pad} pixels around it; returns the box height. */
    int label(double x, double y, int scale, String s, int argb, int pad) {
        int h = textHeight(scale) + 2 * pad - scale;
        rect(x, y, textWidth(s, scale) + 2 * pad - scale, h, argb(0x000000, 0.6));
        text(x + pad, y + pad, scale, s, argb);
        return h;
    }

    /** Draws everything collected since the last flush into a {@code width x height} framebuffer. */
    void flush(int width, int height) {
        int floats = data.position();
        if (floats == 0) return;
        data.flip();
        glBindBuffer(GL_ARRAY_BUFFER, vbo);
        if (floats > vboCapacity) {
            vboCapacity = Math.max(floats, 2 * vboCapacity);
            glBufferData(GL_ARRAY_BUFFER, (long) vboCapacity * Float.BYTES, GL_STREAM_DRAW);
        }
        glBufferSubData(GL_ARRAY_BUFFER, 0, data);
        program.use();
        program.set("u_viewport", width, height);
        program.set("u_atlas", 0);
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_2D, atlas);
        glEnable(GL_BLEND);
        glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
        glBindVertexArray(vao);
        glDrawArrays(GL_TRIANGLES, 0, floats / FLOATS_PER_VERTEX);
        glBindVertexArray(0);
        glDisable(GL_BLEND);
        data.clear();
    }

    @Override
    public void close() {
        program.close();
        glDeleteBuffers(vbo);
        glDeleteVertexArrays(vao);
        glDeleteTextures(atlas);
        MemoryUtil.memFree(data);
    }
}
