package io.psiflux.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.psiflux.UserError;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link VtkSnapshot} checked with VTK's own vtkXMLImageDataReader, the reader inside ParaView.
 * The point order is checked through VTK's geometry: for every point VTK numbers, the position VTK
 * gives it must be a grid point, and the values VTK attaches to it must be the fields' values at
 * that grid point. Values are copied, never computed, so they must come back bit for bit.
 */
class VtkSnapshotTest {
    @TempDir
    Path dir;

    /**
     * Reads argv[1]; saves each point-data array and every point's position (points.npy) into
     * argv[2] and prints the image's geometry, arrays and field data as JSON.
     */
    static final String READ = String.join("\n",
            "import sys, os, json, numpy as np, vtk",
            "from vtk.util import numpy_support as ns",
            "path, out = sys.argv[1], sys.argv[2]",
            "r = vtk.vtkXMLImageDataReader()",
            "r.SetFileName(path)",
            "r.Update()",
            "img = r.GetOutput()",
            "n = img.GetNumberOfPoints()",
            "np.save(os.path.join(out, 'points.npy'), np.array([img.GetPoint(q) for q in range(n)], dtype=np.float64).reshape(n, 3))",
            "pd = img.GetPointData()",
            "meta = {'error': r.GetErrorCode(), 'extent': list(img.GetExtent()), 'origin': list(img.GetOrigin()),",
            "        'spacing': list(img.GetSpacing()), 'points': n, 'arrays': [], 'field': {},",
            "        'scalars': pd.GetScalars().GetName() if pd.GetScalars() else None,",
            "        'vectors': pd.GetVectors().GetName() if pd.GetVectors() else None}",
            "for i in range(pd.GetNumberOfArrays()):",
            "    a = pd.GetArray(i)",
            "    x = ns.vtk_to_numpy(a)",
            "    meta['arrays'].append({'name': a.GetName(), 'components': a.GetNumberOfComponents(),",
            "                           'tuples': a.GetNumberOfTuples(), 'dtype': x.dtype.str})",
            "    np.save(os.path.join(out, a.GetName() + '.npy'), np.ascontiguousarray(x))",
            "fd = img.GetFieldData()",
            "for i in range(fd.GetNumberOfArrays()):",
            "    x = ns.vtk_to_numpy(fd.GetAbstractArray(i))",
            "    meta['field'][fd.GetAbstractArray(i).GetName()] = {'dtype': x.dtype.str, 'value': x.tolist()}",
            "print(json.dumps(meta))");

    /** Runs {@link #READ} on {@code vti}, saving into {@code out}; the reader must report nothing. */
    static JsonNode read(Path vti, Path out) throws IOException {
        Files.createDirectories(out);
        SystemPython.Result r = SystemPython.run(READ, vti.toString(), out.toString());
        assertEquals(0, r.exit(), r.describe());
        assertEquals("", r.err(), r.describe());
        JsonNode meta = new ObjectMapper().readTree(r.out());
        assertEquals(0, meta.get("error").asInt(), r.out());
        return meta;
    }

    static Stream<Arguments> cases() {
        return SnapshotData.cases();
    }

    @ParameterizedTest(name = "{0}D {1}")
    @MethodSource("cases")
    void vtkReadsWhatWeWrite(int rank, Precision precision) throws IOException {
        SystemPython.require("vtk", "python3-vtk9");
        Grid g = SnapshotData.grid(rank);
        Map<String, RealField> fields = SnapshotData.fields(g, precision);
        ComplexField psi = SnapshotData.psi(g, precision);
        long step = 1_234_567_890_123L;
        double time = 0.1 + 0.2;
        Path vti = dir.resolve("fields_001000.vti");
        VtkSnapshot.write(vti, g, step, time, fields, psi);

        Path out = dir.resolve("npy");
        JsonNode meta = read(vti, out);
        int points = g.points();
        assertEquals(points, meta.get("points").asInt());
        for (int d = 0; d < 3; d++) {
            boolean active = d < rank;
            assertEquals(0, meta.get("extent").get(2 * d).asInt(), "extent " + d);
            assertEquals(g.n(d) - 1, meta.get("extent").get(2 * d + 1).asInt(), "extent " + d);
            assertEquals(active ? g.axis(d).min() : 0.0, meta.get("origin").get(d).asDouble(), 0.0, "origin " + d);
            assertEquals(active ? g.axis(d).dx() : 1.0, meta.get("spacing").get(d).asDouble(), 0.0, "spacing " + d);
        }
        String type = precision == Precision.DOUBLE ? "<f8" : "<f4";
        List<String> names = List.of("density", "current", "psi_re", "psi_im");
        List<Integer> components = List.of(1, 3, 1, 1);
        assertEquals(names.size(), meta.get("arrays").size(), meta.toString());
        for (int a = 0; a < names.size(); a++) {
            JsonNode array = meta.get("arrays").get(a);
            assertEquals(names.get(a), array.get("name").asText());
            assertEquals(components.get(a), array.get("components").asInt(), names.get(a));
            assertEquals(points, array.get("tuples").asInt(), names.get(a));
            assertEquals(type, array.get("dtype").asText(), names.get(a));
        }
        assertEquals("density", meta.get("scalars").asText());
        assertEquals("current", meta.get("vectors").asText());
        assertEquals(time, meta.at("/field/TimeValue/value/0").asDouble(), 0.0);
        assertEquals("<f8", meta.at("/field/TimeValue/dtype").asText());
        assertEquals(step, meta.at("/field/step/value/0").asLong());
        assertEquals("<i8", meta.at("/field/step/dtype").asText());

        double[] position = Npy.read(out.resolve("points.npy")).data();
        double[] density = Npy.read(out.resolve("density.npy")).data();
        double[] current = Npy.read(out.resolve("current.npy")).data();
        double[] re = Npy.read(out.resolve("psi_re.npy")).data();
        double[] im = Npy.read(out.resolve("psi_im.npy")).data();
        RealField rho = fields.get("density"), j = fields.get("current");
        boolean[] seen = new boolean[points];
        for (int q = 0; q < points; q++) {
            int p = gridPoint(g, position, q);
            assertFalse(seen[p], "two VTK points at grid point " + p);
            seen[p] = true;
            String at = "VTK point " + q + " (psiflux point " + p + ")";
            assertEquals(rho.get(p), density[q], 0.0, "density at " + at);
            for (int c = 0; c < 3; c++) {
                assertEquals(c < rank ? j.get(c, p) : 0.0, current[3 * q + c], 0.0, "current " + c + " at " + at);
            }
            assertEquals(psi.re(p), re[q], 0.0, "psi_re at " + at);
            assertEquals(psi.im(p), im[q], 0.0, "psi_im at " + at);
        }
    }

    /** The psiflux flat index of the grid point at VTK's position of point {@code q}. */
    private static int gridPoint(Grid g, double[] position, int q) {
        int p = 0;
        for (int d = 0; d < 3; d++) {
            double x = position[3 * q + d];
            int i = 0;
            if (d < g.rank()) {
                Axis a = g.axis(d);
                i = (int) Math.round((x - a.min()) / a.dx());
                assertTrue(i >= 0 && i < a.n(), "VTK point " + q + " lies off the grid along axis " + d + ": " + x);
                assertEquals(a.x(i), x, 1e-12 * (Math.abs(a.min()) + a.length()), "VTK point " + q + " axis " + d);
            } else {
                assertEquals(0.0, x, 0.0, "VTK point " + q + " on inactive axis " + d);
            }
            p += i * g.stride(d);
        }
        return p;
    }

    @Test
    void writesOnlyWhatIsGiven() throws IOException {
        SystemPython.require("vtk", "python3-vtk9");
        Grid g = SnapshotData.grid(3);
        Path empty = dir.resolve("empty.vti");
        VtkSnapshot.write(empty, g, 0, 0.0, Map.of(), null);
        JsonNode meta = read(empty, dir.resolve("empty"));
        assertEquals(g.points(), meta.get("points").asInt());
        assertEquals(0, meta.get("arrays").size());

        Path onlyPsi = dir.resolve("psi.vti");
        ComplexField psi = SnapshotData.psi(g, Precision.SINGLE);
        VtkSnapshot.write(onlyPsi, g, 5, 2.5, Map.of(), psi);
        meta = read(onlyPsi, dir.resolve("psi"));
        assertEquals(Set.of("psi_re", "psi_im"), arrayNames(meta));
        assertEquals("psi_re", meta.get("scalars").asText());
        assertTrue(meta.get("vectors").isNull());
        assertEquals(2.5, meta.at("/field/TimeValue/value/0").asDouble(), 0.0);
    }

    @Test
    void aFailedWriteLeavesNoTemporaryFile() throws IOException {
        Grid g = SnapshotData.grid(2);
        Path target = dir.resolve("snap.vti");
        Files.createDirectories(target);
        Files.writeString(target.resolve("keep"), "x");
        UserError e = assertThrows(UserError.class,
                () -> VtkSnapshot.write(target, g, 3, 0.0, SnapshotData.fields(g, Precision.DOUBLE), null));
        assertTrue(e.getMessage().startsWith(target + ": cannot write"), e.getMessage());
        assertEquals(List.of("snap.vti"), Hdf5SnapshotTest.listing(dir));
    }

    @Test
    void wrongArgumentsWriteNothing() throws IOException {
        Grid g = SnapshotData.grid(2), other = SnapshotData.grid(1);
        Path vti = dir.resolve("snap.vti");
        assertThrows(IllegalArgumentException.class, () -> VtkSnapshot.write(vti, g, 0, 0.0,
                Map.of("current", SnapshotData.current(other, Precision.DOUBLE)), null));
        assertThrows(IllegalArgumentException.class, () -> VtkSnapshot.write(vti, g, 0, 0.0,
                Map.of("psi_re", SnapshotData.density(g, Precision.DOUBLE)), null));
        assertThrows(IllegalArgumentException.class, () -> VtkSnapshot.write(vti, g, 0, 0.0,
                Map.of("a\"b", SnapshotData.density(g, Precision.DOUBLE)), null));
        assertThrows(IllegalArgumentException.class, () -> VtkSnapshot.write(vti, g, 0, Double.NaN, Map.of(), null));
        assertEquals(List.of(), Hdf5SnapshotTest.listing(dir));
    }

    private static Set<String> arrayNames(JsonNode meta) {
        Set<String> s = new TreeSet<>();
        for (Iterator<JsonNode> it = meta.get("arrays").elements(); it.hasNext(); ) s.add(it.next().get("name").asText());
        return s;
    }
}
