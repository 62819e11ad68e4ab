package io.psiflux.cli;

import io.psiflux.sim.Progress;
import java.io.PrintStream;

/**
 * Progress for runs longer than about a second: a bar redrawn in place on a terminal (steps done,
 * steps/s, time left), plain lines every few seconds otherwise.
 */
final class ProgressBar implements Progress {
    private final PrintStream out;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastLine;
    private boolean drawn;
    private boolean complete;

    ProgressBar(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    static ProgressBar forStderr() {
        return new ProgressBar(System.err, System.console() != null);
    }

    @Override
    public void update(long done, long total, double seconds) {
        if (complete) return; // the last line is written once
        long now = System.nanoTime();
        double elapsed = (now - start) * 1e-9;
        if (elapsed < 1.0 && done < total) return;
        if (elapsed < 1.0 && !drawn) return;
        double rate = seconds > 0 ? done / seconds : 0;
        double left = rate > 0 ? (total - done) / rate : 0;
        String stats = String.format("%d/%d steps, %.1f steps/s, %s left", done, total, rate, clock(left));
        if (terminal) {
            int width = 30, fill = total > 0 ? (int) (width * done / total) : width;
            out.print("\r[" + "#".repeat(fill) + " ".repeat(width - fill) + "] " + stats + "   ");
            if (done >= total) out.println();
            out.flush();
            drawn = true;
            complete = done >= total;
        } else if (now - lastLine > 5_000_000_000L || done >= total) {
            out.println("progress: " + stats);
            lastLine = now;
            drawn = true;
            complete = done >= total;
        }
    }

    private static String clock(double s) {
        long t = Math.round(s);
        return t >= 3600 ? String.format("%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60) : String.format("%d:%02d", t / 60, t % 60);
    }
}
