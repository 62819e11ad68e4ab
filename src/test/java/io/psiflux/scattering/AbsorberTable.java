package io.psiflux.scattering;

import io.psiflux.backend.DeviceBuffer;
import io.psiflux.backend.cpu.CpuBackend;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import io.psiflux.physics.Absorber;
import io.psiflux.physics.Hamiltonian;
import io.psiflux.physics.InitialState;
import io.psiflux.propagate.SplitOperator;
import java.util.Locale;

/**
 * The measurement behind docs/config.md's absorber table (a program, not a test: minutes of CPU).
 * On the square-barrier sample's grid (8192 points on [-204.8, 204.8), dx = 0.05, so k_max = 62.8;
 * hbar = m = 1, Strang, dt = 0.01) a Gaussian packet of wavenumber k and sigma max(10, 10 / k)
 * starts 6 sigma inside the right layer's inner edge and runs into it. Once its slowest part (k - 4 sigma_k) has
 * had time to go in and come back, the probability found in the interior is split by the sign of
 * its wavenumbers: moving left is what the right layer reflected (R), moving right is what crossed
 * both layers, across the periodic boundary, and came back in from the left (T).
 *
 * <pre>
 * mvn -o -q -B package -DskipTests &amp;&amp; mvn -o -q -B test-compile
 * java -cp target/psiflux.jar:target/test-classes io.psiflux.scattering.AbsorberTable [width strength profile ...]
 * </pre>
 */
public final class AbsorberTable {
    static final Grid GRID = Grid.of(new Axis(8192, -204.8, 204.8));
    static final double SIGMA = 10, DT = 0.01;
    static final double[] KS = {0.5, 1, 2, 4, 8, 16, 32, 60};

    public static void main(String[] args) {
        Object[][] rows = args.length > 0 ? parse(args) : new Object[][] {
            {30.0, 1.0, Absorber.Profile.TWO_STAGE}, {30.0, 1.0, Absorber.Profile.QUADRATIC},
            {30.0, 16.0, Absorber.Profile.QUADRATIC}, {30.0, 4.0, Absorber.Profile.TWO_STAGE},
            {20.0, 1.0, Absorber.Profile.TWO_STAGE}, {10.0, 1.0, Absorber.Profile.TWO_STAGE}};
        StringBuilder head = new StringBuilder("| profile | width | strength |");
        for (double k : KS) head.append(String.format(Locale.ROOT, " k = %s |", fmt(k)));
        System.out.println(head);
        for (Object[] r : rows) {
            Absorber a = new Absorber((Double) r[0], (Double) r[1], (Absorber.Profile) r[2]);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s | %s | %s |", a.profile().key, fmt(a.width()),
                    fmt(a.strength())));
            for (double k : KS) {
                double[] rt = measure(a, k);
                line.append(String.format(Locale.ROOT, " %.1e / %.1e |", rt[0], rt[1]));
            }
            System.out.println(line);
        }
    }

    private static Object[][] parse(String[] args) {
        Object[][] rows = new Object[args.length / 3][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new Object[] {Double.parseDouble(args[3 * i]), Double.parseDouble(args[3 * i + 1]),
                Absorber.Profile.parse(args[3 * i + 2])};
        }
        return rows;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** {R, T} for a packet of wavenumber k (hbar = m = 1). */
    static double[] measure(Absorber a, double k) {
        Grid g = GRID;
        Axis x = g.axis(0);
        double inner = x.max() - a.width();
        // sigma_k <= k / 20, so the packet's speeds span 0.8 k .. 1.2 k (4 sigma_k): all of what the
        // layer reflects is back in the interior at once, before its fastest part reaches the left layer
        double sigma = Math.max(SIGMA, 10 / k);
        double x0 = inner - 6 * sigma, sk = 1 / (2 * sigma), slow = k - 4 * sk;
        long steps = (long) Math.ceil((2 * (6 * sigma + a.width()) + 6 * sigma) / slow / DT);
        Hamiltonian h = Hamiltonian.free(1, 1).withAbsorber(a);
        try (CpuBackend b = new CpuBackend(g, Precision.DOUBLE); SplitOperator op = new SplitOperator(b, h, DT)) {
            op.reset(InitialState.gaussian(new double[] {x0, 0, 0}, new double[] {sigma, 1, 1}, new double[] {k, 0, 0})
                    .create(g, Precision.DOUBLE, 1), 0, 0);
            while (op.step() < steps) op.advance((int) Math.min(1000, steps - op.step()));
            ComplexField psi = new ComplexField(g, Precision.DOUBLE);
            b.download(op.psi(), psi);
            for (int i = 0; i < g.points(); i++) if (Math.abs(x.x(i)) >= inner) psi.set(i, 0, 0);
            try (DeviceBuffer buf = b.allocate()) {
                b.upload(psi, buf);
                b.fft(buf, false);
                b.download(buf, psi);
            }
            // Parseval: sum |psi|^2 dx = sum |phi|^2 dx / N
            double left = 0, right = 0;
            for (int i = 0; i < g.points(); i++) {
                double w = psi.abs2(i) * x.dx() / g.points();
                if (x.k(i) < 0) left += w;
                else if (x.k(i) > 0) right += w;
            }
            return new double[] {left, right};
        }
    }
}
