package io.psiflux.io;

import io.psiflux.UserError;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * numpy is the reference for the format: it must read what we write, and we must read what it
 * writes. Skipped, with the reason shown, where python3 or numpy is missing.
 */
class NumpyCrossCheckTest {
    @TempDir
    Path dir;

    private record Result(int exit, String output) {
    }

    private static Result python(String script, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("python3", "-c", script));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void numpyIsAvailable() throws InterruptedException {
        Result r;
        try {
            r = python("import numpy", List.of());
        } catch (IOException e) {
            r = new Result(-1, "python3 not found: " + e.getMessage());
        }
        assumeTrue(r.exit() == 0, "numpy cross-check skipped: `python3 -c \"import numpy\"` failed: " + r.output().strip());
    }

    private static final String CHECK_OURS = String.join("\n",
            "import sys, numpy as np",
            "a = sys.argv[1:]",
            "for i in range(0, len(a), 3):",
            "    path, dtype, shape = a[i], np.dtype(a[i + 1]), tuple(int(s) for s in a[i + 2].split('x'))",
            "    x = np.load(path)",
            "    assert x.dtype == dtype, (path, x.dtype, dtype)",
            "    assert x.shape == shape, (path, x.shape, shape)",
            "    assert x.flags.c_contiguous, path",
            "    k = np.arange(int(np.prod(shape)), dtype=np.float64)",
            "    if dtype.kind == 'c':",
            "        e = np.empty(k.size, np.complex128); e.real = k / 7.0; e.imag = -k / 3.0",
            "    else:",
            "        e = k / 7.0 - 1.5",
            "    e = e.astype(dtype).reshape(shape)",
            "    assert np.array_equal(x, e), (path, x.ravel()[:4], e.ravel()[:4])",
            "    print('ok', path)");

    @Test
    void numpyReadsWhatWeWrite() throws Exception {
        List<String> args = new ArrayList<>();
        int files = 0;
        for (Precision p : Precision.values()) {
            String real = p == Precision.DOUBLE ? "<f8" : "<f4", complex = p == Precision.DOUBLE ? "<c16" : "<c8";
            for (int rank = 1; rank <= 3; rank++) {
                Grid g = TestArrays.grid(rank);
                String shape = join(g.shape());
                Path v = dir.resolve("v_" + p + rank + ".npy"), j = dir.resolve("j_" + p + rank + ".npy"),
                        psi = dir.resolve("psi_" + p + rank + ".npy");
                Npy.write(v, TestArrays.realField(g, p, false));
                Npy.write(j, TestArrays.realField(g, p, true));
                Npy.write(psi, TestArrays.complexField(g, p));
                args.addAll(List.of(v.toString(), real, shape, j.toString(), real, rank + "x" + shape,
                        psi.toString(), complex, shape));
                files += 3;
            }
        }
        Result r = python(CHECK_OURS, args);
        assertEquals(0, r.exit(), r.output());
        assertEquals(files, r.output().lines().filter(l -> l.startsWith("ok ")).count(), r.output());
    }

    private static final String WRITE_THEIRS = String.join("\n",
            "import sys, os, numpy as np",
            "d = sys.argv[1]",
            "k = np.arange(60, dtype=np.float64)",
            "c = np.empty(60, np.complex128); c.real = k / 7.0; c.imag = -k / 3.0",
            "np.save(os.path.join(d, 'f8.npy'), (k / 7.0 - 1.5).reshape(4, 3, 5))",
            "np.save(os.path.join(d, 'f4.npy'), (k / 7.0 - 1.5).astype(np.float32).reshape(6, 10))",
            "np.save(os.path.join(d, 'c16.npy'), c.reshape(12, 5))",
            "np.save(os.path.join(d, 'c8.npy'), c.astype(np.complex64))",
            "np.save(os.path.join(d, 'fortran.npy'), np.asfortranarray((k / 7.0 - 1.5).reshape(6, 10)))",
            "np.save(os.path.join(d, 'big.npy'), (k / 7.0 - 1.5).astype('>f8').reshape(6, 10))",
            "np.save(os.path.join(d, 'i8.npy'), np.arange(6))",
            "n = k.copy(); n[17] = np.nan; np.save(os.path.join(d, 'nan.npy'), n)");

    @Test
    void weReadWhatNumpyWrites() throws Exception {
        Result r = python(WRITE_THEIRS, List.of(dir.toString()));
        assertEquals(0, r.exit(), r.output());

        expect(Npy.read(dir.resolve("f8.npy")), new int[] {4, 3, 5}, "<f8", false, Precision.DOUBLE);
        expect(Npy.read(dir.resolve("f4.npy")), new int[] {6, 10}, "<f4", false, Precision.SINGLE);
        expect(Npy.read(dir.resolve("c16.npy")), new int[] {12, 5}, "<c16", true, Precision.DOUBLE);
        expect(Npy.read(dir.resolve("c8.npy")), new int[] {60}, "<c8", true, Precision.SINGLE);
        expect(Npy.read(dir.resolve("big.npy")), new int[] {6, 10}, ">f8", false, Precision.DOUBLE);

        refused(dir.resolve("fortran.npy"), "fortran_order is True");
        refused(dir.resolve("i8.npy"), "unsupported dtype '<i8'");
        refused(dir.resolve("nan.npy"), "flat index 17 is NaN");

        Grid g = Grid.of(new Axis(12, 0, 1), new Axis(5, 0, 1));
        ComplexField psi = Npy.toComplexField(Npy.read(dir.resolve("c16.npy")), g, Precision.DOUBLE, "psi0");
        assertEquals(TestArrays.im(59), psi.im(59), 0.0);
    }

    private static void expect(NpyArray a, int[] shape, String dtype, boolean complex, Precision stored) {
        assertArrayEquals(shape, a.shape());
        assertEquals(dtype, a.dtype());
        assertEquals(complex, a.complex());
        for (int i = 0; i < a.size(); i++) {
            if (complex) {
                assertEquals(TestArrays.stored(TestArrays.re(i), stored), a.data()[2 * i], 0.0, "re " + i);
                assertEquals(TestArrays.stored(TestArrays.im(i), stored), a.data()[2 * i + 1], 0.0, "im " + i);
            } else {
                assertEquals(TestArrays.stored(TestArrays.real(i), stored), a.data()[i], 0.0, "index " + i);
            }
        }
    }

    private static void refused(Path file, String what) {
        UserError e = assertThrows(UserError.class, () -> Npy.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(what), e.getMessage());
    }

    @Test
    void headersAreByteForByteNumpys() throws Exception {
        String script = String.join("\n",
                "import sys, io, numpy as np",
                "for shape in [(5,), (3, 4), (2, 3, 4), (3, 64, 64)]:",
                "    for dt in ['<f8', '<f4', '<c16', '<c8']:",
                "        b = io.BytesIO(); np.save(b, np.zeros(shape, dt)); v = b.getvalue()",
                "        n = 10 + v[8] + 256 * v[9]",
                "        print(dt, 'x'.join(map(str, shape)), v[:n].hex())");
        Result r = python(script, List.of());
        assertEquals(0, r.exit(), r.output());
        long lines = r.output().lines().map(l -> l.split(" ")).peek(w -> {
            int[] shape = java.util.Arrays.stream(w[1].split("x")).mapToInt(Integer::parseInt).toArray();
            assertEquals(w[2], java.util.HexFormat.of().formatHex(Npy.header(w[0], shape)), w[0] + " " + w[1]);
        }).count();
        assertEquals(16, lines, r.output());
    }

    private static final String READ_CSV = String.join("\n",
            "import sys, numpy as np",
            "x = np.genfromtxt(sys.argv[1], delimiter=',', names=True)",
            "print(x.dtype.names)",
            "print(repr(x['step'].tolist()), repr(x['norm'].tolist()))");

    @Test
    void numpyReadsOurCsv() throws Exception {
        Path f = dir.resolve("observables.csv");
        try (CsvWriter w = new CsvWriter(f, "step", "time", "norm")) {
            w.row(0, 0.0, 1.0);
            w.row(10, 0.1, 0.1 + 0.2);
            w.row(20, 0.2, Double.NaN);
            w.row(30, 0.30000000000000004, Double.NEGATIVE_INFINITY);
        }
        Result r = python(READ_CSV, List.of(f.toString()));
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("('step', 'time', 'norm')"), r.output());
        assertTrue(r.output().contains("[0.0, 10.0, 20.0, 30.0] [1.0, 0.30000000000000004, nan, -inf]"), r.output());
        assertFalse(r.output().contains("Warning"), r.output());
    }

    private static String join(int[] shape) {
        StringBuilder b = new StringBuilder();
        for (int s : shape) b.append(b.length() == 0 ? "" : "x").append(s);
        return b.toString();
    }
}
