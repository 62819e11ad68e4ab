import io.psiflux.config.ConfigLoader;
import io.psiflux.config.RunConfig;
import io.psiflux.observe.TrajectorySpec;
import io.psiflux.sim.Simulation;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Milliseconds per step of a config with N Bohmian particles drawn from |psi(0)|^2, for each N given,
 * rounds alternating the counts (median and minimum of the rounds). The config's own [trajectories] are
 * replaced. Run from the checkout after mvn package:
 *
 *     java -cp target/psiflux.jar ci/bench/ParticleBench.java CONFIG BACKEND STEPS ROUNDS 0,1000,4000
 */
public class ParticleBench {
    public static void main(String[] a) {
        RunConfig c = ConfigLoader.load(Path.of(a[0]));
        String backend = a[1];
        int steps = Integer.parseInt(a[2]), rounds = Integer.parseInt(a[3]);
        int[] counts = Arrays.stream(a[4].split(",")).mapToInt(Integer::parseInt).toArray();
        double[][] ms = new double[counts.length][rounds];
        Simulation[] sims = new Simulation[counts.length];
        for (int k = 0; k < counts.length; k++) {
            sims[k] = c.builder().backend(backend).trajectories(counts[k] == 0 ? null : TrajectorySpec.sampled(counts[k])).build();
            sims[k].advance(3 * steps); // warm-up (JIT, PoCL kernels)
        }
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < counts.length; k++) {
                long t0 = System.nanoTime();
                sims[k].advance(steps);
                ms[k][r] = (System.nanoTime() - t0) / 1e6 / steps;
            }
        }
        for (int k = 0; k < counts.length; k++) {
            double[] s = ms[k].clone();
            Arrays.sort(s);
            System.out.printf(Locale.ROOT, "%s %s particles %d: ms/step median %.3f min %.3f  rounds %s%n", backend, c.grid(), counts[k], s[rounds / 2], s[0],
                    Arrays.toString(Arrays.stream(ms[k]).map(x -> Math.round(x * 1000) / 1000.0).toArray()));
            sims[k].close();
        }
    }
}
