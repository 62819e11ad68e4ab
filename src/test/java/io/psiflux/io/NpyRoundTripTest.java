package io.psiflux.io;

import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Grid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpyRoundTripTest {
    @TempDir
    Path dir;

    static Stream<Arguments> precisionsAndRanks() {
        return Stream.of(Precision.values()).flatMap(p -> Stream.of(1, 2, 3).map(r -> Arguments.of(p, r)));
    }

    @ParameterizedTest(name = "{0} rank {1}")
    @MethodSource("precisionsAndRanks")
    void scalarField(Precision p, int rank) {
        Grid g = TestArrays.grid(rank);
        RealField f = TestArrays.realField(g, p, false);
        Path file = dir.resolve("v.npy");
        Npy.write(file, f);
        NpyArray a = Npy.read(file);
        assertArrayEquals(g.shape(), a.shape());
        assertEquals(p == Precision.DOUBLE ? "<f8" : "<f4", a.dtype());
        assertFalse(a.complex());
        for (int i = 0; i < f.length(); i++) assertEquals(f.get(i), a.data()[i], 0.0, "index " + i);
        RealField back = Npy.toRealField(a, g, p, "v");
        for (int i = 0; i < f.length(); i++) assertEquals(f.get(i), back.get(i), 0.0);
        assertAligned(file);
    }

    @ParameterizedTest(name = "{0} rank {1}")
    @MethodSource("precisionsAndRanks")
    void vectorFieldHasLeadingComponentAxis(Precision p, int rank) {
        Grid g = TestArrays.grid(rank);
        RealField f = TestArrays.realField(g, p, true);
        Path file = dir.resolve("j.npy");
        Npy.write(file, f);
        NpyArray a = Npy.read(file);
        int[] expected = new int[rank + 1];
        expected[0] = rank;
        System.arraycopy(g.shape(), 0, expected, 1, rank);
        assertArrayEquals(expected, a.shape());
        // Component c of point q at flat index c * points + q, as numpy's a[c].flat[q].
        for (int c = 0; c < rank; c++) {
            for (int q = 0; q < g.points(); q++) assertEquals(f.get(c, q), a.data()[c * g.points() + q], 0.0);
        }
        assertAligned(file);
    }

    @ParameterizedTest(name = "{0} rank {1}")
    @MethodSource("precisionsAndRanks")
    void complexField(Precision p, int rank) {
        Grid g = TestArrays.grid(rank);
        ComplexField f = TestArrays.complexField(g, p);
        Path file = dir.resolve("psi.npy");
        Npy.write(file, f);
        NpyArray a = Npy.read(file);
        assertArrayEquals(g.shape(), a.shape());
        assertEquals(p == Precision.DOUBLE ? "<c16" : "<c8", a.dtype());
        assertTrue(a.complex());
        assertEquals(g.points(), a.size());
        for (Precision q : Precision.values()) {
            ComplexField back = Npy.toComplexField(a, g, q, "psi");
            for (int i = 0; i < g.points(); i++) {
                assertEquals(TestArrays.stored(f.re(i), q), back.re(i), 0.0);
                assertEquals(TestArrays.stored(f.im(i), q), back.im(i), 0.0);
            }
        }
        assertAligned(file);
    }

    @ParameterizedTest(name = "rank {0}")
    @ValueSource(ints = {1, 2, 3})
    void plainFloat64Array(int rank) {
        int[] shape = TestArrays.grid(rank).shape();
        int n = 1;
        for (int s : shape) n *= s;
        double[] data = new double[n];
        for (int i = 0; i < n; i++) data[i] = TestArrays.real(i);
        Path file = dir.resolve("state_K.npy");
        Npy.write(file, shape, data);
        NpyArray a = Npy.read(file);
        assertEquals(new NpyArray(shape, "<f8", false, data), a);
        assertAligned(file);
    }

    @Test
    void emptyArrayRoundTrips() {
        Path file = dir.resolve("empty.npy");
        Npy.write(file, new int[] {0}, new double[0]);
        NpyArray a = Npy.read(file);
        assertArrayEquals(new int[] {0}, a.shape());
        assertEquals(0, a.data().length);
    }

    @Test
    void specialValuesAreWrittenBitForBit() {
        double[] v = {0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, -1e-300, Math.PI};
        Path file = dir.resolve("s.npy");
        Npy.write(file, new int[] {v.length}, v);
        double[] back = Npy.read(file).data();
        for (int i = 0; i < v.length; i++) {
            assertEquals(Double.doubleToRawLongBits(v[i]), Double.doubleToRawLongBits(back[i]), "index " + i);
        }
    }

    @Test
    void headerIsExactlyWhatNumpyWrites() throws IOException {
        Path file = dir.resolve("h.npy");
        Npy.write(file, new int[] {3, 4}, new double[12]);
        byte[] b = Files.readAllBytes(file);
        assertEquals(128 + 96, b.length);
        String header = new String(b, 10, 118, StandardCharsets.ISO_8859_1);
        assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }" + " ".repeat(58) + "\n", header);
        Npy.write(file, new int[] {5}, new double[5]);
        assertTrue(Files.readString(file, StandardCharsets.ISO_8859_1).contains("'shape': (5,), }"));
    }

    @Test
    void hugeShapeGetsAVersion2Header() {
        // numpy switches to version 2.0 when the header no longer fits 65535 bytes.
        int[] shape = new int[30000];
        java.util.Arrays.fill(shape, 1);
        byte[] h = Npy.header("<f8", shape);
        assertEquals(2, h[6]);
        int len = ByteBuffer.wrap(h, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertEquals(0, (12 + len) % 64);
        assertEquals(h.length, 12 + len);
        assertEquals('\n', h[h.length - 1]);
    }

    /** Magic, version 1.0, and data starting at a multiple of 64 right after the header's newline. */
    static void assertAligned(Path file) {
        try {
            byte[] b = Files.readAllBytes(file);
            assertEquals((byte) 0x93, b[0]);
            assertEquals("NUMPY", new String(b, 1, 5, StandardCharsets.ISO_8859_1));
            assertEquals(1, b[6]);
            assertEquals(0, b[7]);
            int len = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
            assertEquals(0, (10 + len) % 64, "header length incl. magic must be a multiple of 64");
            assertEquals('\n', b[10 + len - 1]);
            assertEquals('{', b[10]);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
