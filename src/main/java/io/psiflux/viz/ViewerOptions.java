package io.psiflux.viz;

import java.nio.file.Path;

/**
 * How the live viewer runs.
 *
 * @param width           initial window width in screen coordinates (default 800)
 * @param height          initial window height (default 600)
 * @param title           window title (default "psiflux")
 * @param exitAfterFrames draw this many frames showing a snapshot, then close; 0 runs until the
 *                        user quits (default 0; {@code --exit-after N})
 * @param exitScreenshot  PNG written when {@code exitAfterFrames} is reached, or null for none
 *                        (default null)
 * @param screenshotDir   where the S key writes {@code psiflux-<step>.png} (default ".")
 */
public record ViewerOptions(int width, int height, String title, int exitAfterFrames, Path exitScreenshot,
                            Path screenshotDir) {

    public ViewerOptions {
        if (width < 64 || height < 64) throw new IllegalArgumentException("window must be at least 64x64, got " + width + "x" + height);
        if (exitAfterFrames < 0) throw new IllegalArgumentException("exitAfterFrames must be >= 0, got " + exitAfterFrames);
        if (title == null) title = "psiflux";
        if (screenshotDir == null) screenshotDir = Path.of(".");
    }

    /** 800 x 600, runs until closed, screenshots into the working directory. */
    public static ViewerOptions defaults() {
        return new ViewerOptions(HeadlessRenderer.DEFAULT_WIDTH, HeadlessRenderer.DEFAULT_HEIGHT, "psiflux", 0, null, null);
    }

    /** These options, closing after {@code frames} frames and writing {@code png} first (png may be null). */
    public ViewerOptions exitAfter(int frames, Path png) {
        return new ViewerOptions(width, height, title, frames, png, screenshotDir);
    }

    public ViewerOptions title(String t) {
        return new ViewerOptions(width, height, t, exitAfterFrames, exitScreenshot, screenshotDir);
    }

    public ViewerOptions size(int w, int h) {
        return new ViewerOptions(w, h, title, exitAfterFrames, exitScreenshot, screenshotDir);
    }

    public ViewerOptions screenshotDir(Path dir) {
        return new ViewerOptions(width, height, title, exitAfterFrames, exitScreenshot, dir);
    }
}
