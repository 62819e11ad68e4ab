package io.psiflux.viz;

import io.psiflux.UserError;

/**
 * OpenGL could not be started: no EGL library, no usable display or driver, or no window system
 * for the viewer. The message is one sentence for the user that names what is missing and how to
 * install it; the CLI prints it like any other {@link UserError}.
 */
public final class GraphicsUnavailable extends UserError {
    public GraphicsUnavailable(String message) {
        super(message);
    }

    public GraphicsUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
