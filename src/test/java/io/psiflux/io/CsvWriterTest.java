package io.psiflux.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CsvWriterTest {
    @TempDir
    Path dir;

    @Test
    void rowsAreOnDiskAsTheyAreWritten() throws IOException {
        Path f = dir.resolve("observables.csv");
        try (CsvWriter w = new CsvWriter(f, List.of("step", "time", "norm", "energy"))) {
            assertEquals("step,time,norm,energy\n", Files.readString(f), "the header at once");
            w.row(0, 0.0, 1.0, 0.5);
            assertEquals("step,time,norm,energy\n0,0.0,1.0,0.5\n", Files.readString(f), "a row as soon as it is written");
            w.row(1000, 0.1, 0.9999999999999998, 1e-5);
        }
        assertEquals("step,time,norm,energy\n0,0.0,1.0,0.5\n1000,0.1,0.9999999999999998,1.0E-5\n", Files.readString(f));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file left");
        }
    }

    @Test
    void resumeKeepsTheRowsUpToTheCheckpointAndRefusesOtherColumns() throws IOException {
        Path f = dir.resolve("o.csv");
        CsvWriter w = new CsvWriter(f, "step", "x");
        for (int s = 0; s <= 50; s += 10) w.row(s, s * 0.5);
        w.close();
        w.close();
        assertThrows(IllegalStateException.class, () -> w.row(3, 4));
        Files.writeString(f, Files.readString(f) + "60,3", java.nio.file.StandardOpenOption.TRUNCATE_EXISTING); // a cut line
        try (CsvWriter r = CsvWriter.resume(f, List.of("step", "x"), 30)) {
            r.row(40, 20);
        }
        assertEquals("step,x\n0,0.0\n10,5.0\n20,10.0\n30,15.0\n40,20.0\n", Files.readString(f));
        assertThrows(io.psiflux.UserError.class, () -> CsvWriter.resume(f, List.of("step", "y"), 30));
    }

    @Test
    void numbersKeepFullPrecision() {
        double[] values = {Math.PI, -1.0 / 3.0, 6.02214076e23, 4.9e-324, 0.1 + 0.2, -0.0};
        for (double v : values) assertEquals(v, Double.parseDouble(CsvWriter.format(v, false)), 0.0);
        assertEquals("nan", CsvWriter.format(Double.NaN, false));
        assertEquals("inf", CsvWriter.format(Double.POSITIVE_INFINITY, false));
        assertEquals("-inf", CsvWriter.format(Double.NEGATIVE_INFINITY, false));
        assertEquals("123456789012", CsvWriter.format(123456789012.0, true));
        assertEquals("2.5", CsvWriter.format(2.5, true));
        assertEquals("12.0", CsvWriter.format(12, false));
    }

    @Test
    void wrongRowLengthAndBadColumnNamesAreBugs() {
        CsvWriter w = new CsvWriter(dir.resolve("x.csv"), "step", "time");
        assertThrows(IllegalArgumentException.class, () -> w.row(1, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new CsvWriter(dir.resolve("y.csv"), "a,b"));
        assertThrows(IllegalArgumentException.class, () -> new CsvWriter(dir.resolve("y.csv"), List.of()));
    }
}
