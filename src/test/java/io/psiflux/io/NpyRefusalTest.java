package io.psiflux.io;

import io.psiflux.UserError;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every malformed input is a {@link UserError} whose one-line message starts with the path. */
class NpyRefusalTest {
    @TempDir
    Path dir;

    private String refused(Path file, String... expected) {
        UserError e = assertThrows(UserError.class, () -> Npy.read(file));
        String m = e.getMessage();
        assertTrue(m.startsWith(file + ": "), m);
        assertFalse(m.contains("\n"), m);
        for (String s : expected) assertTrue(m.contains(s), "'" + s + "' missing from: " + m);
        return m;
    }

    /** A version 1.0 file with the given header dict text and {@code dataBytes} zero bytes. */
    private Path raw(String name, String dict, int dataBytes) throws IOException {
        int total = (10 + dict.length() + 1 + 63) / 64 * 64;
        ByteBuffer b = ByteBuffer.allocate(total + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) (total - 10));
        b.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        while (b.position() < total - 1) b.put((byte) ' ');
        b.put((byte) '\n');
        Path file = dir.resolve(name);
        Files.write(file, b.array());
        return file;
    }

    private static String dict(String descr, String fortran, String shape) {
        return "{'descr': " + descr + ", 'fortran_order': " + fortran + ", 'shape': " + shape + ", }";
    }

    @Test
    void missingFile() {
        refused(dir.resolve("nope.npy"), "file not found");
    }

    @Test
    void directory() {
        refused(dir, "directory");
    }

    @Test
    void badMagic() throws IOException {
        Path f = dir.resolve("text.npy");
        Files.writeString(f, "x,y\n1,2\n");
        refused(f, "not an .npy file", "bad magic");
        Path empty = dir.resolve("empty.npy");
        Files.write(empty, new byte[0]);
        refused(empty, "bad magic", "empty");
    }

    @Test
    void unsupportedDtypeIsNamedWithTheSupportedOnes() throws IOException {
        String m = refused(raw("i8.npy", dict("'<i8'", "False", "(3,)"), 24), "'<i8'");
        for (String s : new String[] {"'<f8'", "'<f4'", "'<c16'", "'<c8'"}) assertTrue(m.contains(s), m);
        refused(raw("f2.npy", dict("'<f2'", "False", "(3,)"), 6), "'<f2'");
        refused(raw("nobo.npy", dict("'f8'", "False", "(3,)"), 24), "unsupported dtype 'f8'");
        refused(raw("struct.npy", dict("[('a', '<f8'), ('b', '<f8')]", "False", "(3,)"), 48),
                "unsupported dtype", "structured");
    }

    @Test
    void fortranOrder() throws IOException {
        refused(raw("f.npy", dict("'<f8'", "True", "(3, 4)"), 96), "fortran_order is True", "C-order");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4}",
            "{'descr': '<f8', 'fortran_order': False}",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), 'extra': 1}",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (-3,)}",
            "{'descr': '<f8', 'fortran_order': 0, 'shape': (3,)}",
            "{'descr': '<f8', 'fortran_order': False, 'shape': 3}",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (3,)} trailing",
            "{'descr': '<f8', 'fortran_order': Maybe, 'shape': (3,)}",
            "['descr', '<f8']",
            "",
    })
    void malformedHeader(String header) throws IOException {
        refused(raw("bad.npy", header, 24), "header malformed");
    }

    @Test
    void headerLongerThanTheFile() throws IOException {
        Path f = dir.resolve("cut.npy");
        Npy.write(f, new int[] {3}, new double[3]);
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, 40));
        refused(f, "header malformed");
        Files.write(f, Arrays.copyOf(b, 8));
        refused(f, "header malformed");
    }

    @Test
    void unknownVersion() throws IOException {
        Path f = dir.resolve("v4.npy");
        Npy.write(f, new int[] {3}, new double[3]);
        byte[] b = Files.readAllBytes(f);
        b[6] = 4;
        Files.write(f, b);
        refused(f, "version 4.0");
    }

    @Test
    void truncatedData() throws IOException {
        Path f = dir.resolve("t.npy");
        Npy.write(f, new int[] {3, 4}, new double[12]);
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 5));
        refused(f, "data truncated", "expected 96 bytes", "got 91");
        Files.write(f, Arrays.copyOf(b, b.length + 8));
        refused(f, "data too long", "expected 96 bytes", "got 104");
    }

    @Test
    void nanAndInfGiveTheFirstFlatIndex() {
        Grid g = Grid.of(new Axis(4, 0, 1), new Axis(3, 0, 1));
        for (Precision p : Precision.values()) {
            RealField v = RealField.scalar(g, p);
            v.set(7, Double.NaN);
            v.set(9, Double.POSITIVE_INFINITY);
            Path f = dir.resolve("nan_" + p + ".npy");
            Npy.write(f, v);
            refused(f, "flat index 7 is NaN");
            v.set(7, 0);
            refused(write(f, v), "flat index 9 is +Inf");

            ComplexField psi = new ComplexField(g, p);
            psi.set(5, 1.0, Double.NEGATIVE_INFINITY);
            Path c = dir.resolve("psi_" + p + ".npy");
            Npy.write(c, psi);
            refused(c, "imaginary part at flat index 5 is -Inf");
        }
    }

    private static Path write(Path f, RealField v) {
        Npy.write(f, v);
        return f;
    }

    @Test
    void version2HeaderIsRead() throws IOException {
        String dict = dict("'<f8'", "False", "(2,)");
        int total = (12 + dict.length() + 1 + 63) / 64 * 64;
        ByteBuffer b = ByteBuffer.allocate(total + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(total - 12);
        b.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        while (b.position() < total - 1) b.put((byte) ' ');
        b.put((byte) '\n').putDouble(1.5).putDouble(-2.5);
        Path f = dir.resolve("v2.npy");
        Files.write(f, b.array());
        NpyArray a = Npy.read(f);
        assertArrayEquals(new int[] {2}, a.shape());
        assertArrayEquals(new double[] {1.5, -2.5}, a.data());
    }

    @Test
    void bigEndianAndByteOrderMarksAreRead() throws IOException {
        for (String descr : new String[] {"'>f8'", "'=f8'", "'|f8'"}) {
            Path f = raw("bo.npy", dict(descr, "False", "(2,)"), 0);
            ByteBuffer data = ByteBuffer.allocate(16)
                    .order(descr.contains(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            data.putDouble(0.25).putDouble(-3.0);
            Files.write(f, data.array(), java.nio.file.StandardOpenOption.APPEND);
            assertArrayEquals(new double[] {0.25, -3.0}, Npy.read(f).data(), descr);
        }
    }

    @Test
    void pythonTwoStyleHeaderIsRead() throws IOException {
        Path f = raw("py2.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 1L), }", 8);
        assertArrayEquals(new int[] {2, 1}, Npy.read(f).shape());
    }
}
