package io.psiflux.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.psiflux.UserError;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Grid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Hdf5Snapshot} checked with h5py, the reader most users will open these files with: every
 * dataset, shape, dtype and attribute, and every value against the fields written. Values are
 * copied, never computed, so they must come back bit for bit in the field's precision.
 */
class Hdf5SnapshotTest {
    @TempDir
    Path dir;

    /** Saves every dataset as .npy into argv[2] and prints names, dtypes, shapes and attributes as JSON. */
    private static final String READ = String.join("\n",
            "import sys, os, json, numpy as np, h5py",
            "path, out = sys.argv[1], sys.argv[2]",
            "meta = {'datasets': {}, 'attrs': {}}",
            "with h5py.File(path, 'r') as f:",
            "    for name, ds in f.items():",
            "        a = ds[()]",
            "        meta['datasets'][name] = {'dtype': a.dtype.str, 'shape': list(a.shape)}",
            "        np.save(os.path.join(out, name + '.npy'), np.ascontiguousarray(a))",
            "        if name == 'psi':",
            "            # the recipe the javadoc gives for the complex wavefunction",
            "            np.save(os.path.join(out, 'psi_complex.npy'), a[..., 0] + 1j * a[..., 1])",
            "    for k, v in f.attrs.items():",
            "        a = np.asarray(v)",
            "        meta['attrs'][k] = {'dtype': a.dtype.str, 'shape': list(a.shape),",
            "                            'value': a.item() if a.dtype.kind in 'fiu' else str(a)}",
            "print(json.dumps(meta))");

    private JsonNode read(Path h5, Path out) throws IOException {
        Files.createDirectories(out);
        SystemPython.Result r = SystemPython.run(READ, h5.toString(), out.toString());
        assertEquals(0, r.exit(), r.describe());
        assertEquals("", r.err(), r.describe());
        return new ObjectMapper().readTree(r.out());
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> cases() {
        return SnapshotData.cases();
    }

    @ParameterizedTest(name = "{0}D {1}")
    @MethodSource("cases")
    void h5pyReadsWhatWeWrite(int rank, Precision precision) throws IOException {
        SystemPython.require("h5py", "python3-h5py");
        Grid g = SnapshotData.grid(rank);
        Map<String, RealField> fields = SnapshotData.fields(g, precision);
        ComplexField psi = SnapshotData.psi(g, precision);
        long step = 1_234_567_890_123L;
        double time = 0.1 + 0.2;
        Path h5 = dir.resolve("fields_001000.h5");
        Hdf5Snapshot.write(h5, g, step, time, fields, psi);

        JsonNode meta = read(h5, dir.resolve("npy"));
        String real = precision == Precision.DOUBLE ? "<f8" : "<f4";
        List<String> axes = List.of("x", "y", "z").subList(0, rank);
        Set<String> expected = new TreeSet<>(List.of("density", "current", "psi"));
        expected.addAll(axes);
        assertEquals(expected, names(meta.get("datasets")));

        int[] shape = g.shape();
        int[] psiShape = Arrays.copyOf(shape, rank + 1);
        psiShape[rank] = 2;
        dataset(meta, "density", real, shape);
        dataset(meta, "current", real, fields.get("current").shape());
        dataset(meta, "psi", real, psiShape);

        double[] density = Npy.read(dir.resolve("npy/density.npy")).data();
        double[] current = Npy.read(dir.resolve("npy/current.npy")).data();
        double[] psiPairs = Npy.read(dir.resolve("npy/psi.npy")).data();
        NpyArray psiComplex = Npy.read(dir.resolve("npy/psi_complex.npy"));
        assertArrayEquals(shape, psiComplex.shape());
        for (int p = 0; p < g.points(); p++) {
            assertEquals(fields.get("density").get(p), density[p], 0.0, "density at " + p);
            for (int c = 0; c < rank; c++) {
                assertEquals(fields.get("current").get(c, p), current[c * g.points() + p], 0.0, "current " + c + " at " + p);
            }
            assertEquals(psi.re(p), psiPairs[2 * p], 0.0, "psi re at " + p);
            assertEquals(psi.im(p), psiPairs[2 * p + 1], 0.0, "psi im at " + p);
            assertEquals(psi.re(p), psiComplex.data()[2 * p], 0.0, "complex psi re at " + p);
            assertEquals(psi.im(p), psiComplex.data()[2 * p + 1], 0.0, "complex psi im at " + p);
        }
        for (int d = 0; d < rank; d++) {
            dataset(meta, axes.get(d), "<f8", new int[] {g.n(d)});
            double[] x = Npy.read(dir.resolve("npy/" + axes.get(d) + ".npy")).data();
            for (int i = 0; i < g.n(d); i++) assertEquals(g.axis(d).x(i), x[i], 0.0, axes.get(d) + "[" + i + "]");
        }

        JsonNode attrs = meta.get("attrs");
        assertEquals("<f8", attrs.at("/time/dtype").asText(), attrs.toString());
        assertEquals("[]", attrs.at("/time/shape").toString(), "time is a scalar");
        assertEquals(time, attrs.at("/time/value").asDouble(), 0.0);
        assertEquals("<i8", attrs.at("/step/dtype").asText(), attrs.toString());
        assertEquals("[]", attrs.at("/step/shape").toString(), "step is a scalar");
        assertEquals(step, attrs.at("/step/value").asLong());
    }

    @Test
    void writesOnlyWhatIsGiven() throws IOException {
        SystemPython.require("h5py", "python3-h5py");
        Grid g = SnapshotData.grid(2);
        Path h5 = dir.resolve("empty.h5");
        Hdf5Snapshot.write(h5, g, 0, 0.0, Map.of(), null);
        JsonNode meta = read(h5, dir.resolve("npy"));
        assertEquals(Set.of("x", "y"), names(meta.get("datasets")));
        assertEquals(0.0, meta.at("/attrs/time/value").asDouble(), 0.0);
        assertEquals(0, meta.at("/attrs/step/value").asLong());
    }

    @Test
    void replacesTheFileWholeAndLeavesNoTemporaryFile() throws IOException {
        Grid g = SnapshotData.grid(1);
        Path h5 = dir.resolve("snap.h5");
        Hdf5Snapshot.write(h5, g, 1, 0.5, SnapshotData.fields(g, Precision.DOUBLE), null);
        Hdf5Snapshot.write(h5, g, 2, 1.5, Map.of("density", SnapshotData.density(g, Precision.SINGLE)), null);
        try (HdfFile f = new HdfFile(h5)) {
            assertEquals(2L, f.getAttribute("step").getData());
            assertEquals(1.5, f.getAttribute("time").getData());
            assertNull(f.getChild("current"), "the second write replaced the first file, not added to it");
            assertTrue(f.getDatasetByPath("density").getData() instanceof float[]);
        }
        assertEquals(List.of("snap.h5"), listing(dir));
    }

    @Test
    void aFailedWriteLeavesNoTemporaryFile() throws IOException {
        Grid g = SnapshotData.grid(2);
        // a target the final rename cannot replace: a directory that is not empty
        Path target = dir.resolve("snap.h5");
        Files.createDirectories(target);
        Files.writeString(target.resolve("keep"), "x");
        UserError e = assertThrows(UserError.class,
                () -> Hdf5Snapshot.write(target, g, 3, 0.0, SnapshotData.fields(g, Precision.DOUBLE), null));
        assertTrue(e.getMessage().startsWith(target + ": cannot write"), e.getMessage());
        assertEquals(List.of("snap.h5"), listing(dir));
        assertEquals(List.of("keep"), listing(target));

        Path missing = dir.resolve("no-such-dir/snap.h5");
        UserError m = assertThrows(UserError.class, () -> Hdf5Snapshot.write(missing, g, 3, 0.0, Map.of(), null));
        assertTrue(m.getMessage().startsWith(missing + ": cannot write"), m.getMessage());
        assertEquals(List.of("snap.h5"), listing(dir));
    }

    @Test
    void wrongArgumentsWriteNothing() throws IOException {
        Grid g = SnapshotData.grid(2), other = SnapshotData.grid(3);
        Path h5 = dir.resolve("snap.h5");
        assertThrows(IllegalArgumentException.class, () -> Hdf5Snapshot.write(h5, g, 0, 0.0,
                Map.of("density", SnapshotData.density(other, Precision.DOUBLE)), null));
        assertThrows(IllegalArgumentException.class, () -> Hdf5Snapshot.write(h5, g, 0, 0.0, Map.of(),
                SnapshotData.psi(other, Precision.DOUBLE)));
        assertThrows(IllegalArgumentException.class, () -> Hdf5Snapshot.write(h5, g, 0, 0.0,
                Map.of("x", SnapshotData.density(g, Precision.DOUBLE)), null));
        assertThrows(IllegalArgumentException.class, () -> Hdf5Snapshot.write(h5, g, 0, 0.0,
                Map.of("a/b", SnapshotData.density(g, Precision.DOUBLE)), null));
        assertEquals(List.of(), listing(dir));
    }

    @Test
    void nestCopiesCOrder() {
        double[] flat = new double[24];
        for (int i = 0; i < flat.length; i++) flat[i] = i;
        double[][][] n = (double[][][]) Hdf5Snapshot.nest(flat, new int[] {2, 3, 4});
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) assertEquals((i * 3 + j) * 4 + k, n[i][j][k], 0.0);
            }
        }
        float[] f = {1, 2, 3};
        assertArrayEquals(f, (float[]) Hdf5Snapshot.nest(f, new int[] {3}));
    }

    // ------------------------------------------------------------------------------- SLF4J

    /** Writes one snapshot to {@code args[0]} in a JVM of its own, printing nothing itself. */
    static final class Child {
        public static void main(String[] args) {
            Grid g = SnapshotData.grid(3);
            Hdf5Snapshot.write(Path.of(args[0]), g, 7, 0.25, SnapshotData.fields(g, Precision.SINGLE),
                    SnapshotData.psi(g, Precision.SINGLE));
        }
    }

    private static SystemPython.Result child(Path h5, String... jvmOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmOptions));
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add(Child.class.getName());
        cmd.add(h5.toString());
        return SystemPython.exec(cmd);
    }

    @Test
    void printsNothingInAFreshJvm() {
        Path h5 = dir.resolve("quiet.h5");
        SystemPython.Result r = child(h5);
        assertEquals(0, r.exit(), r.describe());
        assertEquals("", r.err(), "stderr of a fresh JVM that wrote an HDF5 snapshot");
        assertEquals("", r.out(), "stdout of a fresh JVM that wrote an HDF5 snapshot");
        assertTrue(Files.isRegularFile(h5));
    }

    @Test
    void leavesTheUsersSlf4jSettingsAlone() {
        // A user who names a provider and asks for slf4j's INFO reports gets them: psiflux did not
        // overwrite either property.
        SystemPython.Result r = child(dir.resolve("loud.h5"),
                "-D" + JhdfLogging.PROVIDER_PROPERTY + "=" + JhdfLogging.NOP_PROVIDER,
                "-D" + JhdfLogging.VERBOSITY_PROPERTY + "=INFO");
        assertEquals(0, r.exit(), r.describe());
        assertTrue(r.err().contains("Attempting to load provider \"" + JhdfLogging.NOP_PROVIDER + "\""), r.describe());
    }

    @Test
    void choosesTheNopProviderOnlyWhereNobodyChose() throws IOException {
        ClassLoader none = new URLClassLoader(new URL[0], null);

        Properties bare = new Properties();
        JhdfLogging.silence(bare, none);
        assertEquals(JhdfLogging.NOP_PROVIDER, bare.getProperty(JhdfLogging.PROVIDER_PROPERTY));
        assertEquals("WARN", bare.getProperty(JhdfLogging.VERBOSITY_PROPERTY));

        Properties chosen = new Properties();
        chosen.setProperty(JhdfLogging.PROVIDER_PROPERTY, "ch.qos.logback.classic.spi.LogbackServiceProvider");
        JhdfLogging.silence(chosen, none);
        assertEquals("ch.qos.logback.classic.spi.LogbackServiceProvider", chosen.getProperty(JhdfLogging.PROVIDER_PROPERTY));
        assertNull(chosen.getProperty(JhdfLogging.VERBOSITY_PROPERTY));

        Properties verbose = new Properties();
        verbose.setProperty(JhdfLogging.VERBOSITY_PROPERTY, "DEBUG");
        JhdfLogging.silence(verbose, none);
        assertEquals(JhdfLogging.NOP_PROVIDER, verbose.getProperty(JhdfLogging.PROVIDER_PROPERTY));
        assertEquals("DEBUG", verbose.getProperty(JhdfLogging.VERBOSITY_PROPERTY));

        // a provider on the class path (logback, say) is slf4j's to find
        Path jar = dir.resolve("provider");
        Path service = jar.resolve(JhdfLogging.PROVIDER_SERVICE);
        Files.createDirectories(service.getParent());
        Files.writeString(service, "ch.qos.logback.classic.spi.LogbackServiceProvider\n");
        try (URLClassLoader withProvider = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Properties found = new Properties();
            JhdfLogging.silence(found, withProvider);
            assertTrue(found.isEmpty(), found.toString());
        }
    }

    // ----------------------------------------------------------------------------- helpers

    private static void dataset(JsonNode meta, String name, String dtype, int[] shape) {
        JsonNode d = meta.get("datasets").get(name);
        assertEquals(dtype, d.get("dtype").asText(), name);
        int[] got = new int[d.get("shape").size()];
        for (int i = 0; i < got.length; i++) got[i] = d.get("shape").get(i).asInt();
        assertArrayEquals(shape, got, name + " shape " + Arrays.toString(got));
    }

    private static Set<String> names(JsonNode object) {
        Set<String> s = new TreeSet<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) s.add(it.next());
        return s;
    }

    static List<String> listing(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
