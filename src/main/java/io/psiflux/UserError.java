package io.psiflux;

/**
 * A mistake in the user's input (a config key, a file, a command-line option): the command ends
 * with exit code 2 and prints {@link #getMessage()} as one line, never a stack trace. The message
 * names the key or file, the value and what is wrong, e.g.
 * {@code "time.dt: must be > 0, got -0.1"}. Every package may throw it; only the CLI catches it.
 */
public class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
