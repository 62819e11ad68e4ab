package io.psiflux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * time.method = "eigen" and "chebyshev" from the command line: the anisotropic oscillator's
 * levels (n_x + 1/2) + 1.5 (n_y + 1/2) per state in summary.json, a coherent state's energy
 * after Chebyshev steps, and the refusals (one line naming the key, exit 2, nothing written).
 */
class EigenChebyshevCliTest {

    @TempDir
    Path dir;

    static final String OSCILLATOR = """
            [grid]
            points = [48, 48]
            extent = [[-8.0, 8.0], [-8.0, 8.0]]
            [potential]
            expression = "0.5*(x^2 + 2.25*y^2)"
            [initial]
            type = "gaussian"
            center = [0.3, -0.2]
            sigma = [1.0, 1.0]
            [time]
            method = "eigen"
            dt = 0.01
            steps = 50
            [eigen]
            states = 5
            """;

    private CliRunner.Result run(String text, String backend) throws IOException {
        Path cfg = dir.resolve("case.toml");
        Files.writeString(cfg, text);
        return CliRunner.run("run", cfg.toString(), "--out", dir.resolve("out").toString(), "--backend", backend);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "opencl"})
    void theEigensolverReportsEachStatesEnergyResidualAndConvergence(String backend) throws IOException {
        CliRunner.Result r = run(OSCILLATOR, backend);
        assertEquals(0, r.code(), r.err() + r.out());
        JsonNode s = new ObjectMapper().readTree(dir.resolve("out/summary.json").toFile());
        JsonNode states = s.get("states");
        assertEquals(5, states.size(), s.toString());
        double[] exact = {1.25, 2.25, 2.75, 3.25, 3.75};
        for (int k = 0; k < 5; k++) {
            JsonNode st = states.get(k);
            assertEquals(exact[k], st.get("energy").asDouble(), 1e-9, "state " + k + ": " + st);
            assertTrue(st.get("converged").asBoolean(), st.toString());
            assertTrue(st.get("residual").asDouble() < 1e-6, st.toString());
            assertEquals(exact[k], s.get("energies").get(k).asDouble(), 1e-9);
            assertTrue(Files.exists(dir.resolve("out/state_" + k + ".npy")));
        }
        assertEquals("completed", s.get("status").asText());
        assertTrue(s.get("converged").asBoolean());
        assertTrue(Files.readString(dir.resolve("out/observables.csv")).lines().findFirst().orElseThrow().contains("residual"));
    }

    @Test
    void tooFewIterationsSayWhichStateAndExitThree() throws IOException {
        CliRunner.Result r = run(OSCILLATOR + "iterations = 2\n", "cpu");
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains("did not converge") && r.err().contains("eigen.iterations"), r.err());
        JsonNode s = new ObjectMapper().readTree(dir.resolve("out/summary.json").toFile());
        assertFalse(s.get("states").get(4).get("converged").asBoolean());
    }

    /** A coherent state of the 1D oscillator: E = (1 + x0^2 + p0^2) / 2 after any number of exact steps. */
    @Test
    void chebyshevRunKeepsTheCoherentStatesEnergy() throws IOException {
        String cfg = """
                [grid]
                points = [128]
                extent = [[-12.0, 12.0]]
                [potential]
                expression = "0.5*x^2"
                [initial]
                type = "gaussian"
                center = [1.5]
                sigma = [0.7071067811865476]
                momentum = [-1.0]
                [time]
                method = "chebyshev"
                dt = 0.5
                steps = 12
                """;
        CliRunner.Result r = run(cfg, "cpu");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Chebyshev:"), r.out());
        JsonNode s = new ObjectMapper().readTree(dir.resolve("out/summary.json").toFile());
        assertEquals("chebyshev", s.get("method").asText());
        assertEquals((1 + 1.5 * 1.5 + 1.0) / 2, s.get("final_energy").asDouble(), 1e-11);
        assertEquals(1.0, s.get("final_norm").asDouble(), 1e-12);
    }

    static Stream<Arguments> refusals() {
        String cheb = OSCILLATOR.replace("method = \"eigen\"", "method = \"chebyshev\"").replace("[eigen]\nstates = 5\n", "");
        return Stream.of(
                Arguments.of("unknown method", OSCILLATOR.replace("\"eigen\"", "\"lanczos\""), "time.method"),
                Arguments.of("eigen with an absorber", OSCILLATOR + "[absorber]\nwidth = 2.0\n", "absorber"),
                Arguments.of("eigen with a nonlinearity", OSCILLATOR + "[nonlinear]\ng = 1.0\n", "nonlinear"),
                Arguments.of("eigen with imaginary time", OSCILLATOR.replace("steps = 50", "steps = 50\nimaginary = true"),
                        "time.imaginary"),
                Arguments.of("eigen with spectra", OSCILLATOR + "[spectrum]\n", "spectrum"),
                Arguments.of("eigen with trajectories", OSCILLATOR + "[trajectories]\ncount = 10\n", "trajectories"),
                Arguments.of("eigen with flux planes", OSCILLATOR + "[[flux]]\nname = \"r\"\naxis = \"x\"\nposition = 1.0\n", "flux"),
                Arguments.of("eigen states 0", OSCILLATOR.replace("states = 5", "states = 0"), "eigen.states"),
                Arguments.of("eigen tolerance 0", OSCILLATOR + "tolerance = 0.0\n", "eigen.tolerance"),
                Arguments.of("[eigen] without the method", OSCILLATOR.replace("method = \"eigen\"\n", ""), "eigen"),
                Arguments.of("chebyshev with V(t)", cheb.replace("0.5*(x^2 + 2.25*y^2)", "0.5*(x^2 + 2.25*y^2)*cos(t)"), "time.method"),
                Arguments.of("chebyshev with an absorber", cheb + "[absorber]\nwidth = 2.0\n", "absorber"),
                Arguments.of("chebyshev with a nonlinearity", cheb + "[nonlinear]\ng = 1.0\n", "nonlinear"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusalsAreOneLineExitTwoAndWriteNothing(String name, String text, String key) throws IOException {
        CliRunner.Result r = run(text, "cpu");
        assertEquals(2, r.code(), r.err());
        String err = r.err().strip();
        assertFalse(err.contains("\n") || err.contains("Exception"), err);
        assertTrue(err.startsWith("psiflux: " + key), err);
        assertFalse(Files.exists(dir.resolve("out")), "nothing written");
    }
}
