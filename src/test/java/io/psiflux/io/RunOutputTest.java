package io.psiflux.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Step names: 6 digits, or as many as the run's last step needs, the same width for the whole run. */
class RunOutputTest {

    @Test
    void stepNamesSortInStepOrderForTheWholeRun(@TempDir Path dir) throws IOException {
        Grid g = Grid.of(new Axis(8, 0, 1));
        RunOutput shortRun = new RunOutput(dir, g, 0.1, 999_999, Set.of(RunOutput.Format.NPY), -1, false);
        assertEquals("density_000042.npy", shortRun.stepName("density", 42, "npy"));
        assertEquals("density_999999.npy", shortRun.stepName("density", 999_999, "npy"));
        RunOutput longRun = new RunOutput(dir, g, 0.1, 12_345_678, Set.of(RunOutput.Format.NPY), -1, false);
        List<String> names = new ArrayList<>();
        for (long s : new long[] {0, 999_999, 1_000_000, 12_345_678}) names.add(longRun.stepName("psi", s, "npy"));
        assertEquals("psi_00000000.npy", names.get(0));
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(null);
        assertEquals(names, sorted, "lexical order is step order");
        for (String n : names) assertTrue(RunFolder.isRunFile(n), n + " is recognised as psiflux's");
    }
}
