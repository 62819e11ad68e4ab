package io.psiflux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 from the command line: the probability budget of a run with two flux planes (columns,
 * summary.json, the end-of-run line and warning), and the note on order 4 with a sharp potential.
 */
class BudgetCliTest {
    @TempDir
    Path dir;

    /**
     * A free packet (sigma 2, so sigma_p = 1/4, p0 = 3) from x = 0 between planes at +-10, with an
     * absorber of width 10 on [-40, 40): every part of it moves right (P(p < 0) is 12 sigma_p
     * away), so T = through_right -> 1, R = -through_left -> 0.
     */
    static String packet(long steps) {
        return """
                [grid]
                points = [512]
                extent = [[-40.0, 40.0]]
                [initial]
                type = "gaussian"
                sigma = [2.0]
                momentum = [3.0]
                [time]
                dt = 0.01
                steps = %d
                [absorber]
                width = 10.0
                [[flux]]
                name = "left"
                axis = "x"
                position = -10.0
                [[flux]]
                name = "right"
                axis = "x"
                position = 10.0
                [output]
                every = 100
                fields = []
                """.formatted(steps);
    }

    CliRunner.Result run(String toml, String backend) throws IOException {
        Path cfg = dir.resolve("case.toml");
        Files.writeString(cfg, toml);
        return CliRunner.run("run", cfg.toString(), "--out", dir.resolve("out-" + backend).toString(), "--backend", backend,
                "--overwrite");
    }

    @Test
    void aRunWithPlanesWritesItsBudgetAndItCloses() throws IOException {
        for (String backend : List.of("cpu", "opencl")) {
            CliRunner.Result r = run(packet(2500), backend);
            assertEquals(0, r.code(), r.err());
            assertFalse(r.err().contains("budget"), "no warning when the budget closes: " + r.err());
            assertTrue(r.out().contains("probability budget: residual"), r.out());
            Path out = dir.resolve("out-" + backend);
            List<String> rows = Files.readAllLines(out.resolve("observables.csv"));
            List<String> head = Arrays.asList(rows.get(0).split(","));
            int res = head.indexOf("budget_residual"), between = head.indexOf("p_between"), outside = head.indexOf("p_outside"),
                    norm = head.indexOf("norm"), lo = head.indexOf("through_left"), hi = head.indexOf("through_right"),
                    absorbed = head.indexOf("absorbed");
            assertTrue(res > 0 && between > 0 && outside > 0, rows.get(0));
            double between0 = Double.parseDouble(rows.get(1).split(",")[between]);
            // the tails beyond 5 sigma start outside the slab: P_between(0) = 1 - erfc(5 / sqrt 2), to the trapezoid
            // rule's end correction dx^2 / 12 |rho'(10)| (1e-8)
            assertEquals(1 - 5.733e-7, between0, 2e-8, backend + ": P_between at t = 0");
            for (String row : rows.subList(1, rows.size())) {
                double[] v = Arrays.stream(row.split(",")).mapToDouble(Double::parseDouble).toArray();
                // continuity: what crossed the two faces plus what is between them is what started there, at every output step
                assertEquals(between0, v[hi] - v[lo] + v[between], 1e-5, backend + ": T + R + P_between at " + row);
                assertEquals(v[hi] - v[lo] + v[between] - between0, v[res], 1e-9, backend + ": the residual column");
                assertEquals(v[norm], v[between] + v[outside], 1e-9, backend + ": norm = P_between + P_outside");
                assertEquals(1 - v[norm], v[absorbed], 1e-9, backend + ": absorbed = 1 - norm");
            }
            JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
            assertEquals(0.0, s.get("final_budget_residual").asDouble(), 1e-5, s.toString());
            assertTrue(s.get("final_p_between").asDouble() < 1e-6, "the packet has left the slab: " + s);
            assertEquals(1.0, s.get("through").get("right").asDouble(), 1e-5, "T of a free packet moving right: " + s);
            assertTrue(s.has("final_p_outside") && s.has("final_absorbed"), s.toString());
        }
    }

    @Test
    void aRunThatEndsWithProbabilityBetweenThePlanesWarnsOnOneLine() throws IOException {
        CliRunner.Result r = run(packet(100), "cpu");
        assertEquals(0, r.code(), r.err());
        List<String> warnings = r.err().lines().filter(l -> l.contains("probability budget")).toList();
        assertEquals(1, warnings.size(), r.err());
        assertTrue(warnings.get(0).contains("still between the planes"), warnings.get(0));
    }

    static final String BARRIER = """
            [grid]
            points = [256]
            extent = [[-20.0, 20.0]]
            [potential]
            expression = "%s"
            [initial]
            type = "gaussian"
            center = [-5.0]
            sigma = [1.0]
            momentum = [1.0]
            [time]
            dt = 0.01
            steps = 2
            order = %d
            """;

    @Test
    void orderFourWithAStepOrAbsSaysItIsNoBetterThanOrderTwo() throws IOException {
        for (String v : List.of("step(1 - abs(x))", "abs(x)")) {
            CliRunner.Result r = run(BARRIER.formatted(v, 4), "cpu");
            assertEquals(0, r.code(), r.err());
            assertEquals(1, r.err().lines().filter(l -> l.contains("time.order = 4")).count(), r.err());
            CliRunner.Result two = run(BARRIER.formatted(v, 2), "cpu");
            assertFalse(two.err().contains("time.order"), two.err());
        }
        CliRunner.Result smooth = run(BARRIER.formatted("0.5*x^2", 4), "cpu");
        assertFalse(smooth.err().contains("time.order"), "a smooth V: " + smooth.err());
    }

    @Test
    void orderFourWithAFilePotentialThatJumpsSaysSoButNotForASmoothOne() throws IOException {
        double[] jump = new double[256], smooth = new double[256];
        for (int i = 0; i < 256; i++) {
            double x = -20 + i * 40.0 / 256;
            jump[i] = Math.abs(x) < 1 ? 1 : 0;
            smooth[i] = 0.5 * x * x;
        }
        for (boolean jumps : new boolean[] {true, false}) {
            BadInputTest.writeNpy(dir.resolve("V.npy"), new int[] {256}, jumps ? jump : smooth, "<f8");
            String toml = BARRIER.formatted("x", 4).replace("expression = \"x\"", "file = \"V.npy\"");
            CliRunner.Result r = run(toml, "cpu");
            assertEquals(0, r.code(), r.err());
            assertEquals(jumps, r.err().contains("time.order = 4"), (jumps ? "a barrier: " : "a harmonic trap: ") + r.err());
        }
    }
}
