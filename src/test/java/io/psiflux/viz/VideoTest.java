package io.psiflux.viz;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** MP4 encoding through ffmpeg; the frames are drawn with Java2D so no GPU is needed. */
class VideoTest {

    private static void frames(Path dir, int first, int count) throws Exception {
        for (int i = first; i < first + count; i++) {
            BufferedImage img = new BufferedImage(101, 75, BufferedImage.TYPE_INT_RGB); // odd width on purpose
            for (int y = 0; y < 75; y++) for (int x = 0; x < 101; x++) img.setRGB(x, y, Colors.hsv((x + 5 * i) / 101.0, 1, 1));
            Png.write(img, Video.frame(dir, i));
        }
    }

    @Test
    void saysPlainlyWhenFfmpegIsMissing(@TempDir Path dir) throws Exception {
        frames(dir, 0, 2);
        Video.Outcome o = Video.encode(dir, dir.resolve("out.mp4"), "ffmpeg-that-does-not-exist", 25);
        assertFalse(o.written());
        assertTrue(o.message().contains("not found"), o.message());
        assertTrue(o.message().contains(dir.toString()), "names where the frames are: " + o.message());
        assertFalse(Files.exists(dir.resolve("out.mp4")));
    }

    @Test
    void encodesFramesNumberedByStepWithGaps(@TempDir Path dir) throws Exception {
        requireFfmpeg();
        for (int step = 0; step <= 90; step += 10) frames(dir, step, 1);
        Path mp4 = dir.resolve("gaps.mp4");
        Video.Outcome o = Video.encode(dir, mp4);
        assertTrue(o.written(), o.message());
        assertTrue(o.message().contains("10 frames"), o.message());
        try (var files = Files.list(dir)) {
            assertEquals(11, files.count(), "the ten frames and the MP4, no leftover links");
        }
    }

    @Test
    void saysWhenThereAreNoFrames(@TempDir Path dir) {
        requireFfmpeg();
        Video.Outcome o = Video.encode(dir, dir.resolve("out.mp4"));
        assertFalse(o.written());
        assertTrue(o.message().contains("no frame_"), o.message());
    }

    @Test
    void encodesNumberedFrames(@TempDir Path dir) throws Exception {
        requireFfmpeg();
        frames(dir, 10, 12); // numbering need not start at 0
        Path mp4 = dir.resolve("movie").resolve("out.mp4");
        Video.Outcome o = Video.encode(dir, mp4);
        assertTrue(o.written(), o.message());
        assertTrue(Files.size(mp4) > 100);
        assertTrue(o.message().contains("12 frames"), o.message());
        try (var files = Files.list(mp4.getParent())) {
            assertEquals(1, files.count(), "only the MP4, no partial file");
        }
    }

    /** Skips where ffmpeg is missing, except in CI, where ci/test installs it and its absence is a failure. */
    private static void requireFfmpeg() {
        if (System.getenv("CI") != null) {
            org.junit.jupiter.api.Assertions.assertTrue(Video.ffmpegAvailable(), "ffmpeg is not on PATH; ci/test installs it");
        }
        Assumptions.assumeTrue(Video.ffmpegAvailable(), "ffmpeg is not on PATH");
    }
}
