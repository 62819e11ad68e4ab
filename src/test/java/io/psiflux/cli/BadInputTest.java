package io.psiflux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every mistake in a config or on the command line ends the run before any output is written,
 * with exit code 2 and one line naming the key or file, and no stack trace.
 */
class BadInputTest {

    static final String GOOD = """
            [grid]
            points = [32]
            extent = [[-10.0, 10.0]]
            [initial]
            type = "gaussian"
            center = [0.0]
            sigma = [1.0]
            momentum = [1.0]
            [time]
            dt = 0.01
            steps = 4
            [output]
            every = 2
            fields = ["density", "current", "psi"]
            """;

    /** GOOD on a 2D grid. */
    static final String TWO_D = GOOD.replace("points = [32]", "points = [32, 32]").replace("extent = [[-10.0, 10.0]]",
            "extent = [[-10.0, 10.0], [-10.0, 10.0]]").replace("center = [0.0]", "center = [0.0, 0.0]").replace("sigma = [1.0]",
            "sigma = [1.0, 1.0]").replace("momentum = [1.0]", "momentum = [1.0, 0.0]");

    @TempDir
    Path dir;

    /** Replaces the first occurrence of a line of GOOD. */
    static String with(String line, String replacement) {
        if (!GOOD.contains(line)) throw new IllegalArgumentException(line);
        return GOOD.replaceFirst(java.util.regex.Pattern.quote(line), java.util.regex.Matcher.quoteReplacement(replacement));
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of("unknown key", with("dt = 0.01", "dt = 0.01\ndtt = 3"), "time.dtt"),
                Arguments.of("y on a 1D grid", with("[time]", "[potential]\nexpression = \"0.5*x^2 + y\"\n[time]"),
                        "potential.expression"),
                Arguments.of("z on a 2D grid", TWO_D.replace("[time]", "[potential]\nexpression = \"x^2 + y^2 + 0.1*z*t\"\n[time]"),
                        "potential.expression"),
                Arguments.of("unknown sampling", with("[time]", "[potential]\nexpression = \"x^2\"\nsampling = \"cells\"\n[time]"),
                        "potential.sampling"),
                Arguments.of("cell sampling of a file", with("[time]", "[potential]\nfile = \"V.npy\"\nsampling = \"cell\"\n[time]"),
                        "potential.sampling"),
                Arguments.of("unknown absorber profile", with("[time]", "[absorber]\nwidth = 2.0\nprofile = \"cubic\"\n[time]"),
                        "absorber.profile"),
                Arguments.of("field in 1D", GOOD + "[magnetic]\nfield = [0.0, 0.0, 1.0]\n", "magnetic.field"),
                Arguments.of("field of two numbers", TWO_D + "[magnetic]\nfield = [0.0, 1.0]\n", "magnetic.field"),
                Arguments.of("in-plane field in 2D", TWO_D + "[magnetic]\nfield = [1.0, 0.0, 1.0]\n", "magnetic.field"),
                Arguments.of("unknown gauge", TWO_D + "[magnetic]\nfield = [0.0, 0.0, 1.0]\ngauge = \"coulomb\"\n", "magnetic.gauge"),
                Arguments.of("vector potential expressions", TWO_D + "[magnetic]\nfield = [0.0, 0.0, 1.0]\npotential = [\"-y\", \"0\", \"0\"]\n",
                        "magnetic.potential"),
                Arguments.of("magnetic without field", TWO_D + "[magnetic]\ngauge = \"landau\"\n", "magnetic.field"),
                Arguments.of("rotation in 1D", GOOD + "[rotation]\nomega = 0.5\n", "rotation.omega"),
                Arguments.of("rotation without omega", TWO_D + "[rotation]\n", "rotation.omega"),
                Arguments.of("nonlinear without g", GOOD + "[nonlinear]\n", "nonlinear.g"),
                Arguments.of("charge not a number", with("[initial]", "[particle]\ncharge = \"e\"\n[initial]"), "particle.charge"),
                Arguments.of("vortices in 1D", with("fields = [\"density\", \"current\", \"psi\"]", "fields = [\"vortices\"]"), "output.fields"),
                Arguments.of("unknown section", GOOD + "[bogus]\na = 1\n", "bogus"),
                Arguments.of("missing dt", with("dt = 0.01", ""), "time.dt"),
                Arguments.of("dt zero", with("dt = 0.01", "dt = 0.0"), "time.dt"),
                Arguments.of("dt negative", with("dt = 0.01", "dt = -0.1"), "time.dt"),
                Arguments.of("dt malformed", with("dt = 0.01", "dt = \"fast\""), "time.dt"),
                Arguments.of("steps negative", with("steps = 4", "steps = -1"), "time.steps"),
                Arguments.of("steps fraction", with("steps = 4", "steps = 4.5"), "time.steps"),
                Arguments.of("points zero", with("points = [32]", "points = [0]"), "grid.points"),
                Arguments.of("points four axes", with("points = [32]", "points = [4, 4, 4, 4]"), "grid.points"),
                Arguments.of("extent wrong length", with("extent = [[-10.0, 10.0]]", "extent = [[-10.0, 10.0], [0.0, 1.0]]"), "grid.extent"),
                Arguments.of("extent empty", with("extent = [[-10.0, 10.0]]", "extent = [[10.0, 10.0]]"), "grid.extent"),
                Arguments.of("extent not a pair", with("extent = [[-10.0, 10.0]]", "extent = [[-10.0]]"), "grid.extent"),
                Arguments.of("sigma zero", with("sigma = [1.0]", "sigma = [0.0]"), "initial.sigma"),
                Arguments.of("sigma missing", with("sigma = [1.0]", ""), "initial.sigma"),
                Arguments.of("sigma wrong length", with("sigma = [1.0]", "sigma = [1.0, 2.0]"), "initial.sigma"),
                Arguments.of("initial type", with("type = \"gaussian\"", "type = \"square\""), "initial.type"),
                Arguments.of("expression syntax", GOOD + "[potential]\nexpression = \"0.5*x^^2\"\n", "potential.expression"),
                Arguments.of("expression variable", GOOD + "[potential]\nexpression = \"0.5*q^2\"\n", "potential.expression"),
                Arguments.of("expression infinite", GOOD + "[potential]\nexpression = \"1/(x-x)\"\n", "potential.expression"),
                Arguments.of("potential both", GOOD + "[potential]\nexpression = \"x\"\nfile = \"v.npy\"\n", "potential"),
                Arguments.of("potential missing file", GOOD + "[potential]\nfile = \"nothere.npy\"\n", "nothere.npy"),
                Arguments.of("unknown field", with("fields = [\"density\", \"current\", \"psi\"]", "fields = [\"density\", \"vorticity\"]"), "output.fields"),
                Arguments.of("every zero", with("every = 2", "every = 0"), "output.every"),
                Arguments.of("hbar negative", GOOD + "[particle]\nhbar = -1.0\n", "particle.hbar"),
                Arguments.of("malformed toml", with("steps = 4", "steps = = 4"), "line"),
                Arguments.of("order three", with("steps = 4", "steps = 4\norder = 3"), "time.order"),
                Arguments.of("order text", with("steps = 4", "steps = 4\norder = \"high\""), "time.order"),
                Arguments.of("imaginary not boolean", with("steps = 4", "steps = 4\nimaginary = 1"), "time.imaginary"),
                Arguments.of("noise negative", with("[time]", "[time]").replace("sigma = [1.0]", "sigma = [1.0]\nnoise = -0.1"),
                        "initial.noise"),
                Arguments.of("tolerance negative", with("steps = 4", "steps = 4\nimaginary = true\ntolerance = -1e-8"), "time.tolerance"),
                Arguments.of("states zero", with("steps = 4", "steps = 4\nimaginary = true\nstates = 0"), "time.states"),
                Arguments.of("states in real time", with("steps = 4", "steps = 4\nstates = 2"), "time.states"),
                Arguments.of("imaginary with t", with("steps = 4", "steps = 4\nimaginary = true")
                        + "[potential]\nexpression = \"x*sin(t)\"\n", "time.imaginary"),
                Arguments.of("imaginary with absorber", with("steps = 4", "steps = 4\nimaginary = true")
                        + "[absorber]\nwidth = 2.0\n", "absorber"),
                Arguments.of("imaginary with flux", with("steps = 4", "steps = 4\nimaginary = true")
                        + "[[flux]]\nname = \"a\"\naxis = \"x\"\nposition = 0.0\n", "flux"),
                Arguments.of("absorber width missing", GOOD + "[absorber]\nstrength = 1.0\n", "absorber.width"),
                Arguments.of("absorber width negative", GOOD + "[absorber]\nwidth = -1.0\n", "absorber.width"),
                Arguments.of("absorber too wide", GOOD + "[absorber]\nwidth = 10.0\n", "absorber.width"),
                Arguments.of("absorber strength zero", GOOD + "[absorber]\nwidth = 2.0\nstrength = 0.0\n", "absorber.strength"),
                Arguments.of("absorber unknown key", GOOD + "[absorber]\nwidth = 2.0\nshape = 3\n", "absorber.shape"),
                Arguments.of("flux not a table array", GOOD + "[flux]\nname = \"a\"\n", "flux"),
                Arguments.of("flux name missing", GOOD + "[[flux]]\naxis = \"x\"\nposition = 0.0\n", "flux.name"),
                Arguments.of("flux name bad", GOOD + "[[flux]]\nname = \"a,b\"\naxis = \"x\"\nposition = 0.0\n", "flux.name"),
                Arguments.of("flux name twice", GOOD + "[[flux]]\nname = \"a\"\naxis = \"x\"\nposition = 0.0\n"
                        + "[[flux]]\nname = \"a\"\naxis = \"x\"\nposition = 1.0\n", "flux.name"),
                Arguments.of("flux axis undeclared", GOOD + "[[flux]]\nname = \"a\"\naxis = \"y\"\nposition = 0.0\n", "flux.axis"),
                Arguments.of("flux axis missing", GOOD + "[[flux]]\nname = \"a\"\nposition = 0.0\n", "flux.axis"),
                Arguments.of("flux position outside", GOOD + "[[flux]]\nname = \"a\"\naxis = \"x\"\nposition = 11.0\n", "flux.position"),
                Arguments.of("flux position missing", GOOD + "[[flux]]\nname = \"a\"\naxis = \"x\"\n", "flux.position"),
                Arguments.of("flux unknown key", GOOD + "[[flux]]\nname = \"a\"\naxis = \"x\"\nposition = 0.0\nnormal = 1\n", "flux.normal"),
                Arguments.of("too large", with("points = [32]", "points = [268435456]").replace("[[-10.0, 10.0]]", "[[-10.0, 10.0]]"), "bytes"),
                Arguments.of("steps beyond 64 bits", with("steps = 4", "steps = 18446744073709551626"), "time.steps"),
                Arguments.of("points entry not a number", with("points = [32]", "points = [32, \"x\"]"), "grid.points[1]"),
                Arguments.of("steps a float, no every", with("steps = 4", "steps = 1e12").replace("every = 2\n", ""), "time.steps"),
                Arguments.of("steps too many for the default every", with("steps = 4", "steps = 1000000000000")
                        .replace("every = 2\n", ""), "time.steps"),
                Arguments.of("expression of 10,000 terms", GOOD + "[potential]\nexpression = \"" + sum(10_000) + "\"\n",
                        "potential.expression"),
                Arguments.of("expression of 2,000 nested sin", GOOD + "[potential]\nexpression = \"0.01*t*" + "sin(".repeat(2000) + "x"
                        + ")".repeat(2000) + "\"\n", "potential.expression"));
    }

    /** A time-dependent sum of {@code n} terms after a trap, as a generated drive would be. */
    static String sum(int n) {
        StringBuilder s = new StringBuilder("0.5*x^2");
        for (int i = 0; i < n; i++) {
            s.append(" + ").append(0.001 * (i % 7 + 1)).append("*sin(").append(i % 5 + 1).append("*t)*x^").append(i % 3 + 1);
        }
        return s.toString();
    }

    private Result runConfig(String text, String... extra) throws IOException {
        return runWith(text, Stream.concat(Stream.of("--backend", "cpu"), Stream.of(extra)).toArray(String[]::new));
    }

    /** Runs {@code text} with exactly the options given (no --backend unless among them). */
    private Result runWith(String text, String... options) throws IOException {
        Path cfg = dir.resolve("case.toml");
        Files.writeString(cfg, text);
        Path out = dir.resolve("out");
        String[] args = Stream.concat(Stream.of("run", cfg.toString(), "--out", out.toString()), Stream.of(options))
                .toArray(String[]::new);
        CliRunner.Result r = CliRunner.run(args);
        return new Result(r, out);
    }

    record Result(CliRunner.Result r, Path out) {
    }

    private static void assertOneLineError(CliRunner.Result r, String mention) {
        assertEquals(2, r.code(), "exit code; stderr was: " + r.err());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line only, got: " + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
        assertTrue(err.contains(mention), "message should name '" + mention + "': " + err);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void badConfigIsOneLineExitTwoAndNoOutput(String name, String text, String mention) throws IOException {
        Result res = runConfig(text);
        assertOneLineError(res.r(), mention);
        assertFalse(Files.exists(res.out()), "no output folder may be written for a bad config");
    }

    @Test
    void goodConfigRuns() throws IOException {
        Result res = runConfig(GOOD);
        assertEquals(0, res.r().code(), res.r().err());
        assertTrue(Files.exists(res.out().resolve("observables.csv")));
        assertTrue(Files.exists(res.out().resolve("summary.json")));
        assertTrue(Files.exists(res.out().resolve("density_000004.npy")));
        assertTrue(Files.exists(res.out().resolve("current_000002.npy")));
        assertTrue(Files.exists(res.out().resolve("psi_000000.npy")));
        try (Stream<Path> s = Files.list(res.out())) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains("tmp")), "no temporary files left");
        }
    }

    @Test
    void missingConfigFile() {
        CliRunner.Result r = CliRunner.run("run", dir.resolve("nope.toml").toString());
        assertOneLineError(r, "nope.toml");
    }

    @Test
    void unknownBackend() throws IOException {
        assertOneLineError(runConfig(GOOD, "--backend", "quantum").r(), "--backend");
    }

    @Test
    void unknownPrecision() throws IOException {
        assertOneLineError(runConfig(GOOD, "--precision", "half").r(), "--precision");
    }

    @Test
    void unknownOption() {
        assertEquals(2, CliRunner.run("run", "--frobnicate", "x.toml").code());
    }

    /** Writes a float64 .npy of the given shape and values (header per the NumPy format spec). */
    static void writeNpy(Path p, int[] shape, double[] values, String descr) throws IOException {
        StringBuilder sh = new StringBuilder("(");
        for (int s : shape) sh.append(s).append(",");
        if (shape.length > 1) sh.setLength(sh.length() - 1);
        sh.append(")");
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + sh + ", }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        boolean complex = descr.contains("c");
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + values.length * 8 * (complex ? 2 : 1)).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (double v : values) {
            b.putDouble(v);
            if (complex) b.putDouble(0);
        }
        Files.write(p, b.array());
    }

    @Test
    void potentialFileWrongShape() throws IOException {
        writeNpy(dir.resolve("v.npy"), new int[] {16}, new double[16], "<f8");
        assertOneLineError(runConfig(GOOD + "[potential]\nfile = \"v.npy\"\n").r(), "v.npy");
    }

    @Test
    void potentialFileWithNaN() throws IOException {
        double[] v = new double[32];
        v[7] = Double.NaN;
        writeNpy(dir.resolve("v.npy"), new int[] {32}, v, "<f8");
        assertOneLineError(runConfig(GOOD + "[potential]\nfile = \"v.npy\"\n").r(), "v.npy");
    }

    @Test
    void initialFileWrongShape() throws IOException {
        writeNpy(dir.resolve("psi0.npy"), new int[] {4, 8}, new double[32], "<c16");
        String cfg = GOOD.replace("type = \"gaussian\"\ncenter = [0.0]\nsigma = [1.0]\nmomentum = [1.0]",
                "type = \"file\"\nfile = \"psi0.npy\"");
        assertOneLineError(runConfig(cfg).r(), "psi0.npy");
    }

    @Test
    void potentialFileIsUsed() throws IOException {
        double[] v = new double[32];
        for (int i = 0; i < 32; i++) v[i] = 0.5 * Math.pow(-10 + 20.0 * i / 32, 2);
        writeNpy(dir.resolve("v.npy"), new int[] {32}, v, "<f8");
        Result res = runConfig(GOOD + "[potential]\nfile = \"v.npy\"\n");
        assertEquals(0, res.r().code(), res.r().err());
    }

    // ---- issue 10, inputs that used to crash or mislead ----

    @Test
    void expressionsPastTheDepthLimitNameIt() throws IOException {
        String sumError = runConfig(GOOD + "[potential]\nexpression = \"" + sum(10_000) + "\"\n").r().err();
        assertTrue(sumError.contains("2500"), "names the limit: " + sumError);
        String nestError = runConfig(GOOD + "[potential]\nexpression = \"" + "sin(".repeat(2000) + "x" + ")".repeat(2000) + "\"\n").r().err();
        assertTrue(nestError.contains("250"), "names the limit: " + nestError);
    }

    /** A 250-term time-dependent sum (which crashed PoCL's compiler) runs on both backends, with equal results. */
    @Test
    void aLongTimeDependentSumRunsOnBothBackends() throws IOException {
        String cfg = GOOD + "[potential]\nexpression = \"" + sum(250) + "\"\n";
        Result cpu = runWith(cfg, "--backend", "cpu");
        assertEquals(0, cpu.r().code(), cpu.r().err());
        String[] cpuLast = lastRow(cpu.out());
        if (io.psiflux.backend.opencl.OpenClBackend.unavailableReason() != null && !ci()) return;
        Path moved = dir.resolve("out-cpu");
        Files.move(cpu.out(), moved);
        Result cl = runWith(cfg, "--backend", "opencl");
        assertEquals(0, cl.r().code(), cl.r().err());
        String[] clLast = lastRow(cl.out());
        for (int i = 2; i < cpuLast.length; i++) {
            double a = Double.parseDouble(cpuLast[i]), b = Double.parseDouble(clLast[i]);
            assertEquals(a, b, 1e-9 * Math.max(1, Math.abs(a)), "column " + i + " of the last observables row");
        }
    }

    private static boolean ci() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }

    private static String[] lastRow(Path out) throws IOException {
        List<String> rows = Files.readAllLines(out.resolve("observables.csv"));
        return rows.get(rows.size() - 1).split(",");
    }

    private void mkfifo(Path p) throws IOException, InterruptedException {
        Process mk = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
        Assumptions.assumeTrue(mk.waitFor() == 0 && Files.exists(p), "mkfifo is not available here");
    }

    @Test
    void anInitialFileThatIsAPipeIsRefusedNotWaitedOn() throws Exception {
        mkfifo(dir.resolve("psi0.npy"));
        String cfg = GOOD.replace("type = \"gaussian\"\ncenter = [0.0]\nsigma = [1.0]\nmomentum = [1.0]",
                "type = \"file\"\nfile = \"psi0.npy\"");
        Result r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> runConfig(cfg));
        assertOneLineError(r.r(), "initial.file");
        assertTrue(r.r().err().contains("regular file"), r.r().err());
        assertFalse(Files.exists(r.out()));
    }

    @Test
    void aPotentialFileThatIsAPipeIsRefusedNotWaitedOn() throws Exception {
        mkfifo(dir.resolve("v.npy"));
        Result r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> runConfig(GOOD + "[potential]\nfile = \"v.npy\"\n"));
        assertOneLineError(r.r(), "potential.file");
        assertFalse(Files.exists(r.out()));
    }

    @Test
    void aDeviceNumberBeyondAnyIntegerIsOneLine() throws IOException {
        Result r = runWith(GOOD, "--device", "99999999999999999999");
        assertOneLineError(r.r(), "--device");
        assertFalse(Files.exists(r.out()));
    }

    @Test
    void aDeviceThatDoesNotExistIsRefusedNotFallenBackFrom() throws IOException {
        Result r = runWith(GOOD, "--device", "7");
        assertOneLineError(r.r(), "--device 7");
        assertFalse(Files.exists(r.out()), "auto must not fall back to the CPU when --device names no device");
        if (io.psiflux.backend.opencl.OpenClBackend.unavailableReason() == null) {
            Result explicit = runWith(GOOD, "--backend", "opencl", "--device", "7");
            assertOneLineError(explicit.r(), "--device 7");
            assertTrue(explicit.r().err().contains("0: "), "lists the devices: " + explicit.r().err());
        }
    }

    @Test
    void aDeviceWithTheCpuBackendIsANoteThatItHasNoEffect() throws IOException {
        Result r = runWith(GOOD, "--backend", "cpu", "--device", "7");
        assertEquals(0, r.r().code(), r.r().err());
        List<String> notes = r.r().err().lines().filter(l -> l.contains("--device")).toList();
        assertEquals(1, notes.size(), r.r().err());
        assertTrue(notes.get(0).contains("no effect"), notes.get(0));
    }

    /** Auto takes OpenCL only on a GPU or accelerator, and says which backend it took and why otherwise. */
    @Test
    void autoSaysWhichBackendItTookAndWhy() throws IOException {
        Result r = runWith(GOOD);
        assertEquals(0, r.r().code(), r.r().err());
        boolean fastDevice = io.psiflux.backend.opencl.OpenClBackend.devices().stream()
                .anyMatch(d -> d.type().equals("GPU") || d.type().equals("accelerator"));
        String all = r.r().out() + r.r().err();
        if (fastDevice) {
            assertTrue(all.contains("on opencl"), all);
        } else {
            List<String> notes = r.r().err().lines().filter(l -> l.startsWith("psiflux: backend cpu: ")).toList();
            assertEquals(1, notes.size(), "one note saying why: " + r.r().err());
            assertTrue(all.contains("on cpu"), all);
        }
    }
}
