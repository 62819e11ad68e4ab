package io.psiflux.io;

import io.psiflux.UserError;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Grid;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One VTK XML ImageData file ({@code .vti}) per output step, for ParaView and VisIt, and the
 * collection ({@code fields.pvd}) that lists a run's steps with their times, so that ParaView
 * opens the run as one time series.
 *
 * <p>Layout of a file ({@code VTKFile type="ImageData" version="1.0"}, little-endian, UInt64
 * block headers):
 * <ul>
 *   <li>{@code WholeExtent} {@code 0 n-1} per axis, {@code 0 0} for inactive ones;
 *       {@code Origin} the axis minimums and {@code Spacing} their dx, 0 and 1 for inactive
 *       axes, so point (i, j, k) sits at the psiflux coordinates (x(i), y(j), z(k));</li>
 *   <li>point data, one array per field, named by its key: a scalar field as one component, a
 *       vector field as three (x, y, z), the components a grid of lower rank lacks written as 0,
 *       because VTK's vectors are always 3D; {@code psi}, when given, as two scalars
 *       {@code psi_re} and {@code psi_im}; Float64 in double precision, Float32 in single. The
 *       first scalar and the first vector are marked as the active {@code Scalars} and
 *       {@code Vectors};</li>
 *   <li>field data {@code TimeValue} (Float64, the name ParaView reads as the time of the file)
 *       and {@code step} (Int64);</li>
 *   <li>the values as appended raw binary after the XML: per array, a UInt64 byte count and the
 *       values; each {@code offset} counts from the byte after the {@code _} mark.</li>
 * </ul>
 *
 * <p>Point order: VTK numbers points with x fastest, {@code i + n0 (j + n1 k)}, the opposite of
 * psiflux's C order (x slowest, {@code (i n1 + j) n2 + k}, see {@link Grid}); the arrays are
 * reordered while they are written.
 *
 * <p>The collection ({@link #writeCollection}): {@code <VTKFile type="Collection">} with one
 * {@code <DataSet timestep="t" group="" part="0" file="..."/>} per step, in the order given;
 * {@code timestep} is the time at full precision ({@link Double#toString(double)}), {@code file}
 * the snapshot's path relative to the folder of the {@code .pvd}. It is rewritten whole at every
 * step, so a run that stops leaves a valid collection of the steps written so far; write a step's
 * {@code .vti} before the collection that names it.
 *
 * <p>Every file is written whole or not at all ({@link AtomicFiles}).
 */
public final class VtkSnapshot {
    /** The collection's name in a run's folder. */
    public static final String COLLECTION = "fields.pvd";

    private static final Set<String> RESERVED = Set.of("psi_re", "psi_im");
    private static final Pattern DATA_SET = Pattern.compile("<DataSet\\s[^>]*>");
    private static final Pattern TIMESTEP = Pattern.compile("\\stimestep=\"([^\"]*)\"");
    private static final Pattern FILE = Pattern.compile("\\sfile=\"([^\"]*)\"");
    /** The step in a snapshot's field data, as {@link #header} writes it. */
    private static final Pattern STEP = Pattern.compile("Name=\"step\"[^>]*>\\s*(-?\\d+)\\s*<");
    /** Bytes staged per write to the file. */
    private static final int CHUNK = 1 << 20;

    private VtkSnapshot() {
    }

    /** The value of component {@code c} at psiflux point {@code p} (a flat C-order index). */
    @FunctionalInterface
    private interface Values {
        double get(int p, int c);
    }

    /** One point-data array as VTK will see it. */
    private record Block(String name, int components, Precision precision, Values values) {
        long bytes(int points) {
            return (long) points * components * precision.bytes;
        }

        String type() {
            return precision == Precision.DOUBLE ? "Float64" : "Float32";
        }
    }

    /**
     * Writes {@code file} (replacing it) with the given fields and, unless {@code psi} is null,
     * the wavefunction, all on {@code grid}. {@code fields} may be empty; its iteration order is
     * the order of the arrays; {@code time} must be finite. Wrong arguments are
     * {@link IllegalArgumentException}s, raised before anything is written; a file that cannot be
     * written is a {@link UserError} starting with its path.
     */
    public static void write(Path file, Grid grid, long step, double time, Map<String, RealField> fields,
                             ComplexField psi) {
        SnapshotInput.check(grid, fields, psi, RESERVED);
        // VTK reads the ascii TimeValue with a C++ stream, which does not parse "NaN" or "Infinity"
        if (!Double.isFinite(time)) throw new IllegalArgumentException("time must be finite, got " + time);
        List<Block> blocks = new ArrayList<>();
        fields.forEach((name, f) -> {
            if (f.isVector()) {
                int have = f.components();
                blocks.add(new Block(name, 3, f.precision(), (p, c) -> c < have ? f.get(c, p) : 0.0));
            } else {
                blocks.add(new Block(name, 1, f.precision(), (p, c) -> f.get(p)));
            }
        });
        if (psi != null) {
            blocks.add(new Block("psi_re", 1, psi.precision(), (p, c) -> psi.re(p)));
            blocks.add(new Block("psi_im", 1, psi.precision(), (p, c) -> psi.im(p)));
        }
        byte[] header = header(grid, step, time, blocks).getBytes(StandardCharsets.UTF_8);
        byte[] footer = "\n  </AppendedData>\n</VTKFile>\n".getBytes(StandardCharsets.UTF_8);
        AtomicFiles.writeChannel(file, ch -> {
            AtomicFiles.writeFully(ch, ByteBuffer.wrap(header));
            ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (Block b : blocks) writeBlock(ch, buf, grid, b);
            flush(ch, buf);
            AtomicFiles.writeFully(ch, ByteBuffer.wrap(footer));
        });
    }

    /** The XML up to and including the {@code _} that starts the appended data. */
    private static String header(Grid grid, long step, double time, List<Block> blocks) {
        StringBuilder extent = new StringBuilder(), origin = new StringBuilder(), spacing = new StringBuilder();
        for (int d = 0; d < 3; d++) {
            boolean active = d < grid.rank();
            String sep = d == 0 ? "" : " ";
            extent.append(sep).append("0 ").append(grid.n(d) - 1);
            origin.append(sep).append(active ? grid.axis(d).min() : 0.0);
            spacing.append(sep).append(active ? grid.axis(d).dx() : 1.0);
        }
        String scalars = null, vectors = null;
        for (Block b : blocks) {
            if (b.components == 1 && scalars == null) scalars = b.name;
            if (b.components == 3 && vectors == null) vectors = b.name;
        }
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\"?>\n");
        x.append("<VTKFile type=\"ImageData\" version=\"1.0\" byte_order=\"LittleEndian\" header_type=\"UInt64\">\n");
        x.append("  <ImageData WholeExtent=\"").append(extent).append("\" Origin=\"").append(origin)
                .append("\" Spacing=\"").append(spacing).append("\">\n");
        x.append("    <FieldData>\n");
        x.append("      <DataArray type=\"Float64\" Name=\"TimeValue\" NumberOfTuples=\"1\" format=\"ascii\">")
                .append(time).append("</DataArray>\n");
        x.append("      <DataArray type=\"Int64\" Name=\"step\" NumberOfTuples=\"1\" format=\"ascii\">")
                .append(step).append("</DataArray>\n");
        x.append("    </FieldData>\n");
        x.append("    <Piece Extent=\"").append(extent).append("\">\n");
        x.append("      <PointData");
        if (scalars != null) x.append(" Scalars=\"").append(scalars).append('"');
        if (vectors != null) x.append(" Vectors=\"").append(vectors).append('"');
        x.append(">\n");
        long offset = 0;
        for (Block b : blocks) {
            x.append("        <DataArray type=\"").append(b.type()).append("\" Name=\"").append(b.name)
                    .append("\" NumberOfComponents=\"").append(b.components)
                    .append("\" format=\"appended\" offset=\"").append(offset).append("\"/>\n");
            offset += Long.BYTES + b.bytes(grid.points());
        }
        x.append("      </PointData>\n");
        x.append("      <CellData/>\n");
        x.append("    </Piece>\n");
        x.append("  </ImageData>\n");
        x.append("  <AppendedData encoding=\"raw\">\n   _");
        return x.toString();
    }

    /** The byte count, then the values in VTK's point order (x fastest), components innermost. */
    private static void writeBlock(WritableByteChannel ch, ByteBuffer buf, Grid grid, Block b) throws IOException {
        if (buf.remaining() < Long.BYTES) flush(ch, buf);
        buf.putLong(b.bytes(grid.points()));
        int n0 = grid.n(0), n1 = grid.n(1), n2 = grid.n(2);
        int s0 = grid.stride(0), s1 = grid.stride(1);
        int width = b.precision.bytes;
        boolean dbl = b.precision == Precision.DOUBLE;
        for (int k = 0; k < n2; k++) {
            for (int j = 0; j < n1; j++) {
                for (int i = 0; i < n0; i++) {
                    int p = i * s0 + j * s1 + k;
                    for (int c = 0; c < b.components; c++) {
                        if (buf.remaining() < width) flush(ch, buf);
                        double v = b.values.get(p, c);
                        // a float field's values are floats, so the narrowing below is exact
                        if (dbl) buf.putDouble(v);
                        else buf.putFloat((float) v);
                    }
                }
            }
        }
    }

    private static void flush(WritableByteChannel ch, ByteBuffer buf) throws IOException {
        buf.flip();
        AtomicFiles.writeFully(ch, buf);
        buf.clear();
    }

    // ------------------------------------------------------------------------------ collection

    /**
     * Writes the collection {@code pvd} (replacing it) listing {@code entries}, each
     * {@code {time, step}}, in order, the snapshot of a step being {@code fileOfStep.apply(step)}
     * (relative to the folder of {@code pvd}). Called with the whole list at every step.
     */
    public static void writeCollection(Path pvd, List<double[]> entries, LongFunction<String> fileOfStep) {
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\"?>\n");
        x.append("<VTKFile type=\"Collection\" version=\"0.1\" byte_order=\"LittleEndian\">\n");
        x.append("  <Collection>\n");
        for (double[] e : entries) {
            if (e.length != 2 || !Double.isFinite(e[0]) || e[1] != Math.rint(e[1])) {
                throw new IllegalArgumentException("a collection entry is {time, step} with a finite time and a"
                        + " whole step, got " + Arrays.toString(e));
            }
            x.append("    <DataSet timestep=\"").append(e[0]).append("\" group=\"\" part=\"0\" file=\"")
                    .append(escape(fileOfStep.apply((long) e[1]))).append("\"/>\n");
        }
        x.append("  </Collection>\n");
        x.append("</VTKFile>\n");
        AtomicFiles.writeString(pvd, x.toString());
    }

    /**
     * The entries {@code {time, step}} of a collection written by {@link #writeCollection} whose
     * step is at most {@code upToStep}, in the file's order: what a run resumed from a checkpoint
     * at {@code upToStep} keeps. Each step is read from its snapshot's field data, so nothing
     * depends on how the files are named; an entry whose snapshot is missing or not one of ours
     * is dropped. A collection that cannot be read is a {@link UserError} starting with its path.
     */
    public static List<double[]> readCollection(Path pvd, long upToStep) {
        String text;
        try {
            text = Files.readString(pvd, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError(pvd + ": cannot read the collection (" + AtomicFiles.describe(e) + ")", e);
        }
        if (!text.contains("type=\"Collection\"")) throw new UserError(pvd + ": not a VTK collection (.pvd) file");
        Path folder = pvd.toAbsolutePath().getParent();
        List<double[]> entries = new ArrayList<>();
        Matcher m = DATA_SET.matcher(text);
        while (m.find()) {
            Matcher t = TIMESTEP.matcher(m.group()), f = FILE.matcher(m.group());
            if (!t.find() || !f.find()) continue;
            double time;
            try {
                time = Double.parseDouble(unescape(t.group(1)));
            } catch (NumberFormatException e) {
                continue;
            }
            Long step = snapshotStep(folder.resolve(unescape(f.group(1))));
            if (step != null && step <= upToStep) entries.add(new double[] {time, step});
        }
        return entries;
    }

    /** The step written in a snapshot's field data, or null where there is none to read. */
    private static Long snapshotStep(Path vti) {
        // the field data comes before any array, within the first few hundred bytes
        byte[] head = new byte[1 << 14];
        int n = 0;
        try (InputStream in = Files.newInputStream(vti)) {
            for (int r; n < head.length && (r = in.read(head, n, head.length - n)) > 0; ) n += r;
        } catch (IOException e) {
            return null;
        }
        Matcher m = STEP.matcher(new String(head, 0, n, StandardCharsets.ISO_8859_1));
        return m.find() ? Long.valueOf(m.group(1)) : null;
    }

    /** {@code s} as the value of a double-quoted XML attribute. */
    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String unescape(String s) {
        return s.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
