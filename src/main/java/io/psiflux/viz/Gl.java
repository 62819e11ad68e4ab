package io.psiflux.viz;

import org.lwjgl.system.Configuration;

/**
 * Process-wide LWJGL settings, applied before the first OpenGL call of the package.
 *
 * <p>Every psiflux context is an EGL context: the headless renderer's (surfaceless, no X server)
 * and the viewer window's (GLFW asked for {@code GLFW_EGL_CONTEXT_API}). LWJGL loads OpenGL
 * entry points through one context API per process, chosen when {@code org.lwjgl.opengl.GL} is
 * first touched, so this must run first; mixing GLX and EGL contexts would hand one of them
 * function pointers of the other.
 */
final class Gl {
    private static boolean configured;

    private Gl() {
    }

    static synchronized void configure() {
        if (configured) return;
        Configuration.OPENGL_CONTEXT_API.set("EGL");
        configured = true;
    }
}
