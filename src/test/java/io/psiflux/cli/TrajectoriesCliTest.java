package io.psiflux.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.io.Npy;
import io.psiflux.io.NpyArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * [trajectories] through `psiflux run`: trajectories.npy with a row per observables.csv row (or
 * every `every` steps), a resumed run continuing the paths exactly, and bad tables refused in one
 * line with exit 2 and nothing written.
 */
class TrajectoriesCliTest {
    /** A 2D packet in a trap: its particles turn with it. */
    static final String TRAP = """
            [grid]
            points = [48, 48]
            extent = [[-8.0, 8.0], [-8.0, 8.0]]
            [potential]
            expression = "0.5*(x^2 + y^2)"
            [initial]
            type = "gaussian"
            center = [1.0, 0.0]
            sigma = [0.9, 0.9]
            momentum = [0.0, 1.5]
            [time]
            dt = 0.01
            steps = 120
            [output]
            every = 40
            fields = []
            [trajectories]
            start = [[1.0, 0.0], [1.5, -0.5]]
            count = 10
            seed = 3
            """;

    @TempDir
    Path dir;

    private Path config(String name, String text) throws IOException {
        Path p = dir.resolve(name + ".toml");
        Files.writeString(p, text);
        return p;
    }

    private static double[] column(Path csv, String name) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        int c = Arrays.asList(lines.get(0).split(",")).indexOf(name);
        return lines.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[c])).toArray();
    }

    @Test
    void aRowPerObservablesRowStartingAtTheGivenPoints() throws IOException {
        Path out = dir.resolve("run");
        CliRunner.Result r = CliRunner.run("run", config("trap", TRAP).toString(), "--out", out.toString(), "--backend", "cpu");
        assertEquals(0, r.code(), r.err());
        NpyArray x = Npy.read(out.resolve("trajectories.npy")), t = Npy.read(out.resolve("trajectories_time.npy"));
        assertArrayEquals(new int[] {4, 12, 2}, x.shape(), "(rows, particles, rank)");
        assertArrayEquals(column(out.resolve("observables.csv"), "time"), t.data(), 1e-12, "rows at the output times");
        assertArrayEquals(new double[] {1.0, 0.0, 1.5, -0.5}, Arrays.copyOf(x.data(), 4), "the explicit starting points first");
        // the packet's centre moves on the classical orbit (1, 0) -> (cos t, 1.5 sin t); the particle that starts
        // at the centre of a coherent-width packet stays within a fraction of the width of it
        double tEnd = t.data()[3];
        int last = 3 * 12 * 2;
        assertEquals(Math.cos(tEnd), x.data()[last], 0.15);
        assertEquals(1.5 * Math.sin(tEnd), x.data()[last + 1], 0.15);
    }

    @Test
    void everyStepRowsWhenAsked() throws IOException {
        Path out = dir.resolve("every");
        CliRunner.Result r = CliRunner.run("run", config("every", TRAP.replace("seed = 3", "seed = 3\nevery = 1")).toString(), "--out",
                out.toString(), "--backend", "cpu");
        assertEquals(0, r.code(), r.err());
        NpyArray t = Npy.read(out.resolve("trajectories_time.npy"));
        assertEquals(121, t.shape()[0], "a row every step");
        for (int k = 0; k <= 120; k++) assertEquals(0.01 * k, t.data()[k], 1e-12);
    }

    /** A run extended with --resume goes on from its checkpoint: the last row is the uninterrupted run's, bit for bit. */
    @Test
    void aResumedRunContinuesThePathsBitForBit() throws IOException {
        String whole = TRAP + "[checkpoint]\nevery = 40\n";
        Path ref = dir.resolve("ref"), out = dir.resolve("resumed");
        assertEquals(0, CliRunner.run("run", config("whole", whole).toString(), "--out", ref.toString(), "--backend", "cpu").code());
        Path part = config("part", whole.replace("steps = 120", "steps = 60"));
        assertEquals(0, CliRunner.run("run", part.toString(), "--out", out.toString(), "--backend", "cpu").code());
        Files.writeString(part, whole);
        CliRunner.Result r = CliRunner.run("run", part.toString(), "--out", out.toString(), "--backend", "cpu", "--resume");
        assertEquals(0, r.code(), r.err());
        NpyArray a = Npy.read(ref.resolve("trajectories.npy")), b = Npy.read(out.resolve("trajectories.npy"));
        NpyArray tb = Npy.read(out.resolve("trajectories_time.npy"));
        assertArrayEquals(new double[] {0, 0.4, 0.6, 0.8, 1.2}, tb.data(), 1e-12, "the rows kept, then the resumed run's");
        int per = 12 * 2;
        assertArrayEquals(Arrays.copyOfRange(a.data(), 0, 2 * per), Arrays.copyOfRange(b.data(), 0, 2 * per), "the rows before");
        assertArrayEquals(Arrays.copyOfRange(a.data(), 3 * per, 4 * per), Arrays.copyOfRange(b.data(), 4 * per, 5 * per),
                "the last row, bit for bit");
    }

    static Stream<Arguments> bad() {
        return Stream.of(
                Arguments.of("point outside", TRAP.replace("[1.5, -0.5]", "[1.5, 9.0]"), "trajectories.start[1]"),
                Arguments.of("point of one coordinate", TRAP.replace("[1.5, -0.5]", "[1.5]"), "trajectories.start[1]"),
                Arguments.of("point not a number", TRAP.replace("[1.5, -0.5]", "[1.5, \"a\"]"), "trajectories.start[1][1]"),
                Arguments.of("count negative", TRAP.replace("count = 10", "count = -1"), "trajectories.count"),
                Arguments.of("no particles", TRAP.replace("start = [[1.0, 0.0], [1.5, -0.5]]\n", "").replace("count = 10", "count = 0"),
                        "trajectories"),
                Arguments.of("every zero", TRAP.replace("seed = 3", "seed = 3\nevery = 0"), "trajectories.every"),
                Arguments.of("rho_min one", TRAP.replace("seed = 3", "seed = 3\nrho_min = 1.0"), "trajectories.rho_min"),
                Arguments.of("rho_min negative", TRAP.replace("seed = 3", "seed = 3\nrho_min = -0.1"), "trajectories.rho_min"),
                Arguments.of("unknown key", TRAP.replace("seed = 3", "seed = 3\ncolour = 1"), "trajectories.colour"),
                Arguments.of("rows beyond the heap", TRAP.replace("count = 10", "count = 9000000").replace("steps = 120", "steps = 100000")
                        .replace("seed = 3", "seed = 3\nevery = 1"), "heap"),
                Arguments.of("imaginary time", TRAP.replace("steps = 120", "steps = 120\nimaginary = true"), "trajectories"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void badTablesAreOneLineExitTwoNothingWritten(String name, String text, String mention) throws IOException {
        Path out = dir.resolve("bad");
        CliRunner.Result r = CliRunner.run("run", config("bad", text).toString(), "--out", out.toString(), "--backend", "cpu");
        assertEquals(2, r.code(), r.err());
        String err = r.err().strip();
        assertFalse(err.contains("\n") || err.contains("Exception"), "one line, no stack trace: " + err);
        assertTrue(err.contains(mention), "names " + mention + ": " + err);
        assertFalse(Files.exists(out), "nothing written");
    }
}
