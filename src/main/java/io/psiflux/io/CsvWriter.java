package io.psiflux.io;

import java.nio.file.Path;
import java.util.List;

/**
 * The observables table ({@code observables.csv}): a header line of column names, then one line
 * per {@link #row(double...)}.
 *
 * <p>Rows are kept in memory and the file is written whole by {@link #close()}, so a run that
 * crashes leaves no half-written table; {@link #flush()} rewrites the file (again whole) with the
 * rows so far, so long runs can be watched. About 20 bytes per value: a million rows of ten
 * columns is 200 MB, so log observables at an interval, not every step of a long run.
 *
 * <p>Number format: full precision, so values read back bit for bit. A column named
 * {@code step} holds integers and prints them without a decimal point; other columns use
 * {@link Double#toString(double)} ({@code 0.25}, {@code 1.0E-5}); NaN and infinities print as
 * {@code nan}, {@code inf} and {@code -inf}, which numpy and pandas read.
 */
public final class CsvWriter implements AutoCloseable {
    private final Path path;
    private final List<String> columns;
    private final boolean[] integer;
    private final StringBuilder text = new StringBuilder();
    private boolean closed;

    /** A table with the given columns; nothing is written until {@link #flush()} or {@link #close()}. */
    public CsvWriter(Path path, List<String> columns) {
        if (columns.isEmpty()) throw new IllegalArgumentException("a table needs at least one column");
        this.path = path;
        this.columns = List.copyOf(columns);
        this.integer = new boolean[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            String name = columns.get(c);
            if (name.isEmpty() || name.chars().anyMatch(ch -> ch == ',' || ch == '"' || ch == '\n' || ch == '\r')) {
                throw new IllegalArgumentException("column name '" + name + "' is empty or needs CSV quoting");
            }
            integer[c] = name.equals("step");
            text.append(c == 0 ? "" : ",").append(name);
        }
        text.append('\n');
    }

    public CsvWriter(Path path, String... columns) {
        this(path, List.of(columns));
    }

    public Path path() {
        return path;
    }

    public List<String> columns() {
        return columns;
    }

    /** Appends one row, one value per column in the constructor's order. */
    public synchronized void row(double... values) {
        if (closed) throw new IllegalStateException(path + " is already closed");
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("row of " + values.length + " values for " + columns.size()
                    + " columns " + columns);
        }
        for (int c = 0; c < values.length; c++) {
            if (c > 0) text.append(',');
            text.append(format(values[c], integer[c]));
        }
        text.append('\n');
    }

    /** Replaces the file, atomically, with the header and every row so far. */
    public synchronized void flush() {
        if (closed) throw new IllegalStateException(path + " is already closed");
        AtomicFiles.writeString(path, text.toString());
    }

    /** Writes the file, atomically, with every row; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) return;
        AtomicFiles.writeString(path, text.toString());
        closed = true;
    }

    static String format(double v, boolean integer) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (integer && v == Math.rint(v) && Math.abs(v) <= 0x1p53) return Long.toString((long) v);
        return Double.toString(v);
    }
}
