package io.psiflux.viz;

import io.psiflux.field.Precision;
import io.psiflux.sim.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Frames per second of headless rendering, printed, never asserted (timings depend on the box).
 * Run with {@code mvn -q test -Dtest=RenderBenchmark -Dpsiflux.bench=true}.
 */
@EnabledIfSystemProperty(named = "psiflux.bench", matches = "true")
class RenderBenchmark {

    @Test
    void framesPerSecond(@TempDir Path dir) throws Exception {
        for (int[] size : new int[][]{{800, 600}, {1920, 1080}}) {
            try (HeadlessRenderer r = new HeadlessRenderer(size[0], size[1])) {
                System.out.println("driver: " + r.driver() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, "
                        + size[0] + "x" + size[1]);
                int[][] cases = {{2, 512}, {2, 1024}, {3, 64}, {3, 128}, {1, 4096}};
                for (int[] c : cases) {
                    int rank = c[0], n = c[1];
                    Snapshot[] s = new Snapshot[2];
                    for (int i = 0; i < 2; i++) {
                        s[i] = TestSnapshots.packet(TestSnapshots.grid(rank, n, 20), new double[]{-2, 0, 0}, new double[]{3, 1, 0},
                                1.5, 0.1 * i, Precision.SINGLE, x -> x[0] > 5 ? 10 : 0);
                    }
                    String[] styles = rank == 1 ? new String[]{"plot"} : new String[]{"no current", "arrows", "streamlines"};
                    for (String style : styles) {
                        View v = new View().showCurrent(!style.equals("no current"))
                                .currentStyle(style.equals("arrows") ? View.CurrentStyle.ARROWS : View.CurrentStyle.STREAMLINES);
                        for (int i = 0; i < 10; i++) r.render(s[i % 2], v); // JIT and driver warm-up
                        int frames = rank == 3 ? 10 : 30;
                        double[] render = new double[3], png = new double[3];
                        for (int rep = 0; rep < 3; rep++) {
                            long t0 = System.nanoTime();
                            for (int i = 0; i < frames; i++) r.render(s[i % 2], v);
                            render[rep] = frames / ((System.nanoTime() - t0) * 1e-9);
                            t0 = System.nanoTime();
                            for (int i = 0; i < frames / 3; i++) r.writePng(s[i % 2], v, Video.frame(dir, i));
                            png[rep] = frames / 3 / ((System.nanoTime() - t0) * 1e-9);
                        }
                        java.util.Arrays.sort(render);
                        java.util.Arrays.sort(png);
                        System.out.printf(Locale.ROOT, "%dx%d %dD n=%d (%s) %s: render %.1f fps, render + PNG %.1f fps (medians of 3)%n",
                                size[0], size[1], rank, n, rank == 1 ? n + " points" : n + "^" + rank, style, render[1], png[1]);
                    }
                }
            }
        }
    }
}
