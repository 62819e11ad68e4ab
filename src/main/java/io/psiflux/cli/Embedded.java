package io.psiflux.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.BooleanSupplier;

/**
 * The command line inside another program (the Python package, a notebook, a test): the same
 * commands and exit codes, but no signal handlers are installed (the host owns its Ctrl-C) and
 * a run stops, as after SIGINT, when the host's {@code stop} says so: the step in flight
 * finishes, the summary (and a checkpoint) is written, the status is "interrupted" and the exit
 * code 130. The one-line error of a refused input comes back as {@link Result#message()}.
 */
public final class Embedded {
    private Embedded() {
    }

    /**
     * @param code    the exit code the command line would return
     * @param message the one-line error without its "psiflux: " prefix, or null
     */
    public record Result(int code, String message) {
    }

    /** {@link #execute(BooleanSupplier, String...)} stopped by setting {@code stop} (from any thread). */
    public static Result execute(java.util.concurrent.atomic.AtomicBoolean stop, String... args) {
        return execute((BooleanSupplier) stop::get, args);
    }

    /**
     * {@link #execute(AtomicBoolean, String...)} on a new Java thread: the caller (e.g. Python, which
     * must keep its own thread free to receive Ctrl-C) polls the future and sets {@code stop}.
     */
    public static java.util.concurrent.Future<Result> start(java.util.concurrent.atomic.AtomicBoolean stop, String... args) {
        java.util.concurrent.FutureTask<Result> task = new java.util.concurrent.FutureTask<>(() -> execute(stop, args));
        Thread t = new Thread(task, "psiflux " + String.join(" ", args));
        t.setDaemon(true);
        t.start();
        return task;
    }

    /** Runs {@code psiflux args...} on this thread; {@code stop} is polled between chunks of steps. */
    public static Result execute(BooleanSupplier stop, String... args) {
        StringWriter captured = new StringWriter();
        Interrupts.EMBEDDED.set(stop == null ? () -> false : stop);
        try {
            int code = Main.execute(new PrintWriter(captured, true), args);
            String text = captured.toString().strip();
            String last = text.isEmpty() ? null : text.lines().reduce((a, b) -> b).orElse(null);
            if (last != null && last.startsWith("psiflux: ")) last = last.substring("psiflux: ".length());
            if (!text.isEmpty()) System.err.println(text);
            return new Result(code, code == 0 ? null : last);
        } finally {
            Interrupts.EMBEDDED.remove();
        }
    }
}
