package io.psiflux.viz;

import org.lwjgl.PointerBuffer;
import org.lwjgl.egl.EGL;
import org.lwjgl.opengl.GL;
import org.lwjgl.opengl.GLCapabilities;
import org.lwjgl.system.JNI;
import org.lwjgl.system.MemoryStack;

import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.lwjgl.egl.EGL10.*;
import static org.lwjgl.egl.EGL12.eglBindAPI;
import static org.lwjgl.egl.EGL14.EGL_DEFAULT_DISPLAY;
import static org.lwjgl.egl.EGL14.EGL_OPENGL_API;
import static org.lwjgl.egl.EGL14.EGL_OPENGL_BIT;
import static org.lwjgl.egl.EGL14.EGL_RENDERABLE_TYPE;
import static org.lwjgl.opengl.GL11C.GL_RENDERER;
import static org.lwjgl.opengl.GL11C.glGetString;
import static org.lwjgl.system.MemoryUtil.memAddress;

/**
 * An OpenGL 3.3 core context with no window and no X server: EGL on Mesa's surfaceless platform
 * (llvmpipe when there is no GPU), else an EGL device (NVIDIA), else the default display.
 * Rendering goes to framebuffer objects; the context owns no default framebuffer worth drawing to.
 *
 * <p>The context is current on no thread between calls: {@link #bind()} makes it current on the
 * calling thread and {@link #release()} lets go, so an owner may be driven from any one thread
 * at a time.
 */
final class EglContext implements AutoCloseable {
    private static final int EGL_PLATFORM_SURFACELESS_MESA = 0x31DD;
    private static final int EGL_PLATFORM_DEVICE_EXT = 0x313F;
    private static final int EGL_CONTEXT_MAJOR_VERSION = 0x3098;
    private static final int EGL_CONTEXT_MINOR_VERSION = 0x30FB;
    private static final int EGL_CONTEXT_OPENGL_PROFILE_MASK = 0x30FD;
    private static final int EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT = 0x1;

    private static final String INSTALL =
            "install an EGL driver (Debian/Ubuntu: apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri)";

    private final long display;
    private final long context;
    private final long surface;
    private final String description;
    private GLCapabilities caps;

    private EglContext(long display, long context, long surface, String description) {
        this.display = display;
        this.context = context;
        this.surface = surface;
        this.description = description;
    }

    /** Creates a context, trying the surfaceless, device and default displays in that order. */
    static EglContext create() {
        Gl.configure();
        String clientExtensions;
        try {
            clientExtensions = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
        } catch (Throwable t) { // UnsatisfiedLinkError or LWJGL's "Failed to locate library"
            throw new GraphicsUnavailable("headless rendering needs libEGL.so.1, which could not be loaded ("
                    + t.getMessage() + "); " + INSTALL, t);
        }
        if (clientExtensions == null) clientExtensions = "";
        List<String> tried = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        // Client-extension entry points are looked up by hand: LWJGL's client capabilities leave
        // them null with glvnd's libEGL.
        long getPlatformDisplay = EGL.getFunctionProvider().getFunctionAddress("eglGetPlatformDisplayEXT");
        if (getPlatformDisplay != 0 && clientExtensions.contains("EGL_MESA_platform_surfaceless")) {
            candidates.add(new Candidate("EGL surfaceless",
                    JNI.callPPP(EGL_PLATFORM_SURFACELESS_MESA, 0L, 0L, getPlatformDisplay)));
        }
        if (getPlatformDisplay != 0 && clientExtensions.contains("EGL_EXT_platform_device")) {
            long device = firstDevice();
            if (device != 0) {
                candidates.add(new Candidate("EGL device",
                        JNI.callPPP(EGL_PLATFORM_DEVICE_EXT, device, 0L, getPlatformDisplay)));
            }
        }
        candidates.add(new Candidate("EGL default display", eglGetDisplay(EGL_DEFAULT_DISPLAY)));
        for (Candidate c : candidates) {
            if (c.display == EGL_NO_DISPLAY) {
                tried.add(c.name + ": no display");
                continue;
            }
            try {
                EglContext ctx = open(c.display, c.name);
                if (ctx != null) return ctx;
                tried.add(c.name + ": no OpenGL 3.3 core context (EGL error 0x"
                        + Integer.toHexString(eglGetError()) + ")");
            } catch (RuntimeException e) {
                tried.add(c.name + ": " + e.getMessage());
            }
        }
        throw new GraphicsUnavailable("headless rendering found no usable OpenGL 3.3 driver ("
                + String.join("; ", tried) + "); " + INSTALL);
    }

    private record Candidate(String name, long display) {
    }

    private static long firstDevice() {
        long query = EGL.getFunctionProvider().getFunctionAddress("eglQueryDevicesEXT");
        if (query == 0) return 0;
        try (MemoryStack s = MemoryStack.stackPush()) {
            PointerBuffer devices = s.mallocPointer(8);
            IntBuffer count = s.mallocInt(1);
            int ok = JNI.callPPI(8, memAddress(devices), memAddress(count), query);
            return ok != 0 && count.get(0) > 0 ? devices.get(0) : 0;
        }
    }

    private static EglContext open(long dpy, String name) {
        try (MemoryStack s = MemoryStack.stackPush()) {
            IntBuffer major = s.mallocInt(1), minor = s.mallocInt(1);
            if (!eglInitialize(dpy, major, minor)) return null;
            if (!eglBindAPI(EGL_OPENGL_API)) return null;
            PointerBuffer config = s.mallocPointer(1);
            IntBuffer n = s.mallocInt(1);
            IntBuffer want = s.ints(EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_SURFACE_TYPE, EGL_PBUFFER_BIT,
                    EGL_RED_SIZE, 8, EGL_GREEN_SIZE, 8, EGL_BLUE_SIZE, 8, EGL_NONE);
            if (!eglChooseConfig(dpy, want, config, n) || n.get(0) < 1) {
                IntBuffer any = s.ints(EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_NONE);
                if (!eglChooseConfig(dpy, any, config, n) || n.get(0) < 1) return null;
            }
            long cfg = config.get(0);
            IntBuffer attribs = s.ints(EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3,
                    EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE);
            long ctx = eglCreateContext(dpy, cfg, EGL_NO_CONTEXT, attribs);
            if (ctx == EGL_NO_CONTEXT) return null;
            long surface = EGL_NO_SURFACE;
            if (!eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, ctx)) {
                // No EGL_KHR_surfaceless_context: a tiny pbuffer stands in; we draw to FBOs anyway.
                surface = eglCreatePbufferSurface(dpy, cfg, s.ints(EGL_WIDTH, 16, EGL_HEIGHT, 16, EGL_NONE));
                if (surface == EGL_NO_SURFACE || !eglMakeCurrent(dpy, surface, surface, ctx)) {
                    eglDestroyContext(dpy, ctx);
                    return null;
                }
            }
            EglContext c = new EglContext(dpy, ctx, surface, name);
            c.caps = GL.createCapabilities();
            c.release();
            return c;
        }
    }

    /** Makes the context current on this thread. */
    void bind() {
        if (!eglMakeCurrent(display, surface, surface, context)) {
            throw new IllegalStateException("eglMakeCurrent failed (EGL error 0x"
                    + Integer.toHexString(eglGetError()) + "); is the renderer in use on another thread?");
        }
        GL.setCapabilities(caps);
    }

    /** Leaves no context current on this thread. */
    void release() {
        eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
        GL.setCapabilities(null);
    }

    /** "EGL surfaceless: llvmpipe (LLVM 15.0.6, 256 bits)" and the like; call while bound. */
    String describe() {
        return description + ": " + glGetString(GL_RENDERER);
    }

    @Override
    public void close() {
        eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
        if (surface != EGL_NO_SURFACE) eglDestroySurface(display, surface);
        eglDestroyContext(display, context);
        // The display is left initialised: EGL displays are per process and may be shared.
    }
}
