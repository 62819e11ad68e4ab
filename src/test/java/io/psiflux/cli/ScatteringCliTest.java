package io.psiflux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end of issue 5: absorbed and flux columns, through in summary.json, state files, exit 3. */
class ScatteringCliTest {
    @TempDir
    Path dir;

    CliRunner.Result run(String toml) throws IOException {
        Path cfg = dir.resolve("case.toml");
        Files.writeString(cfg, toml);
        return CliRunner.run("run", cfg.toString(), "--out", dir.resolve("out").toString(), "--backend", "cpu");
    }

    @Test
    void fluxAndAbsorberColumnsAndSummary() throws IOException {
        CliRunner.Result r = run("""
                [grid]
                points = [128]
                extent = [[-20.0, 20.0]]
                [initial]
                type = "gaussian"
                sigma = [1.0]
                momentum = [2.0]
                [time]
                dt = 0.01
                steps = 20
                order = 4
                [absorber]
                width = 5.0
                [[flux]]
                name = "right"
                axis = "x"
                position = 1.0
                [output]
                every = 10
                fields = ["current_transport", "current_circulating"]
                """);
        assertEquals(0, r.code(), r.err());
        String csv = Files.readString(dir.resolve("out/observables.csv"));
        assertTrue(csv.startsWith("step,time,norm,energy,mean_x,mean_px,absorbed,flux_right,through_right\n"), csv);
        String summary = Files.readString(dir.resolve("out/summary.json"));
        assertTrue(summary.contains("\"through\""), summary);
        assertTrue(r.out().contains("through_right = "), r.out());
        assertTrue(Files.exists(dir.resolve("out/current_transport_000010.npy")));
        assertTrue(Files.exists(dir.resolve("out/current_circulating_000020.npy")));
    }

    static final String OSCILLATOR = """
            [grid]
            points = [64]
            extent = [[-10.0, 10.0]]
            [potential]
            expression = "0.5*x^2"
            [initial]
            type = "gaussian"
            center = [0.5]
            sigma = [1.5]
            [time]
            dt = 0.01
            imaginary = true
            states = 2
            """;

    @Test
    void imaginaryTimeWritesStatesAndEnergies() throws IOException {
        CliRunner.Result r = run(OSCILLATOR + "steps = 5000\n");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(dir.resolve("out/state_0.npy")) && Files.exists(dir.resolve("out/state_1.npy")));
        String summary = Files.readString(dir.resolve("out/summary.json"));
        assertTrue(summary.contains("\"energies\"") && summary.contains("\"converged\": true"), summary);
        assertTrue(r.out().contains("energies: 0.5000000"), r.out());
        assertTrue(Files.readString(dir.resolve("out/observables.csv")).startsWith("step,time,norm,energy,mean_x,mean_px,state\n"));
    }

    @Test
    void notConvergedSaysSoOnOneLineAndExitsThree() throws IOException {
        CliRunner.Result r = run(OSCILLATOR + "steps = 30\n");
        assertEquals(3, r.code(), r.err());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), err);
        assertTrue(err.contains("did not converge") && err.contains("time.steps"), err);
        assertTrue(Files.exists(dir.resolve("out/state_1.npy")), "the states found so far are still written");
    }
}
