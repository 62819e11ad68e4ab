package io.psiflux.sweep;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The sweep's one progress line: how many points are completed, failed, running and left, the
 * time so far and an estimate of the time left (from the points finished in this sweep). On a
 * terminal it is redrawn in place; otherwise a line every ten seconds, and the last one once.
 * Thread-safe: the local engine's workers report from their own threads.
 */
public final class SweepProgress {
    private final PrintStream out;
    private final boolean terminal;
    private final PointStatus.State[] states;
    private final long start = System.nanoTime();
    private long lastLine;
    private int finishedHere;
    private int toRun;
    private boolean drawn;

    /**
     * @param states   each point's state now (copied)
     * @param out      where the line goes (standard error)
     * @param terminal redraw in place
     */
    public SweepProgress(PointStatus.State[] states, PrintStream out, boolean terminal) {
        this.states = states.clone();
        this.out = out;
        this.terminal = terminal;
    }

    /** How many points this sweep hands out (for the time left). */
    public synchronized void toRun(int n) {
        this.toRun = n;
    }

    /** A point is running. */
    public synchronized void started(int index) {
        states[index] = PointStatus.State.RUNNING;
        print(false);
    }

    /** A point's run ended in this state (counted as finished here). */
    public synchronized void finished(int index, PointStatus.State state) {
        states[index] = state;
        finishedHere++;
        print(false);
    }

    /** A point's state as read again (Slurm polling); counts as finished here when it became final. */
    public synchronized void update(int index, PointStatus.State state) {
        PointStatus.State was = states[index];
        if (was == state) return;
        states[index] = state;
        if (isFinal(state) && !isFinal(was)) finishedHere++;
    }

    private static boolean isFinal(PointStatus.State s) {
        return s == PointStatus.State.COMPLETED || s == PointStatus.State.FAILED;
    }

    /** The line now, e.g. "sweep: 12/40 completed, 1 failed, 2 running, 25 to go; 0:35, about 1:20 left". */
    public synchronized String line() {
        int[] n = new int[PointStatus.State.values().length];
        for (PointStatus.State s : states) n[s.ordinal()]++;
        int completed = n[PointStatus.State.COMPLETED.ordinal()], failed = n[PointStatus.State.FAILED.ordinal()];
        int running = n[PointStatus.State.RUNNING.ordinal()];
        int left = states.length - completed - failed - running;
        double elapsed = (System.nanoTime() - start) * 1e-9;
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "sweep: %d/%d completed", completed, states.length));
        if (failed > 0) b.append(", ").append(failed).append(" failed");
        b.append(", ").append(running).append(" running, ").append(left).append(" to go; ").append(clock(elapsed));
        int remaining = toRun - finishedHere;
        if (finishedHere > 0 && remaining > 0) b.append(", about ").append(clock(elapsed / finishedHere * remaining)).append(" left");
        return b.toString();
    }

    /** Prints the line when it is due ({@code force}: now, e.g. the last one). */
    public synchronized void print(boolean force) {
        long now = System.nanoTime();
        if (terminal) {
            if (!force && now - lastLine < 200_000_000L) return;
            out.print("\r" + line() + "   ");
            if (force) out.println();
            drawn = !force;
        } else {
            if (!force && now - lastLine < 10_000_000_000L && lastLine != 0) return;
            out.println(line());
        }
        out.flush();
        lastLine = now;
    }

    /** Ends a line redrawn in place, before other output. */
    public synchronized void breakLine() {
        if (terminal && drawn) {
            out.println();
            drawn = false;
        }
    }

    static String clock(double s) {
        long t = Math.round(s);
        return t >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
                : String.format(Locale.ROOT, "%d:%02d", t / 60, t % 60);
    }
}
