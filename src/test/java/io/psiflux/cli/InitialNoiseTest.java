package io.psiflux.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.config.ConfigLoader;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import io.psiflux.physics.InitialState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * initial.noise: a relative random perturbation of the initial state, seeded. Its use: a
 * symmetric condensate in a rotating trap relaxes (imaginary time) to the vortex-free state,
 * a stationary point it never leaves, while a perturbed one lets vortices in and reaches the
 * lattice, whose density of vortices Feynman's rule gives (m Omega / (pi hbar) per unit area).
 */
class InitialNoiseTest {

    @TempDir
    Path tmp;

    private static final Grid LINE = Grid.of(new Axis(4096, -20, 20));
    private static final InitialState WIDE = InitialState.gaussian(new double[] {0, 0, 0}, new double[] {3, 1, 1}, new double[] {1, 0, 0});

    /** ||a - b|| / ||b|| on the grid. */
    private static double relative(ComplexField a, ComplexField b) {
        double d = 0, n = 0;
        for (int p = 0; p < a.points(); p++) {
            d += Math.pow(a.re(p) - b.re(p), 2) + Math.pow(a.im(p) - b.im(p), 2);
            n += b.abs2(p);
        }
        return Math.sqrt(d / n);
    }

    @Test
    void theNoiseIsRelativeSeededAndNormalised() {
        ComplexField plain = WIDE.create(LINE, Precision.DOUBLE, 1);
        assertArrayEquals(plain.doubles(), WIDE.withNoise(0, 5).create(LINE, Precision.DOUBLE, 1).doubles(), "noise 0: the state itself");
        ComplexField a = WIDE.withNoise(0.02, 7).create(LINE, Precision.DOUBLE, 1);
        ComplexField b = WIDE.withNoise(0.02, 7).create(LINE, Precision.DOUBLE, 1);
        ComplexField c = WIDE.withNoise(0.02, 8).create(LINE, Precision.DOUBLE, 1);
        assertArrayEquals(a.doubles(), b.doubles(), "the same seed, the same state");
        assertTrue(relative(a, c) > 0.01, "another seed, another state");
        double norm = 0;
        for (int p = 0; p < a.points(); p++) norm += a.abs2(p);
        assertEquals(1.0, norm * LINE.dV(), 1e-12, "normalised");
        // E |a + ib|^2 = 2 for standard normal a, b: the perturbation is noise * sqrt(2) relative
        // (over the ~600 points the packet weighs, within 15%)
        double r = relative(a, plain);
        assertEquals(0.02 * Math.sqrt(2), r, 0.15 * 0.02 * Math.sqrt(2), "relative size " + r);
    }

    @Test
    void aNoisyStartLetsVorticesIntoARotatingCondensate() throws Exception {
        String config = """
                [grid]
                points = [64, 64]
                extent = [[-9.0, 9.0], [-9.0, 9.0]]
                [potential]
                expression = "0.5*(x^2 + y^2)"
                [rotation]
                omega = 0.85
                [nonlinear]
                g = 300.0
                [initial]
                type = "gaussian"
                sigma = [2.0, 2.0]
                NOISE
                [time]
                dt = 0.01
                steps = 3000
                imaginary = true
                tolerance = 0
                [output]
                every = 1000
                fields = ["vortices"]
                """;
        double[][] last = new double[2][];
        String[] noise = {"", "noise = 0.05"};
        for (int i = 0; i < 2; i++) {
            Path cfg = tmp.resolve("bec" + i + ".toml"), out = tmp.resolve("out" + i);
            Files.writeString(cfg, config.replace("NOISE", noise[i]));
            ConfigLoader.load(cfg);
            CliRunner.Result r = CliRunner.run("run", cfg.toString(), "--out", out.toString(), "--backend", "cpu");
            assertEquals(0, r.code(), r.err());
            List<String> rows = Files.readAllLines(out.resolve("observables.csv"));
            List<String> head = List.of(rows.get(0).split(","));
            String[] end = rows.get(rows.size() - 1).split(",");
            last[i] = new double[] {Double.parseDouble(end[head.indexOf("energy")]), Double.parseDouble(end[head.indexOf("lz")]),
                Double.parseDouble(end[head.indexOf("vortices")])};
        }
        String msg = String.format(java.util.Locale.ROOT, "symmetric start: E %.4f, lz %.3g, %d vortices; noise 0.05: E %.4f, lz %.3f, %d vortices",
                last[0][0], last[0][1], (int) last[0][2], last[1][0], last[1][1], (int) last[1][2]);
        System.out.println("rotating condensate, " + msg);
        // the symmetric start stays on the vortex-free stationary state
        assertEquals(0, last[0][2], 0, msg);
        assertTrue(Math.abs(last[0][1]) < 1e-6, msg);
        // the perturbed one reaches the lattice: far lower energy, angular momentum near the rigid
        // body's Omega <r^2> (about 10), and Feynman's 0.27 vortices per unit area over the cloud
        // (radius about 6: some 30; the edge of a finite lattice holds fewer)
        assertTrue(last[1][0] < last[0][0] - 1.5, msg);
        assertTrue(last[1][1] > 8 && last[1][1] < 11, msg);
        assertTrue(last[1][2] >= 15 && last[1][2] <= 35, msg);
    }
}
