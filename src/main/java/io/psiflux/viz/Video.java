package io.psiflux.viz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * MP4 from numbered PNG frames through an external {@code ffmpeg}, when there is one. Frames are
 * named {@code frame_%06d.png} ({@link #frame}) and taken in numerical order; the numbers may have
 * gaps (frames named by step, every 10th step, say): ffmpeg then reads them through a temporary
 * folder of consecutively numbered links. The video is H.264 (yuv420p, so every player takes it)
 * with MPEG-4 part 2 as the fallback for an ffmpeg built without libx264, and it is written under
 * a temporary name and renamed, so it is whole or absent.
 */
public final class Video {
    /** File name pattern of the frames, as ffmpeg's image2 demuxer reads it. */
    public static final String FRAME_PATTERN = "frame_%06d.png";
    /** Frames per second of the video (default 25). */
    public static final int FRAMERATE = 25;

    private static final Pattern FRAME_NAME = Pattern.compile("frame_(\\d{6,18})\\.png");
    private static final long TIMEOUT_MINUTES = 30;

    /**
     * What {@link #encode} did.
     *
     * @param written true when the MP4 exists now
     * @param message one sentence for the user: where the video went, or why there is none and
     *                the command to make it by hand
     */
    public record Outcome(boolean written, String message) {
    }

    private Video() {
    }

    /** The path of frame {@code index} in {@code dir}: {@code dir/frame_000042.png}. */
    public static Path frame(Path dir, long index) {
        return dir.resolve(String.format(Locale.ROOT, FRAME_PATTERN, index));
    }

    /** True when an {@code ffmpeg} on PATH answers {@code -version}. */
    public static boolean ffmpegAvailable() {
        return runs("ffmpeg");
    }

    /** Encodes {@code dir/frame_%06d.png} into {@code mp4} at 25 frames per second with the ffmpeg on PATH. */
    public static Outcome encode(Path dir, Path mp4) {
        return encode(dir, mp4, "ffmpeg", FRAMERATE);
    }

    /** As {@link #encode(Path, Path)} with a given ffmpeg executable and frame rate. */
    public static Outcome encode(Path dir, Path mp4, String ffmpeg, int framerate) {
        String byHand = "ffmpeg -framerate " + framerate + " -i " + dir.resolve(FRAME_PATTERN)
                + " -c:v libx264 -pix_fmt yuv420p " + mp4;
        if (!runs(ffmpeg)) {
            return new Outcome(false, "no MP4 written: " + ffmpeg + " was not found on PATH; the PNG frames are in "
                    + dir + " (install ffmpeg, e.g. apt-get install ffmpeg, and run: " + byHand + ")");
        }
        List<Long> numbers = frameNumbers(dir);
        if (numbers.isEmpty()) {
            return new Outcome(false, "no MP4 written: " + dir + " holds no frame_NNNNNN.png files");
        }
        Path target = mp4.toAbsolutePath();
        Path tmp = target.resolveSibling("." + target.getFileName() + ".partial.mp4");
        Path links = null;
        String error = "";
        try {
            Files.createDirectories(target.getParent());
            Path source = dir;
            long start = numbers.get(0);
            if (!consecutive(numbers)) {
                links = Files.createTempDirectory(target.getParent(), ".frames");
                for (int i = 0; i < numbers.size(); i++) link(frame(dir, numbers.get(i)).toAbsolutePath(), frame(links, i));
                source = links;
                start = 0;
            }
            for (List<String> codec : List.of(List.of("-c:v", "libx264", "-crf", "18"), List.of("-c:v", "mpeg4", "-q:v", "3"))) {
                List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-y", "-loglevel", "error",
                        "-framerate", Integer.toString(framerate), "-start_number", Long.toString(start),
                        "-i", source.resolve(FRAME_PATTERN).toString()));
                cmd.addAll(codec);
                // yuv420p needs even sizes: pad odd ones by a pixel.
                cmd.addAll(List.of("-pix_fmt", "yuv420p", "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-f", "mp4",
                        tmp.toString()));
                Result r = exec(cmd);
                if (r.code == 0 && Files.size(tmp) > 0) {
                    move(tmp, target);
                    return new Outcome(true, "wrote " + mp4 + " (" + numbers.size() + " frames at " + framerate
                            + " frames per second)");
                }
                error = r.code == -1 ? "ffmpeg took longer than " + TIMEOUT_MINUTES + " minutes"
                        : "ffmpeg exited with code " + r.code + ": " + r.output.strip();
            }
        } catch (IOException e) {
            error = e.toString();
        } finally {
            try {
                Files.deleteIfExists(tmp);
                if (links != null) {
                    try (Stream<Path> files = Files.list(links)) {
                        for (Path f : (Iterable<Path>) files::iterator) Files.deleteIfExists(f);
                    }
                    Files.deleteIfExists(links);
                }
            } catch (IOException ignored) {
                // temporary files are hidden and harmless if they stay
            }
        }
        return new Outcome(false, "no MP4 written: " + error + "; the PNG frames are in " + dir);
    }

    /** The numbers of the frame_N.png files in {@code dir}, ascending; empty when there are none. */
    private static List<Long> frameNumbers(Path dir) {
        List<Long> numbers = new ArrayList<>();
        if (!Files.isDirectory(dir)) return numbers;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Matcher m = FRAME_NAME.matcher(p.getFileName().toString());
                if (m.matches() && Files.isRegularFile(p)) numbers.add(Long.parseLong(m.group(1)));
            }
        } catch (IOException e) {
            return List.of();
        }
        numbers.sort(null);
        return numbers;
    }

    /** True when the numbers run without gaps and ffmpeg's %06d names them all. */
    private static boolean consecutive(List<Long> numbers) {
        for (int i = 0; i < numbers.size(); i++) {
            if (numbers.get(i) != numbers.get(0) + i || numbers.get(i) > 999_999) return false;
        }
        return true;
    }

    private static void link(Path existing, Path link) throws IOException {
        try {
            Files.createSymbolicLink(link, existing);
        } catch (UnsupportedOperationException | IOException e) {
            Files.copy(existing, link);
        }
    }

    private static boolean runs(String ffmpeg) {
        try {
            return exec(List.of(ffmpeg, "-version")).code == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private record Result(int code, String output) {
    }

    private static Result exec(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return new Result(-1, "");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(-1, "");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (text.length() > 2000) text = text.substring(text.length() - 2000);
        return new Result(p.exitValue(), text);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
