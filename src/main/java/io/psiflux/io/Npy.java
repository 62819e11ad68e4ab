package io.psiflux.io;

import io.psiflux.UserError;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Grid;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NumPy {@code .npy} files: what {@code numpy.save} writes and {@code numpy.load} reads.
 *
 * <p>Format (numpy's NEP 1): the magic {@code \x93NUMPY}, a version byte pair, the header length
 * (2 bytes little-endian in version 1.0, 4 in 2.0 and 3.0), then the header, a Python dict
 * literal such as {@code {'descr': '<c16', 'fortran_order': False, 'shape': (64, 32), }} padded
 * with spaces and ending in {@code \n} so that the data starts at a multiple of 64 bytes; the
 * data follows as raw values.
 *
 * <p>Writing produces version 1.0, little-endian, C order: {@code '<f8'} / {@code '<c16'} for
 * {@link Precision#DOUBLE}, {@code '<f4'} / {@code '<c8'} for {@link Precision#SINGLE}. A complex
 * value is a {@code re, im} pair, so the interleaved storage of {@link ComplexField} is written
 * as it is. Reading accepts versions 1.0 to 3.0 and those four dtypes in either byte order, and
 * refuses anything else with a {@link UserError} that starts with the file's path.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy aligns the start of the data to 64 bytes so that it can be memory-mapped. */
    private static final int ALIGN = 64;
    /** Bytes moved per bulk transfer between a Java array and the file. */
    private static final int CHUNK = 1 << 20;
    /** Larger headers are refused rather than read into memory. */
    private static final int MAX_HEADER = 1 << 20;
    private static final String SUPPORTED =
            "psiflux reads float64 '<f8', float32 '<f4', complex128 '<c16' and complex64 '<c8'";

    private Npy() {
    }

    // ----------------------------------------------------------------------------------- writing

    /** Writes a scalar or vector field with shape {@link RealField#shape()}. */
    public static void write(Path path, RealField field) {
        writeArray(path, field.shape(), field.doubles(), field.floats(), false);
    }

    /** Writes a complex field with the grid's shape. */
    public static void write(Path path, ComplexField field) {
        writeArray(path, field.grid().shape(), field.doubles(), field.floats(), true);
    }

    /** Writes a plain float64 array of the given shape (C order). */
    public static void write(Path path, int[] shape, double[] data) {
        long n = 1;
        for (int s : shape) {
            if (s < 0) throw new IllegalArgumentException("negative extent in shape " + Arrays.toString(shape));
            n *= s;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                    + " values, got " + data.length);
        }
        writeArray(path, shape, data, null, false);
    }

    /** Exactly one of {@code d} and {@code f} is non-null; it holds the values in file order. */
    private static void writeArray(Path path, int[] shape, double[] d, float[] f, boolean complex) {
        int width = d != null ? 8 : 4;
        String descr = (complex ? "<c" : "<f") + (complex ? 2 * width : width);
        byte[] header = header(descr, shape);
        int n = d != null ? d.length : f.length;
        AtomicFiles.writeChannel(path, ch -> {
            AtomicFiles.writeFully(ch, ByteBuffer.wrap(header));
            writeValues(ch, d, f, n, width);
        });
    }

    private static void writeValues(WritableByteChannel ch, double[] d, float[] f, int n, int width)
            throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(Math.min(CHUNK, Math.max(n * width, width)))
                .order(ByteOrder.LITTLE_ENDIAN);
        int per = buf.capacity() / width;
        for (int off = 0; off < n; off += per) {
            int m = Math.min(per, n - off);
            buf.clear();
            if (d != null) buf.asDoubleBuffer().put(d, off, m);
            else buf.asFloatBuffer().put(f, off, m);
            buf.limit(m * width);
            AtomicFiles.writeFully(ch, buf);
        }
    }

    /** The magic, version, length and padded header dict; its length is a multiple of 64. */
    static byte[] header(String descr, int[] shape) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + tuple(shape) + ", }";
        int version = 1;
        int preamble = MAGIC.length + 2 + 2;
        int total = roundUp(preamble + dict.length() + 1);
        if (total - preamble > 0xFFFF) {
            version = 2;
            preamble = MAGIC.length + 2 + 4;
            total = roundUp(preamble + dict.length() + 1);
        }
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) version).put((byte) 0);
        if (version == 1) b.putShort((short) (total - preamble));
        else b.putInt(total - preamble);
        b.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        while (b.position() < total - 1) b.put((byte) ' ');
        b.put((byte) '\n');
        return b.array();
    }

    private static int roundUp(int n) {
        return (n + ALIGN - 1) / ALIGN * ALIGN;
    }

    /** A shape as Python writes a tuple: {@code (3,)}, {@code (3, 4)}, {@code ()}. */
    static String tuple(int[] shape) {
        if (shape.length == 1) return "(" + shape[0] + ",)";
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) b.append(i == 0 ? "" : ", ").append(shape[i]);
        return b.append(")").toString();
    }

    // ----------------------------------------------------------------------------------- reading

    /** The four dtypes psiflux reads, by their code without the byte-order mark. */
    private enum Kind {
        F8(8, false), F4(4, false), C16(8, true), C8(4, true);

        /** Bytes of one real number (a complex value has two). */
        final int width;
        final boolean complex;

        Kind(int width, boolean complex) {
            this.width = width;
            this.complex = complex;
        }

        static Kind of(String code) {
            return switch (code) {
                case "f8" -> F8;
                case "f4" -> F4;
                case "c16" -> C16;
                case "c8" -> C8;
                default -> null;
            };
        }
    }

    /**
     * Reads a {@code .npy} file. Refuses, with a {@link UserError} naming the path and the
     * problem: a missing file, a file that is not {@code .npy}, a dtype other than the four
     * supported, Fortran order, a malformed header, data shorter or longer than the header says,
     * and NaN or infinite values.
     */
    public static NpyArray read(Path path) {
        if (!Files.exists(path)) throw fail(path, "file not found");
        if (Files.isDirectory(path)) throw fail(path, "is a directory, not an .npy file");
        // a FIFO, socket or device would block or never end: only a regular file can be an array
        if (!Files.isRegularFile(path)) throw fail(path, "is not a regular file (a pipe, socket or device); give an .npy file");
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return read(path, ch);
        } catch (IOException e) {
            throw new UserError(path + ": cannot read (" + AtomicFiles.describe(e) + ")", e);
        }
    }

    private static NpyArray read(Path path, FileChannel ch) throws IOException {
        long size = ch.size();
        ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        readAt(ch, pre, 0);
        pre.flip();
        for (int i = 0; i < MAGIC.length; i++) {
            if (pre.limit() <= i || pre.get(i) != MAGIC[i]) {
                throw fail(path, "not an .npy file (bad magic: it does not start with \\x93NUMPY"
                        + (size == 0 ? "; the file is empty)" : ")"));
            }
        }
        if (pre.limit() < 10) throw fail(path, "header malformed (file ends inside the preamble)");
        int major = pre.get(6) & 0xFF, minor = pre.get(7) & 0xFF;
        long headerLen;
        int start;
        if (major == 1) {
            headerLen = pre.getShort(8) & 0xFFFF;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (pre.limit() < 12) throw fail(path, "header malformed (file ends inside the preamble)");
            headerLen = pre.getInt(8) & 0xFFFFFFFFL;
            start = 12;
        } else {
            throw fail(path, "unsupported .npy format version " + major + "." + minor
                    + " (psiflux reads 1.0, 2.0 and 3.0)");
        }
        if (start + headerLen > size) {
            throw fail(path, "header malformed (it claims " + headerLen + " bytes, the file has "
                    + (size - start) + " after the preamble)");
        }
        if (headerLen > MAX_HEADER) throw fail(path, "header malformed (" + headerLen + " bytes long)");
        ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
        readAt(ch, hb, start);
        String text = new String(hb.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);

        Map<String, Object> dict = parseHeader(path, text);
        Object descr = dict.get("descr");
        if (!(descr instanceof String dtype)) {
            throw fail(path, "unsupported dtype " + Literal.repr(descr) + " (a structured dtype); " + SUPPORTED);
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw fail(path, "header malformed ('fortran_order' is " + Literal.repr(dict.get("fortran_order"))
                    + ", not True or False)");
        }
        int[] shape = shape(path, dict.get("shape"));

        ByteOrder order;
        Kind kind = null;
        if (dtype.isEmpty()) order = null;
        else if ("<|=".indexOf(dtype.charAt(0)) >= 0) order = ByteOrder.LITTLE_ENDIAN;
        else if (dtype.charAt(0) == '>') order = ByteOrder.BIG_ENDIAN;
        else order = null;
        if (order != null) kind = Kind.of(dtype.substring(1));
        if (kind == null) {
            throw fail(path, "unsupported dtype '" + dtype + "'; " + SUPPORTED
                    + " (convert with a.astype(numpy.float64) or a.astype(numpy.complex128))");
        }
        if (fortran) {
            throw fail(path, "fortran_order is True; psiflux reads C-order arrays"
                    + " (save numpy.ascontiguousarray(a) instead)");
        }

        long elements = 1;
        for (int s : shape) elements *= s;
        long values = elements * (kind.complex ? 2 : 1);
        if (values > Integer.MAX_VALUE - 8) {
            throw fail(path, "array of shape " + tuple(shape) + " is too large (" + values + " values)");
        }
        long expected = values * kind.width;
        long got = size - start - headerLen;
        if (got != expected) {
            throw fail(path, (got < expected ? "data truncated" : "data too long") + ": expected " + expected
                    + " bytes for shape " + tuple(shape) + " of '" + dtype + "', got " + got);
        }
        double[] data = readValues(ch, start + headerLen, (int) values, kind.width, order);
        checkFinite(path, data, kind.complex);
        return new NpyArray(shape, dtype, kind.complex, data);
    }

    private static double[] readValues(FileChannel ch, long pos, int n, int width, ByteOrder order)
            throws IOException {
        double[] out = new double[n];
        ByteBuffer buf = ByteBuffer.allocateDirect(Math.min(CHUNK, Math.max(n * width, width))).order(order);
        int per = buf.capacity() / width;
        float[] scratch = width == 4 ? new float[per] : null;
        for (int off = 0; off < n; off += per) {
            int m = Math.min(per, n - off);
            buf.clear().limit(m * width);
            readAt(ch, buf, pos + (long) off * width);
            if (buf.hasRemaining()) throw new IOException("file shrank while being read");
            buf.flip();
            if (width == 8) {
                buf.asDoubleBuffer().get(out, off, m);
            } else {
                buf.asFloatBuffer().get(scratch, 0, m);
                for (int i = 0; i < m; i++) out[off + i] = scratch[i];
            }
        }
        return out;
    }

    /** Fills {@code buf} from absolute position {@code pos} or up to the end of the file. */
    private static void readAt(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf, pos + buf.position()) < 0) break;
        }
    }

    private static void checkFinite(Path path, double[] data, boolean complex) {
        for (int i = 0; i < data.length; i++) {
            double v = data[i];
            if (Double.isFinite(v)) continue;
            String what = Double.isNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf";
            String part = !complex ? "value" : i % 2 == 0 ? "real part" : "imaginary part";
            throw fail(path, part + " at flat index " + (complex ? i / 2 : i) + " is " + what
                    + "; input arrays must be finite");
        }
    }

    private static Map<String, Object> parseHeader(Path path, String text) {
        Object value;
        try {
            value = new Literal(text).parseAll();
        } catch (IllegalArgumentException e) {
            throw fail(path, "header malformed (" + e.getMessage() + "): " + abbreviate(text));
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw fail(path, "header malformed (not a dict): " + abbreviate(text));
        }
        Set<String> keys = Set.of("descr", "fortran_order", "shape");
        if (!m.keySet().equals(keys)) {
            throw fail(path, "header malformed (keys must be 'descr', 'fortran_order' and 'shape', got "
                    + m.keySet() + ")");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> dict = (Map<String, Object>) m;
        return dict;
    }

    private static int[] shape(Path path, Object value) {
        if (value instanceof List<?> list) {
            int[] shape = new int[list.size()];
            boolean ok = true;
            for (int i = 0; i < shape.length; i++) {
                if (list.get(i) instanceof Long l && l >= 0 && l <= Integer.MAX_VALUE) shape[i] = (int) (long) l;
                else ok = false;
            }
            if (ok) return shape;
        }
        throw fail(path, "header malformed ('shape' is " + Literal.repr(value)
                + ", not a tuple of non-negative integers)");
    }

    private static String abbreviate(String header) {
        String t = header.strip().replace("\n", "\\n");
        return t.length() <= 120 ? t : t.substring(0, 117) + "...";
    }

    private static UserError fail(Path path, String what) {
        return new UserError(path + ": " + what);
    }

    /**
     * The subset of Python literals that .npy headers use: dicts, tuples, lists, strings,
     * integers, True, False and None. Tuples and lists become {@link List}s, integers
     * {@link Long}s.
     */
    private static final class Literal {
        private final String s;
        private int i;

        Literal(String s) {
            this.s = s;
        }

        Object parseAll() {
            Object v = value();
            skipSpace();
            if (i < s.length()) throw new IllegalArgumentException("unexpected text after the dict");
            return v;
        }

        private Object value() {
            skipSpace();
            if (i >= s.length()) throw new IllegalArgumentException("ends early");
            char c = s.charAt(i);
            if (c == '{') return dict();
            if (c == '(') return sequence(')');
            if (c == '[') return sequence(']');
            if (c == '\'' || c == '"') return string(c);
            if (c == '-' || Character.isDigit(c)) return integer();
            if (Character.isLetter(c)) return word();
            throw new IllegalArgumentException("unexpected '" + c + "' at offset " + i);
        }

        private Map<String, Object> dict() {
            Map<String, Object> m = new LinkedHashMap<>();
            i++;
            while (true) {
                skipSpace();
                if (peek() == '}') {
                    i++;
                    return m;
                }
                if (!(value() instanceof String key)) throw new IllegalArgumentException("dict key is not a string");
                skipSpace();
                expect(':');
                if (m.put(key, value()) != null) throw new IllegalArgumentException("key '" + key + "' repeated");
                skipSpace();
                if (peek() == ',') i++;
                else if (peek() != '}') throw new IllegalArgumentException("expected ',' or '}' at offset " + i);
            }
        }

        private List<Object> sequence(char close) {
            List<Object> l = new ArrayList<>();
            i++;
            while (true) {
                skipSpace();
                if (peek() == close) {
                    i++;
                    return l;
                }
                l.add(value());
                skipSpace();
                if (peek() == ',') i++;
                else if (peek() != close) throw new IllegalArgumentException("expected ',' or '" + close + "' at offset " + i);
            }
        }

        private String string(char quote) {
            int end = s.indexOf(quote, i + 1);
            if (end < 0) throw new IllegalArgumentException("unterminated string");
            String v = s.substring(i + 1, end);
            if (v.indexOf('\\') >= 0) throw new IllegalArgumentException("escapes in strings are not supported");
            i = end + 1;
            return v;
        }

        private Long integer() {
            int b = i;
            if (s.charAt(i) == '-') i++;
            while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
            String digits = s.substring(b, i);
            if (i < s.length() && s.charAt(i) == 'L') i++; // Python 2 long
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad integer '" + digits + "'");
            }
        }

        private Object word() {
            int b = i;
            while (i < s.length() && Character.isLetterOrDigit(s.charAt(i))) i++;
            String w = s.substring(b, i);
            return switch (w) {
                case "True" -> Boolean.TRUE;
                case "False" -> Boolean.FALSE;
                case "None" -> null;
                default -> throw new IllegalArgumentException("unexpected word '" + w + "'");
            };
        }

        private void expect(char c) {
            if (peek() != c) throw new IllegalArgumentException("expected '" + c + "' at offset " + i);
            i++;
        }

        private char peek() {
            if (i >= s.length()) throw new IllegalArgumentException("ends early");
            return s.charAt(i);
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }

        /** A parsed value as Python would print it, for messages. */
        static String repr(Object v) {
            if (v == null) return "None";
            if (v instanceof String str) return "'" + str + "'";
            if (v instanceof Boolean b) return b ? "True" : "False";
            if (v instanceof List<?> l) {
                StringBuilder b = new StringBuilder("[");
                for (int k = 0; k < l.size(); k++) b.append(k == 0 ? "" : ", ").append(repr(l.get(k)));
                return b.append("]").toString();
            }
            if (v instanceof Map<?, ?> m) {
                StringBuilder b = new StringBuilder("{");
                m.forEach((k, x) -> b.append(b.length() == 1 ? "" : ", ").append(repr(k)).append(": ").append(repr(x)));
                return b.append("}").toString();
            }
            return String.valueOf(v);
        }
    }

    // -------------------------------------------------------------------------- arrays to fields

    /**
     * The wavefunction (or any complex field) held in {@code a}: its shape must be the grid's;
     * a real array gives a field with zero imaginary part.
     *
     * @param what names the input in messages, e.g. {@code "initial_state.file 'psi0.npy'"}
     */
    public static ComplexField toComplexField(NpyArray a, Grid grid, Precision precision, String what) {
        checkShape(a, grid, what);
        ComplexField f = new ComplexField(grid, precision);
        double[] v = a.data();
        if (a.complex() && f.doubles() != null) {
            System.arraycopy(v, 0, f.doubles(), 0, v.length);
        } else if (a.complex()) {
            float[] t = f.floats();
            for (int i = 0; i < v.length; i++) t[i] = narrow(v[i], i / 2, what);
        } else {
            for (int p = 0; p < v.length; p++) f.set(p, precision == Precision.SINGLE ? narrow(v[p], p, what) : v[p], 0);
        }
        return f;
    }

    /**
     * The real scalar field (a potential) held in {@code a}: its shape must be the grid's and its
     * dtype real.
     *
     * @param what names the input in messages, e.g. {@code "potential.file 'v.npy'"}
     */
    public static RealField toRealField(NpyArray a, Grid grid, Precision precision, String what) {
        if (a.complex()) {
            throw new UserError(what + ": complex array (dtype '" + a.dtype()
                    + "') where a real one is needed (save a.real if the imaginary part is zero)");
        }
        checkShape(a, grid, what);
        RealField f = RealField.scalar(grid, precision);
        double[] v = a.data();
        if (f.doubles() != null) System.arraycopy(v, 0, f.doubles(), 0, v.length);
        else for (int p = 0; p < v.length; p++) f.floats()[p] = narrow(v[p], p, what);
        return f;
    }

    private static void checkShape(NpyArray a, Grid grid, String what) {
        if (!Arrays.equals(a.shape(), grid.shape())) {
            throw new UserError(what + ": shape " + tuple(a.shape()) + " does not match grid points "
                    + Arrays.toString(grid.shape()));
        }
    }

    /** {@code v} as a float, refusing values beyond single precision's range. */
    private static float narrow(double v, int index, String what) {
        float f = (float) v;
        if (Float.isInfinite(f)) {
            throw new UserError(what + ": value " + v + " at flat index " + index
                    + " is too large for single precision (max " + Float.MAX_VALUE + ")");
        }
        return f;
    }
}
