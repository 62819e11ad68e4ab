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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** psiflux render: the viewer's pictures without a display, one PNG per output step. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Run a config headless and write DIR/frame_NNNNNN.png at every output step (NNNNNN the step).")
final class RenderCommand implements Callable<Integer> {

    @Mixin
    SimulationSetup setup;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder for the frames")
    Path out;

    @Option(names = "--size", defaultValue = "800x600", paramLabel = "WxH", description = "image size; default ${DEFAULT-VALUE}")
    String size;

    @Option(names = "--video", description = "also write DIR/movie.mp4 when ffmpeg is on the PATH")
    boolean video;

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
        RunConfig c = setup.load();
        if (c.options().imaginary()) throw new UserError("time.imaginary: render shows real-time runs; use 'psiflux run' for imaginary time");
        if (Files.exists(out) && !Files.isDirectory(out)) throw new UserError("--out: " + out + " exists and is not a folder");
        HeadlessRenderer renderer;
        try {
            renderer = new HeadlessRenderer(wh[0], wh[1]);
        } catch (GraphicsUnavailable e) {
            System.err.println("psiflux: cannot render headless: " + e.getMessage());
            return 1;
        }
        try (renderer; Simulation sim = setup.open(c)) {
            Files.createDirectories(out);
            long[] frames = {0};
            Output frameOut = new Output() {
                @Override
                public void write(Observation o, Snapshot s) throws IOException {
                    renderer.writePng(s, Video.frame(out, o.step()));
                    frames[0]++;
                }

                @Override
                public void finish(RunResult r) {
                }

                @Override
                public void close() {
                }
            };
            long t0 = System.nanoTime();
            RunResult r = sim.run(c.steps(), c.every(), SimulationSetup.PICTURE, frameOut, ProgressBar.forStderr());
            double wall = (System.nanoTime() - t0) * 1e-9;
            System.out.printf("psiflux: %d frames (%dx%d, %s) in %s; %.1f s in all, %.2f s stepping%n", frames[0], wh[0], wh[1],
                    renderer.driver(), out, wall, r.secondsStepping());
            if (video) {
                Video.Outcome v = Video.encode(out, out.resolve("movie.mp4"));
                System.out.println("psiflux: " + v.message());
            }
        }
        return 0;
    }
}
