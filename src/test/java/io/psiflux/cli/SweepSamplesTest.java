package io.psiflux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.physics.Expressions;
import io.psiflux.scattering.Eckart;
import io.psiflux.sweep.Plan;
import io.psiflux.sweep.SweepFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.objecthunter.exp4j.Expression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sweep samples under samples/sweeps/ (which SamplesTest does not take for run configs): each
 * has its header and command and every one of its points validates; the Eckart sample, reduced
 * to three energies, runs as a sweep and meets the exact packet-averaged transmission as closely
 * as its header says, and its reference curve is as close to that average as the header says.
 */
class SweepSamplesTest {
    @TempDir
    Path tmp;

    static Stream<Path> sweeps() throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.list(Path.of("samples/sweeps"))) {
            all = s.filter(p -> p.toString().endsWith(".toml")).sorted().toList();
        }
        assertFalse(all.isEmpty(), "no sweep samples found");
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sweeps")
    void everySweepSampleHasItsHeaderAndEveryPointValidates(Path sample) throws IOException {
        String text = Files.readString(sample);
        assertTrue(text.startsWith("#"), "a sample starts with a header comment saying what to expect");
        assertTrue(text.contains("./psiflux sweep samples/sweeps/" + sample.getFileName()), "the header shows the command");
        Plan plan = Plan.of(SweepFile.read(sample));
        assertEquals(plan.file().points(), plan.points().size());
    }

    @Test
    void theEckartSampleReducedToThreeEnergiesMeetsTheExactPacketAveragedTransmission() throws Exception {
        Path sample = Path.of("samples/sweeps/eckart-transmission.toml");
        String text = Files.readString(sample);
        assertTrue(text.contains("num = 40") && text.contains("base = \"../eckart-tunnelling-1d.toml\""), "the sample as documented");
        assertEquals(40, SweepFile.read(sample).points());

        // the plot's reference curve (seven-point Gauss-Hermite) against the exact average: within 2e-5,
        // so the points sit on it as closely as the header says
        SweepFile.Plot plot = SweepFile.read(sample).plot();
        Expression ref = Expressions.compile(plot.reference(), "plot.reference", List.of("x", "E"));
        double worst = 0;
        for (int i = 0; i <= 100; i++) {
            double p = 1.0 + 2.0 * i / 100, e = p * p / 2;
            double exact = Eckart.averaged(p, SweepLocalTest.SIGMA, SweepLocalTest.V0, SweepLocalTest.A, 1, 1);
            worst = Math.max(worst, Math.abs(ref.setVariable("x", e).setVariable("E", e).evaluate() - exact));
        }
        System.out.printf("eckart-transmission: reference curve within %.1e of the exact packet average%n", worst);
        assertTrue(worst < 2e-5, "reference curve off the exact average by " + worst);

        // the same sweep with 3 energies instead of 40 (p = 1, 2, 3)
        Path reduced = tmp.resolve("eckart-transmission.toml");
        Files.writeString(reduced, text.replace("num = 40", "num = 3")
                .replace("base = \"../eckart-tunnelling-1d.toml\"", "base = \"" + Path.of("samples/eckart-tunnelling-1d.toml").toAbsolutePath() + "\""));
        Path out = tmp.resolve("out");
        CliRunner.Result r = CliRunner.run("sweep", reduced.toString(), "--out", out.toString(), "--backend", "cpu", "--jobs", "2");
        assertEquals(0, r.code(), r.out() + r.err());
        List<Map<String, String>> rows = SweepCsv.read(out.resolve("sweep.csv"));
        assertEquals(3, rows.size());
        for (Map<String, String> row : rows) {
            double p = Double.parseDouble(row.get("p"));
            assertEquals(p * p / 2, Double.parseDouble(row.get("E")), 1e-15, "the derived column");
            double exact = Eckart.averaged(p, SweepLocalTest.SIGMA, SweepLocalTest.V0, SweepLocalTest.A, 1, 1);
            double t = Double.parseDouble(row.get("through_right"));
            System.out.printf("eckart-transmission p = %.1f: T = %.6f, exact packet-averaged %.6f, difference %.1e%n", p, t, exact, t - exact);
            assertEquals(exact, t, 3e-5, "the header's promise at p = " + p);
        }
        assertTrue(Files.size(out.resolve("sweep.png")) > 0, "the [plot] section draws sweep.png");
    }
}
