package io.psiflux.cli;

import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM during a run: the first asks the run to stop after the step in
 * flight, so it can write its summary and a checkpoint and exit 130 or 143; a second of either
 * ends the process at once. Signals belong to the command line, not the library: a notebook or
 * an embedding program owns its own Ctrl-C. Installed for one run and removed after it.
 */
final class Interrupts implements AutoCloseable {
    private final AtomicInteger signal = new AtomicInteger();
    private final SignalHandler oldInt;
    private final SignalHandler oldTerm;
    /** Embedded runs (see {@link Embedded}): the caller's stop request instead of signals; else null. */
    private final java.util.function.BooleanSupplier external;

    /** The stop request of the embedded run on this thread, if any. */
    static final ThreadLocal<java.util.function.BooleanSupplier> EMBEDDED = new ThreadLocal<>();

    private Interrupts(java.util.function.BooleanSupplier external) {
        this.external = external;
        this.oldInt = null;
        this.oldTerm = null;
    }

    private Interrupts() {
        this.external = null;
        SignalHandler h = s -> {
            int code = 128 + s.getNumber();
            if (!signal.compareAndSet(0, code)) {
                System.err.println("psiflux: " + s.getName() + " again: stopping now, without a summary");
                Runtime.getRuntime().halt(code);
            }
            System.err.println("psiflux: SIG" + s.getName() + ": finishing the step in flight, then writing the summary"
                    + " (and a checkpoint, with [checkpoint]); " + s.getName() + " again to stop at once");
        };
        this.oldInt = handle("INT", h);
        this.oldTerm = handle("TERM", h);
    }

    private static SignalHandler handle(String name, SignalHandler h) {
        try {
            return Signal.handle(new Signal(name), h);
        } catch (IllegalArgumentException e) {
            return null; // the signal is not available here (e.g. the JVM was started with -Xrs)
        }
    }

    /** Signal handlers for one run; in an embedded run (see {@link Embedded}), the caller's stop request instead. */
    static Interrupts install() {
        java.util.function.BooleanSupplier stop = EMBEDDED.get();
        return stop != null ? new Interrupts(stop) : new Interrupts();
    }

    /** True once a signal (or, embedded, the caller) asked the run to stop. */
    boolean requested() {
        if (external != null && signal.get() == 0 && external.getAsBoolean()) signal.compareAndSet(0, 130);
        return signal.get() != 0;
    }

    /** The exit code of the signal received: 130 for SIGINT, 143 for SIGTERM. */
    int exitCode() {
        return signal.get();
    }

    /** The signal's name, e.g. "SIGINT". */
    String name() {
        if (external != null) return "a stop request";
        return signal.get() == 130 ? "SIGINT" : signal.get() == 143 ? "SIGTERM" : "a signal";
    }

    @Override
    public void close() {
        if (oldInt != null) Signal.handle(new Signal("INT"), oldInt);
        if (oldTerm != null) Signal.handle(new Signal("TERM"), oldTerm);
    }
}
