package io.psiflux.scattering;

import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import io.psiflux.physics.Sampling;
import java.util.Locale;

/**
 * The measurement behind docs/config.md's square-barrier tables (a program, not a test: minutes
 * of CPU): issue 12's barrier (V = 1 on |x| < 1, box [-204.8, 204.8), sigma 10 from -90, planes
 * +-160, default absorber of width 30) with the given sampling, at each E, for each number of
 * points (dx = 409.6 / N) and dt: T, T - exact (packet-averaged), R + T - 1, the budget's residual.
 *
 * <pre>
 * mvn -o -q -B package -DskipTests &amp;&amp; mvn -o -q -B test-compile
 * java -cp target/psiflux.jar:target/test-classes io.psiflux.scattering.SquareBarrierTable cell 0.01 1.5,0.5 4096,8192,16384
 * </pre>
 */
public final class SquareBarrierTable {
    public static void main(String[] args) {
        Sampling sampling = Sampling.parse(args[0]);
        double dt = Double.parseDouble(args[1]);
        System.out.println("| sampling | E | N | dx | dt | T | T - exact | R + T - 1 | residual |");
        for (String e : args[2].split(",")) {
            double energy = Double.parseDouble(e);
            double exact = SquareBarrier.averaged(Math.sqrt(2 * energy), SquareBarrierTest.SIGMA, 1, 2, 1, 1);
            for (String n : args[3].split(",")) {
                Grid g = Grid.of(new Axis(Integer.parseInt(n), -204.8, 204.8));
                SquareBarrierTest.Run r = SquareBarrierTest.run(g, dt, energy, sampling, 2);
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %.6f | %+.2e | %+.1e | %+.1e |%n", sampling.key(), e, n,
                        g.axis(0).dx(), dt, r.t(), r.t() - exact, r.t() + r.r() - 1, r.residual());
            }
        }
    }
}
