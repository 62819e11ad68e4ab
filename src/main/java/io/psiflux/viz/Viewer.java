package io.psiflux.viz;

import io.psiflux.sim.Snapshot;
import org.lwjgl.glfw.GLFWErrorCallback;
import org.lwjgl.opengl.GL;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

import static org.lwjgl.glfw.Callbacks.glfwFreeCallbacks;
import static org.lwjgl.glfw.GLFW.*;
import static org.lwjgl.opengl.GL33C.*;

/**
 * The live window ({@code psiflux view}): shows the newest snapshot every frame while the
 * simulation runs at full speed on another thread. It reads snapshots through a
 * {@link Supplier} and steers through {@link SimulationControl}; it never touches the propagator.
 *
 * <pre>{@code
 * AtomicReference<Snapshot> latest = ...;            // the simulation thread publishes into it
 * int frames = new Viewer(latest::get, control, ViewerOptions.defaults()).run();
 * }</pre>
 *
 * <p>Keys: space pause, R reset, + and - halve or double steps per frame, C current arrows,
 * V potential tint, S screenshot, H help, 0 reset the view, [ ] or PageDown PageUp move the 3D
 * slice, A change its axis, Esc quit; drag pans (turns the 3D volume), the wheel zooms.
 *
 * <p>{@link #run()} must be called on the thread that owns the window (on macOS the JVM's first
 * thread, {@code -XstartOnFirstThread}). Snapshots handed out by the supplier must not change
 * afterwards: publish a fresh one each time.
 */
public final class Viewer {
    /** Longest wait for the first snapshot in {@code --exit-after} mode before giving up. */
    private static final long FIRST_FRAME_TIMEOUT_MS = 120_000;
    private static final int MAX_STEPS_PER_FRAME = 1 << 20;

    private final Supplier<Snapshot> latest;
    private final SimulationControl control;
    private final ViewerOptions options;
    private final View view = new View();

    private long window;
    private SceneRenderer scene;
    /** Drawn over the field after the current (e.g. trails), or null; handed to the scene when it is made. */
    private PlaneOverlay planeOverlay;
    private boolean screenshotRequested;
    private boolean dragging;
    private double lastX, lastY;
    private String lastError = "";
    private String message = "";
    private long messageUntil;

    public Viewer(Supplier<Snapshot> latest, SimulationControl control, ViewerOptions options) {
        this.latest = latest;
        this.control = control == null ? SimulationControl.NONE : control;
        this.options = options == null ? ViewerOptions.defaults() : options;
    }

    /** What the window shows; set it up before {@link #run()}. */
    /** Sets what is drawn over 2D fields and 3D slices after the current (e.g. trails); call before {@link #run}. */
    void planeOverlay(PlaneOverlay o) {
        planeOverlay = o;
    }

    public View view() {
        return view;
    }

    /**
     * Opens the window and runs until Esc, the close button or the {@code exitAfterFrames} limit;
     * returns the number of frames drawn with a snapshot. Throws {@link GraphicsUnavailable} when
     * there is no display or no OpenGL 3.3 driver.
     */
    public int run() {
        Gl.configure();
        choosePlatform();
        GLFWErrorCallback errors = GLFWErrorCallback.create((code, description) ->
                lastError = MemoryUtil.memUTF8(description));
        glfwSetErrorCallback(errors);
        try {
            if (!glfwInit()) {
                throw new GraphicsUnavailable("the viewer needs a display, and none could be opened (" + lastError
                        + "); set DISPLAY, run it under xvfb-run, or use 'psiflux render' for pictures without a window");
            }
            try {
                open();
                try {
                    return loop();
                } finally {
                    scene.close();
                    GL.setCapabilities(null);
                    // the five input callbacks of open() are native upcalls that glfwDestroyWindow does not free
                    glfwFreeCallbacks(window);
                    glfwDestroyWindow(window);
                }
            } finally {
                glfwTerminate();
            }
        } finally {
            glfwSetErrorCallback(null);
            errors.free();
        }
    }

    /**
     * Throws {@link GraphicsUnavailable} at once when this is Linux (or a BSD) and neither DISPLAY
     * nor WAYLAND_DISPLAY is set: a window cannot open. Cheap and native-free, so a command can
     * call it before any other work (and before any other line it prints); {@link #run()} calls it.
     */
    public static void requireDisplay() {
        if (!unixLike()) return;
        if (!isSet(System.getenv("DISPLAY")) && !isSet(System.getenv("WAYLAND_DISPLAY"))) {
            throw new GraphicsUnavailable("the viewer needs a display, and neither DISPLAY nor WAYLAND_DISPLAY is set; "
                    + "set DISPLAY, run it under xvfb-run, or use 'psiflux render' for pictures without a window");
        }
    }

    /**
     * Where windows go: {@link #requireDisplay}, then X11 when only DISPLAY is set. Otherwise GLFW
     * tries Wayland first, and libwayland prints "error: XDG_RUNTIME_DIR is invalid ..." to
     * standard error before psiflux can say anything.
     */
    private static void choosePlatform() {
        requireDisplay();
        if (unixLike() && !isSet(System.getenv("WAYLAND_DISPLAY"))) glfwInitHint(GLFW_PLATFORM, GLFW_PLATFORM_X11);
    }

    private static boolean unixLike() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        return !os.contains("win") && !os.contains("mac");
    }

    private static boolean isSet(String v) {
        return v != null && !v.isBlank();
    }

    private void open() {
        glfwDefaultWindowHints();
        glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_API);
        glfwWindowHint(GLFW_CONTEXT_CREATION_API, GLFW_EGL_CONTEXT_API);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
        glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
        glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
        window = glfwCreateWindow(options.width(), options.height(), options.title(), MemoryUtil.NULL, MemoryUtil.NULL);
        if (window == MemoryUtil.NULL) {
            throw new GraphicsUnavailable("the viewer could not open an OpenGL 3.3 window through EGL (" + lastError
                    + "); install an EGL driver (Debian/Ubuntu: apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri)");
        }
        glfwMakeContextCurrent(window);
        GL.createCapabilities();
        glfwSwapInterval(options.exitAfterFrames() > 0 ? 0 : 1);
        scene = new SceneRenderer();
        scene.planeOverlay(planeOverlay);
        glfwSetCharCallback(window, (w, codepoint) -> onChar(codepoint));
        glfwSetKeyCallback(window, (w, key, scancode, action, mods) -> {
            if (action != GLFW_RELEASE) onKey(key);
        });
        glfwSetMouseButtonCallback(window, (w, button, action, mods) -> {
            if (button == GLFW_MOUSE_BUTTON_LEFT) dragging = action == GLFW_PRESS;
        });
        glfwSetCursorPosCallback(window, (w, x, y) -> onCursor(x, y));
        glfwSetScrollCallback(window, (w, dx, dy) -> {
            double[] p = toFramebuffer(lastX, lastY);
            int[] fb = framebufferSize();
            scene.scroll(view, p[0], p[1], dy, fb[0], fb[1]);
        });
    }

    private int loop() {
        int drawn = 0;
        long start = System.currentTimeMillis(), fpsStart = System.nanoTime();
        int fpsFrames = 0;
        double fps = 0;
        ByteBuffer pixels = null;
        try {
            while (!glfwWindowShouldClose(window)) {
                glfwPollEvents();
                Snapshot s = latest.get();
                scene.show(s);
                int[] fb = framebufferSize();
                view.status(status(fps));
                scene.draw(view, fb[0], fb[1]);
                boolean last = options.exitAfterFrames() > 0 && scene.shown() != null
                        && drawn + 1 >= options.exitAfterFrames();
                if (screenshotRequested || last && options.exitScreenshot() != null) {
                    if (pixels == null || pixels.capacity() < fb[0] * fb[1] * 4) {
                        if (pixels != null) MemoryUtil.memFree(pixels);
                        pixels = MemoryUtil.memAlloc(fb[0] * fb[1] * 4);
                    }
                    glReadBuffer(GL_BACK);
                    BufferedImage image = SceneRenderer.read(pixels, fb[0], fb[1]);
                    if (screenshotRequested) screenshot(image);
                    if (last && options.exitScreenshot() != null) write(image, options.exitScreenshot());
                    screenshotRequested = false;
                }
                glfwSwapBuffers(window);
                if (scene.shown() != null) drawn++;
                if (last) break;
                if (options.exitAfterFrames() > 0 && scene.shown() == null
                        && System.currentTimeMillis() - start > FIRST_FRAME_TIMEOUT_MS) {
                    throw new IllegalStateException("no snapshot arrived within " + FIRST_FRAME_TIMEOUT_MS / 1000 + " s");
                }
                fpsFrames++;
                long now = System.nanoTime();
                if (now - fpsStart > 500_000_000L) {
                    fps = fpsFrames * 1e9 / (now - fpsStart);
                    fpsFrames = 0;
                    fpsStart = now;
                }
            }
        } finally {
            if (pixels != null) MemoryUtil.memFree(pixels);
        }
        return drawn;
    }

    private String status(double fps) {
        String s = String.format(Locale.ROOT, "%s  %d steps/frame  %s fps  (H: keys)",
                control.isPaused() ? "PAUSED" : "running", control.stepsPerFrame(),
                fps > 0 ? String.format(Locale.ROOT, "%.0f", fps) : "--");
        if (System.currentTimeMillis() < messageUntil) s += "  " + message;
        return s;
    }

    private void say(String m) {
        message = m;
        messageUntil = System.currentTimeMillis() + 4000;
        System.out.println(m);
    }

    private int[] framebufferSize() {
        try (MemoryStack st = MemoryStack.stackPush()) {
            IntBuffer w = st.mallocInt(1), h = st.mallocInt(1);
            glfwGetFramebufferSize(window, w, h);
            return new int[]{Math.max(1, w.get(0)), Math.max(1, h.get(0))};
        }
    }

    private void screenshot(BufferedImage image) {
        Snapshot s = scene.shown();
        Path file = options.screenshotDir().resolve("psiflux-" + (s == null ? 0 : s.step()) + ".png");
        write(image, file);
        say("screenshot written: " + file);
    }

    private static void write(BufferedImage image, Path file) {
        try {
            Png.write(image, file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    private void onChar(int c) {
        switch (Character.toLowerCase(c)) {
            case ' ' -> control.setPaused(!control.isPaused());
            case 'r' -> control.reset();
            case '+', '=' -> control.setStepsPerFrame(Math.min(MAX_STEPS_PER_FRAME, 2 * control.stepsPerFrame()));
            case '-', '_' -> control.setStepsPerFrame(Math.max(1, control.stepsPerFrame() / 2));
            case 'n' -> control.stepOnce();
            case 'c' -> view.showCurrent(!view.showCurrent());
            case 'j' -> view.currentStyle(view.currentStyle() == View.CurrentStyle.STREAMLINES
                    ? View.CurrentStyle.ARROWS : View.CurrentStyle.STREAMLINES);
            case 'k' -> view.currentColored(!view.currentColored());
            case 'm' -> view.colorMode(View.ColorMode.values()[(view.colorMode().ordinal() + 1) % View.ColorMode.values().length]);
            case 'b' -> view.rescale();
            case 't' -> view.showSeries(!view.showSeries());
            case 'v' -> view.showPotential(!view.showPotential());
            case 'l' -> view.showLegend(!view.showLegend());
            case 's' -> screenshotRequested = true;
            case 'h', '?' -> view.showHelp(!view.showHelp());
            case '0' -> view.resetCamera();
            case '[' -> moveSlice(-1);
            case ']' -> moveSlice(1);
            case 'a' -> view.sliceAxis((view.sliceAxis() + 1) % 3);
            default -> {
            }
        }
    }

    private void onKey(int key) {
        switch (key) {
            case GLFW_KEY_ESCAPE -> glfwSetWindowShouldClose(window, true);
            case GLFW_KEY_PAGE_UP -> moveSlice(1);
            case GLFW_KEY_PAGE_DOWN -> moveSlice(-1);
            default -> {
            }
        }
    }

    /** Moves the 3D slice by {@code points} grid points along its axis. */
    private void moveSlice(int points) {
        Snapshot s = scene.shown();
        if (s == null || s.grid().rank() < 3) return;
        int n = s.grid().n(view.sliceAxis());
        int index = Math.floorMod((int) Math.floor(view.slice() * n) + points, n);
        view.slice((index + 0.5) / n);
    }

    private void onCursor(double x, double y) {
        if (dragging) {
            double[] from = toFramebuffer(lastX, lastY), to = toFramebuffer(x, y);
            int[] fb = framebufferSize();
            scene.drag(view, from[0], from[1], to[0] - from[0], to[1] - from[1], fb[0], fb[1]);
        }
        lastX = x;
        lastY = y;
    }

    /** Window coordinates (what GLFW reports for the pointer) to framebuffer pixels (HiDPI). */
    private double[] toFramebuffer(double x, double y) {
        try (MemoryStack st = MemoryStack.stackPush()) {
            IntBuffer ww = st.mallocInt(1), wh = st.mallocInt(1);
            glfwGetWindowSize(window, ww, wh);
            int[] fb = framebufferSize();
            return new double[]{x * fb[0] / Math.max(1, ww.get(0)), y * fb[1] / Math.max(1, wh.get(0))};
        }
    }
}
