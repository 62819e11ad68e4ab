package io.psiflux.viz;

import io.psiflux.sim.Snapshot;
import org.lwjgl.system.MemoryUtil;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import static org.lwjgl.opengl.GL33C.*;

/**
 * Renders snapshots to images with no window and no X server (EGL; Mesa's llvmpipe when there is
 * no GPU). The picture is the viewer's: see {@link View} for what can be switched.
 *
 * <pre>{@code
 * try (HeadlessRenderer r = new HeadlessRenderer(800, 600)) {
 *     r.writePng(snapshot, Path.of("out/frame_000000.png"));
 * }
 * }</pre>
 *
 * <p>Methods are synchronized and bind the OpenGL context only for the duration of a call, so
 * one renderer may be used from any thread, one call at a time. Creating it throws
 * {@link GraphicsUnavailable} (a user error with an install hint) when there is no EGL driver.
 */
public final class HeadlessRenderer implements AutoCloseable {
    /** Default picture size. */
    public static final int DEFAULT_WIDTH = 800, DEFAULT_HEIGHT = 600;

    private final int width, height;
    private final EglContext context;
    private final View view = new View();
    private final int framebuffer, colorBuffer;
    private final SceneRenderer scene;
    private final ByteBuffer pixels;
    private final String description;
    private boolean closed;

    /** An 800 x 600 renderer. */
    public HeadlessRenderer() {
        this(DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }

    public HeadlessRenderer(int width, int height) {
        if (width < 16 || height < 16 || width > 8192 || height > 8192) {
            throw new IllegalArgumentException("picture size must be 16..8192 pixels a side, got " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        context = EglContext.create();
        context.bind();
        try {
            description = context.describe();
            framebuffer = glGenFramebuffers();
            colorBuffer = glGenRenderbuffers();
            glBindRenderbuffer(GL_RENDERBUFFER, colorBuffer);
            glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
            glBindFramebuffer(GL_FRAMEBUFFER, framebuffer);
            glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, colorBuffer);
            int status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
            if (status != GL_FRAMEBUFFER_COMPLETE) {
                throw new GraphicsUnavailable("the OpenGL driver (" + description + ") cannot render a "
                        + width + "x" + height + " picture (framebuffer status 0x" + Integer.toHexString(status) + ")");
            }
            scene = new SceneRenderer();
            pixels = MemoryUtil.memAlloc(width * height * 4);
        } catch (RuntimeException e) {
            context.release();
            context.close();
            throw e;
        }
        context.release();
    }

    /** What the pictures show; change it between calls to {@link #render}. */
    public View view() {
        return view;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The OpenGL driver in use, e.g. "EGL surfaceless: llvmpipe (LLVM 15.0.6, 256 bits)". */
    public String driver() {
        return description;
    }

    /** Renders {@code s} as {@link #view()} says into a new {@code width x height} RGB image. */
    public BufferedImage render(Snapshot s) {
        return render(s, view);
    }

    /** Renders {@code s} as {@code v} says (the renderer's own view is left alone). */
    public synchronized BufferedImage render(Snapshot s, View v) {
        if (closed) throw new IllegalStateException("renderer is closed");
        if (s == null) throw new IllegalArgumentException("no snapshot to render");
        context.bind();
        try {
            glBindFramebuffer(GL_FRAMEBUFFER, framebuffer);
            scene.show(s);
            scene.draw(v, width, height);
            return read();
        } finally {
            context.release();
        }
    }

    /** Renders {@code s} and writes it as a PNG, whole or not at all (see {@link Png}). */
    public void writePng(Snapshot s, Path png) throws IOException {
        Png.write(render(s), png);
    }

    /** Renders {@code s} as {@code v} says and writes it as a PNG. */
    public void writePng(Snapshot s, View v, Path png) throws IOException {
        Png.write(render(s, v), png);
    }

    /** Sets what is drawn over 2D fields and 3D slices after the current (e.g. trails); null for nothing. */
    synchronized void planeOverlay(PlaneOverlay o) {
        scene.planeOverlay(o);
    }

    /** Bounds {x, y, w, h} of every text of the last picture (for tests: nothing cut off). */
    synchronized java.util.List<double[]> textBoxes() {
        return scene.textBoxes();
    }

    /** The streamlines a 2D picture of {@code s} as {@code v} says would draw, in pixels (for tests). */
    synchronized java.util.List<Streamlines.Line> streamlines(Snapshot s, View v) {
        context.bind();
        try {
            scene.show(s);
            return scene.streamlines(v, width, height);
        } finally {
            context.release();
        }
    }

    private BufferedImage read() {
        glReadBuffer(GL_COLOR_ATTACHMENT0);
        return SceneRenderer.read(pixels, width, height);
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        context.bind();
        scene.close();
        glDeleteFramebuffers(framebuffer);
        glDeleteRenderbuffers(colorBuffer);
        context.release();
        context.close();
        MemoryUtil.memFree(pixels);
    }
}
