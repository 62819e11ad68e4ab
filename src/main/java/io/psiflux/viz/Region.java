package io.psiflux.viz;

/** A rectangle of the framebuffer in pixels, origin top left, y down. */
record Region(int x, int y, int w, int h) {

    boolean contains(double px, double py) {
        return px >= x && px < x + w && py >= y && py < y + h;
    }

    /** Restricts GL drawing to this region of a framebuffer {@code fbHeight} pixels tall. */
    void scissor(int fbHeight) {
        org.lwjgl.opengl.GL11C.glScissor(x, fbHeight - (y + h), w, h);
    }

    /** Makes this region the GL viewport of a framebuffer {@code fbHeight} pixels tall. */
    void viewport(int fbHeight) {
        org.lwjgl.opengl.GL11C.glViewport(x, fbHeight - (y + h), w, h);
    }

    /** The region with {@code left, top, right, bottom} pixels taken off. */
    Region inset(int left, int top, int right, int bottom) {
        return new Region(x + left, y + top, Math.max(1, w - left - right), Math.max(1, h - top - bottom));
    }
}
