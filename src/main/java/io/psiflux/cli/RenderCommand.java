package io.psiflux.cli;

import io.psiflux.UserError;
import io.psiflux.config.RunConfig;
import io.psiflux.observe.Observation;
import io.psiflux.sim.Output;
import io.psiflux.sim.RunResult;
import io.psiflux.sim.Simulation;
import io.psiflux.sim.Snapshot;
import io.psiflux.viz.GraphicsUnavailable;
import io.psiflux.viz.HeadlessRenderer;
import io.psiflux.viz.Video;
import io.psiflux.viz.View;
import io.psiflux.io.RunOutput;
import java.util.Locale;
import java.util.Set;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** psiflux render: the viewer's pictures without a display, one PNG per output step. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Run a config headless and write DIR/frame_NNNNNN.png at every output step (NNNNNN the step), "
                + "with observables.csv and summary.json as 'run' writes them.")
final class RenderCommand implements Callable<Integer> {

    @Mixin
    SimulationSetup setup;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder for the frames")
    Path out;

    @Option(names = "--size", defaultValue = "800x600", paramLabel = "WxH", description = "image size; default ${DEFAULT-VALUE}")
    String size;

    @Option(names = "--video", description = "also write DIR/movie.mp4 when ffmpeg is on the PATH")
    boolean video;

    @Option(names = "--fps", defaultValue = "25", paramLabel = "F", description = "frames per second of the video; default ${DEFAULT-VALUE}")
    int fps;

    @Option(names = "--every", paramLabel = "N", description = "a frame every N steps instead of the config's output.every")
    Integer every;

    @Option(names = "--series", description = "add the time-series panel under each frame: norm, energy, <x>, through each flux plane")
    boolean series;

    @Mixin
    PictureOptions picture;

    static int[] parseSize(String s) {
        String[] p = s.toLowerCase().split("x");
        try {
            if (p.length == 2) {
                int w = Integer.parseInt(p[0].trim()), h = Integer.parseInt(p[1].trim());
                if (w >= 64 && h >= 64 && w <= 16384 && h <= 16384) return new int[] {w, h};
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new UserError("--size: expected WxH with each between 64 and 16384, got \"" + s + "\"");
    }

    @Override
    public Integer call() throws IOException {
        int[] wh = parseSize(size);
        if (fps < 1 || fps > 240) throw new UserError("--fps: must be 1 to 240 frames per second, got " + fps);
        if (every != null && every < 1) throw new UserError("--every: must be a step count >= 1, got " + every);
        picture.apply(new View()); // a bad picture option before anything runs
        RunConfig c = setup.load();
        if (c.options().imaginary()) throw new UserError("time.imaginary: render shows real-time runs; use 'psiflux run' for imaginary time");
        if (c.options().method() == io.psiflux.sim.Method.EIGEN) {
            throw new UserError("time.method: \"eigen\" solves for eigenstates and render shows real-time runs; use 'psiflux run' "
                    + "(it writes state_K.npy), then render a real-time config whose initial.file is one of them");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) throw new UserError("--out: " + out + " exists and is not a folder");
        int outEvery = every != null ? every : c.every();
        HeadlessRenderer renderer;
        try {
            renderer = new HeadlessRenderer(wh[0], wh[1]);
        } catch (GraphicsUnavailable e) {
            System.err.println("psiflux: cannot render headless: " + e.getMessage());
            return 1;
        }
        picture.apply(renderer.view()).series(new io.psiflux.viz.TimeSeries()).showSeries(series);
        try (renderer; Simulation sim = setup.open(c)) {
            Files.createDirectories(out);
            long[] frames = {0};
            double[] drawing = {0};
            // observables.csv and summary.json as 'run' writes them; no field files.
            RunOutput table = new RunOutput(out, c.grid(), c.dt(), c.steps(), Set.of(), -1, false);
            table.put("config", c.source().toAbsolutePath().toString());
            table.put("backend", sim.backend().name());
            table.put("precision", sim.backend().precision().toString());
            table.start(sim.potential());
            Output frameOut = new Output() {
                @Override
                public void write(Observation o, Snapshot s) throws IOException {
                    table.write(o, s);
                    renderer.view().series().add(o);
                    long t = System.nanoTime();
                    renderer.writePng(s, Video.frame(out, o.step()));
                    drawing[0] += (System.nanoTime() - t) * 1e-9;
                    frames[0]++;
                }

                @Override
                public void finish(RunResult r) throws IOException {
                    table.finish(r);
                }

                @Override
                public void close() throws IOException {
                    table.close();
                }
            };
            long t0 = System.nanoTime();
            RunResult r;
            try (frameOut) {
                r = sim.run(c.steps(), outEvery, SimulationSetup.PICTURE, frameOut, ProgressBar.forStderr());
            }
            double wall = (System.nanoTime() - t0) * 1e-9;
            System.out.printf(Locale.ROOT, "psiflux: %d frames (%dx%d, %s) in %s; %.1f s in all, %.2f s stepping, %.2f s drawing "
                            + "and writing PNGs (%.1f frames/s)%n", frames[0], wh[0], wh[1], renderer.driver(), out, wall,
                    r.secondsStepping(), drawing[0], frames[0] / Math.max(1e-9, drawing[0]));
            if (video) {
                Video.Outcome v = Video.encode(out, out.resolve("movie.mp4"), "ffmpeg", fps);
                System.out.println("psiflux: " + v.message());
                double seconds = (double) frames[0] / fps;
                if (v.written() && seconds < 3) {
                    System.out.printf(Locale.ROOT, "psiflux: the video lasts %.2f s (%d frames at %d fps); for a longer one use "
                            + "--every N (fewer steps between frames) or a lower --fps%n", seconds, frames[0], fps);
                }
            }
        }
        return 0;
    }
}
