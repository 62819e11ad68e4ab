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
        try (HeadlessRenderer r = new HeadlessRenderer()) {
            System.out.println("driver: " + r.driver() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs");
            int[][] cases = {{2, 512}, {2, 1024}, {3, 64}, {3, 128}, {1, 4096}};
            for (int[] c : cases) {
                int rank = c[0], n = c[1];
                Snapshot[] s = new Snapshot[2];
                for (int i = 0; i < 2; i++) {
                    s[i] = TestSnapshots.packet(TestSnapshots.grid(rank, n, 20), new double[]{-2, 0, 0}, new double[]{3, 1, 0},
                            1.5, 0.1 * i, Precision.SINGLE, x -> x[0] > 5 ? 10 : 0);
                }
                for (int i = 0; i < 15; i++) r.render(s[i % 2]); // JIT and driver warm-up
                int frames = rank == 3 ? 15 : 60;
                long t0 = System.nanoTime();
                for (int i = 0; i < frames; i++) r.render(s[i % 2]);
                double render = frames / ((System.nanoTime() - t0) * 1e-9);
                t0 = System.nanoTime();
                for (int i = 0; i < frames; i++) r.writePng(s[i % 2], Video.frame(dir, i));
                double png = frames / ((System.nanoTime() - t0) * 1e-9);
                System.out.printf(Locale.ROOT, "%dD n=%d (%s): render %.1f fps, render + PNG %.1f fps%n",
                        rank, n, rank == 1 ? n + " points" : n + "^" + rank, render, png);
            }
        }
    }
}
