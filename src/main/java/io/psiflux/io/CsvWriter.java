package io.psiflux.io;

import io.psiflux.UserError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The observables table ({@code observables.csv}): a header line of column names, then one line
 * per {@link #row(double...)}, appended and handed to the operating system as it is computed, so
 * a run that is interrupted or killed keeps every row it computed (a line is written with one
 * call, so the file ends with whole lines unless the machine itself stops).
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
    private final FileChannel channel;
    private final StringBuilder line = new StringBuilder();
    private boolean closed;

    /** A new table: the file is created (or replaced) with the header line. */
    public CsvWriter(Path path, List<String> columns) {
        this(path, columns, null);
    }

    public CsvWriter(Path path, String... columns) {
        this(path, List.of(columns));
    }

    private CsvWriter(Path path, List<String> columns, String existingRows) {
        if (columns.isEmpty()) throw new IllegalArgumentException("a table needs at least one column");
        this.path = path;
        this.columns = List.copyOf(columns);
        this.integer = new boolean[columns.size()];
        StringBuilder header = new StringBuilder();
        for (int c = 0; c < columns.size(); c++) {
            String name = columns.get(c);
            if (name.isEmpty() || name.chars().anyMatch(ch -> ch == ',' || ch == '"' || ch == '\n' || ch == '\r')) {
                throw new IllegalArgumentException("column name '" + name + "' is empty or needs CSV quoting");
            }
            integer[c] = name.equals("step");
            header.append(c == 0 ? "" : ",").append(name);
        }
        header.append('\n');
        // the header (and rows kept on resume) go in atomically, then the file is appended to
        AtomicFiles.writeString(path, header + (existingRows == null ? "" : existingRows));
        try {
            this.channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UserError(path + ": cannot open for appending (" + AtomicFiles.describe(e) + ")", e);
        }
    }

    /**
     * Continues the table of an interrupted run: keeps the header and the rows up to and including
     * step {@code lastStep} (a run resumed from a checkpoint at that step writes the later ones
     * again), and refuses a table whose columns differ.
     */
    public static CsvWriter resume(Path path, List<String> columns, long lastStep) {
        return resume(path, columns, lastStep, -1);
    }

    /**
     * As {@link #resume(Path, List, long)}, for a table with a "state" column (imaginary time,
     * where step restarts at 0 for each state): keeps the rows of earlier states and those of state
     * {@code lastState} up to {@code lastStep}; with {@code lastState < 0} the state is ignored.
     */
    public static CsvWriter resume(Path path, List<String> columns, long lastStep, long lastState) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError(path + ": cannot read the table to resume it (" + AtomicFiles.describe(e) + ")");
        }
        if (lines.isEmpty() || !lines.get(0).equals(String.join(",", columns))) {
            throw new UserError(path + ": its columns (" + (lines.isEmpty() ? "none" : lines.get(0)) + ") differ from this run's ("
                    + String.join(",", columns) + "); the folder holds another run");
        }
        int stepColumn = columns.indexOf("step"), stateColumn = lastState < 0 ? -1 : columns.indexOf("state");
        StringBuilder keep = new StringBuilder();
        for (String l : lines.subList(1, lines.size())) {
            String[] v = l.split(",", -1);
            if (v.length != columns.size()) continue; // a line cut short when the machine stopped
            long step, state;
            try {
                step = stepColumn < 0 ? Long.MIN_VALUE : Long.parseLong(v[stepColumn]);
                state = stateColumn < 0 ? 0 : (long) Double.parseDouble(v[stateColumn]);
            } catch (NumberFormatException e) {
                continue;
            }
            boolean before = stateColumn < 0 ? step <= lastStep : state < lastState || (state == lastState && step <= lastStep);
            if (before) keep.append(l).append('\n');
        }
        return new CsvWriter(path, columns, keep.toString());
    }

    public Path path() {
        return path;
    }

    public List<String> columns() {
        return columns;
    }

    /** Appends one row, one value per column in the constructor's order, and hands it to the OS. */
    public synchronized void row(double... values) {
        if (closed) throw new IllegalStateException(path + " is already closed");
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("row of " + values.length + " values for " + columns.size()
                    + " columns " + columns);
        }
        line.setLength(0);
        for (int c = 0; c < values.length; c++) {
            if (c > 0) line.append(',');
            line.append(format(values[c], integer[c]));
        }
        line.append('\n');
        try {
            AtomicFiles.writeFully(channel, ByteBuffer.wrap(line.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UserError(path + ": cannot write (" + AtomicFiles.describe(e) + ")", e);
        }
    }

    /** Closes the file; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // every row is already with the OS
        }
    }

    static String format(double v, boolean integer) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (integer && v == Math.rint(v) && Math.abs(v) <= 0x1p53) return Long.toString((long) v);
        return Double.toString(v);
    }

    /** The rows of a table as written, for tests and resume checks: header excluded. */
    static List<String> rows(Path path) throws IOException {
        List<String> l = new ArrayList<>(Files.readAllLines(path, StandardCharsets.UTF_8));
        return l.isEmpty() ? l : l.subList(1, l.size());
    }
}
