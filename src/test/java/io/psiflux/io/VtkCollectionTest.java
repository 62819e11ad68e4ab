package io.psiflux.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.psiflux.UserError;
import io.psiflux.field.Precision;
import io.psiflux.grid.Grid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The collection {@link VtkSnapshot#writeCollection} writes, read the way ParaView reads a
 * {@code .pvd}: VTK's XML parser for the collection, vtkXMLImageDataReader for each file it names,
 * relative to the collection's folder; and read back by {@link VtkSnapshot#readCollection} as a
 * resumed run does.
 */
class VtkCollectionTest {
    @TempDir
    Path dir;

    /** Prints, as JSON, each DataSet's timestep and file, and the step and time found in that file. */
    private static final String READ = String.join("\n",
            "import sys, os, json, vtk",
            "from vtk.util import numpy_support as ns",
            "pvd = sys.argv[1]",
            "p = vtk.vtkXMLDataParser()",
            "p.SetFileName(pvd)",
            "assert p.Parse() == 1, 'not well-formed XML'",
            "root = p.GetRootElement()",
            "assert root.GetName() == 'VTKFile' and root.GetAttribute('type') == 'Collection', root.GetName()",
            "c = root.GetNestedElement(0)",
            "assert c.GetName() == 'Collection', c.GetName()",
            "out = []",
            "for i in range(c.GetNumberOfNestedElements()):",
            "    e = c.GetNestedElement(i)",
            "    assert e.GetName() == 'DataSet', e.GetName()",
            "    r = vtk.vtkXMLImageDataReader()",
            "    r.SetFileName(os.path.join(os.path.dirname(pvd), e.GetAttribute('file')))",
            "    r.Update()",
            "    assert r.GetErrorCode() == 0, e.GetAttribute('file')",
            "    fd = r.GetOutput().GetFieldData()",
            "    out.append({'timestep': float(e.GetAttribute('timestep')), 'file': e.GetAttribute('file'),",
            "                'time': float(ns.vtk_to_numpy(fd.GetArray('TimeValue'))[0]),",
            "                'step': int(ns.vtk_to_numpy(fd.GetArray('step'))[0]),",
            "                'points': r.GetOutput().GetNumberOfPoints()})",
            "print(json.dumps(out))");

    private static JsonNode read(Path pvd) throws IOException {
        SystemPython.Result r = SystemPython.run(READ, pvd.toString());
        assertEquals(0, r.exit(), r.describe());
        assertEquals("", r.err(), r.describe());
        return new ObjectMapper().readTree(r.out());
    }

    private static final long[] STEPS = {0, 10, 20};
    private static final double[] TIMES = {0.0, 0.1 + 0.2, 1e-4 * 3};
    private static final String[] FILES = {"fields_000000.vti", "fields_000010.vti", "sub/fields_000020.vti"};

    private static String fileOfStep(long step) {
        for (int s = 0; s < STEPS.length; s++) if (STEPS[s] == step) return FILES[s];
        throw new AssertionError("no step " + step);
    }

    /** Writes the snapshots of all steps and the collection of them, as a run does, step by step. */
    private Path writeRun(Grid g, IoConsumer<Integer> afterEachStep) throws IOException {
        Path pvd = dir.resolve(VtkSnapshot.COLLECTION);
        Files.createDirectories(dir.resolve("sub"));
        List<double[]> entries = new ArrayList<>();
        for (int s = 0; s < STEPS.length; s++) {
            VtkSnapshot.write(dir.resolve(FILES[s]), g, STEPS[s], TIMES[s], SnapshotData.fields(g, Precision.DOUBLE), null);
            entries.add(new double[] {TIMES[s], STEPS[s]});
            VtkSnapshot.writeCollection(pvd, entries, VtkCollectionTest::fileOfStep);
            afterEachStep.accept(s + 1);
        }
        return pvd;
    }

    @Test
    void listsTheStepsWrittenSoFarWithTheirTimes() throws IOException {
        SystemPython.require("vtk", "python3-vtk9");
        Grid g = SnapshotData.grid(2);
        Path pvd = dir.resolve(VtkSnapshot.COLLECTION);
        writeRun(g, n -> {
            // after every step, what an interrupted run would leave: a valid collection of them all
            JsonNode listed = read(pvd);
            assertEquals(n, listed.size(), listed.toString());
            for (int t = 0; t < n; t++) {
                JsonNode e = listed.get(t);
                assertEquals(TIMES[t], e.get("timestep").asDouble(), 0.0, "timestep of " + FILES[t]);
                assertEquals(FILES[t], e.get("file").asText());
                assertEquals(TIMES[t], e.get("time").asDouble(), 0.0, "TimeValue in " + FILES[t]);
                assertEquals(STEPS[t], e.get("step").asLong(), "step in " + FILES[t]);
                assertEquals(g.points(), e.get("points").asInt());
            }
        });
        assertEquals(List.of("fields.pvd", "fields_000000.vti", "fields_000010.vti", "sub"),
                Hdf5SnapshotTest.listing(dir), "no temporary file is left");
        assertEquals(List.of("fields_000020.vti"), Hdf5SnapshotTest.listing(dir.resolve("sub")));
    }

    @Test
    void readingBackKeepsTheStepsUpToACheckpoint() throws IOException {
        Grid g = SnapshotData.grid(1);
        Path pvd = writeRun(g, n -> { });
        assertEntries(List.of(0, 1), VtkSnapshot.readCollection(pvd, 10));
        assertEntries(List.of(0, 1), VtkSnapshot.readCollection(pvd, 19));
        assertEntries(List.of(0, 1, 2), VtkSnapshot.readCollection(pvd, 20));
        assertEntries(List.of(), VtkSnapshot.readCollection(pvd, -1));
        // a snapshot that is gone is not listed again
        Files.delete(dir.resolve(FILES[1]));
        assertEntries(List.of(0, 2), VtkSnapshot.readCollection(pvd, 100));
    }

    private static void assertEntries(List<Integer> expected, List<double[]> got) {
        assertEquals(expected.size(), got.size(), got.stream().map(Arrays::toString).toList().toString());
        for (int e = 0; e < expected.size(); e++) {
            int s = expected.get(e);
            assertArrayEquals(new double[] {TIMES[s], STEPS[s]}, got.get(e), 0.0, "entry " + e);
        }
    }

    @Test
    void problemsAreReported() throws IOException {
        Path missing = dir.resolve("no-such-dir/fields.pvd");
        UserError w = assertThrows(UserError.class, () ->
                VtkSnapshot.writeCollection(missing, List.<double[]>of(new double[] {0.0, 0}), st -> "a.vti"));
        assertTrue(w.getMessage().startsWith(missing + ": cannot write"), w.getMessage());
        UserError r = assertThrows(UserError.class, () -> VtkSnapshot.readCollection(missing, 0));
        assertTrue(r.getMessage().startsWith(missing + ": cannot read"), r.getMessage());
        Path other = dir.resolve("other.pvd");
        Files.writeString(other, "<VTKFile type=\"ImageData\"/>");
        UserError o = assertThrows(UserError.class, () -> VtkSnapshot.readCollection(other, 0));
        assertTrue(o.getMessage().startsWith(other + ": not a VTK collection"), o.getMessage());

        Path pvd = dir.resolve("fields.pvd");
        assertThrows(IllegalArgumentException.class, () ->
                VtkSnapshot.writeCollection(pvd, List.<double[]>of(new double[] {Double.NaN, 0}), st -> "a.vti"));
        assertThrows(IllegalArgumentException.class, () ->
                VtkSnapshot.writeCollection(pvd, List.<double[]>of(new double[] {0.0, 0.5}), st -> "a.vti"));
        assertEquals(List.of("other.pvd"), Hdf5SnapshotTest.listing(dir));
    }
}
