package io.psiflux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.backend.cpu.CpuBackend;
import io.psiflux.config.ConfigLoader;
import io.psiflux.config.RunConfig;
import io.psiflux.field.Precision;
import io.psiflux.observe.Observation;
import io.psiflux.sim.Simulation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every sample loads, runs a few steps without NaN and keeps its norm; each has a header comment. */
class SamplesTest {

    static Stream<Path> samples() throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.list(Path.of("samples"))) {
            all = s.filter(p -> p.toString().endsWith(".toml")).sorted().toList();
        }
        assertFalse(all.isEmpty(), "no samples found");
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void sampleRunsAFewStepsAndKeepsItsNorm(Path sample) throws IOException {
        String text = Files.readString(sample);
        assertTrue(text.startsWith("#"), "a sample starts with a header comment saying what to expect");
        assertTrue(text.contains("./psiflux run samples/" + sample.getFileName()), "the header shows the command");
        RunConfig c = ConfigLoader.load(sample);
        // imaginary-time samples are stepped in real time here: a few steps of the same Hamiltonian
        try (Simulation sim = c.builder().backend(new CpuBackend(c.grid(), Precision.DOUBLE)).build()) {
            Observation before = sim.observe();
            sim.advance(5);
            Observation after = sim.observe();
            assertTrue(Double.isFinite(after.norm()) && Double.isFinite(after.energy()), "finite after 5 steps");
            assertEquals(1.0, before.norm(), 1e-12, "initial state normalised");
            assertEquals(before.norm(), after.norm(), 1e-10, "norm conserved");
        }
    }

    @Test
    void theFiveSamplesTheReadmePromisesExist() {
        for (String s : List.of("free-gaussian-1d", "harmonic-coherent-2d", "double-slit-2d", "standing-wave-1d", "gaussian-3d",
                "eckart-tunnelling-1d", "ground-state-2d", "vortex-2d", "driven-oscillator-1d", "cyclotron-2d", "rotating-bec-2d",
                "soliton-collision-1d")) {
            assertTrue(Files.exists(Path.of("samples", s + ".toml")), s);
        }
    }
}
