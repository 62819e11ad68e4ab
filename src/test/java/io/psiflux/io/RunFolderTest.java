package io.psiflux.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One run per folder: refusal, --overwrite removing only psiflux's files, the lock and stale locks. */
class RunFolderTest {

    @TempDir
    Path tmp;

    private static void touch(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, "x");
    }

    @Test
    void aFolderWithAnotherRunsFilesIsRefusedAndOverwriteRemovesOnlyThose() throws IOException {
        Path dir = tmp.resolve("out");
        for (String n : List.of("summary.json", "observables.csv", "density_000100.npy", "current_1000000.npy", "x.npy", "V.npy",
                "state_2.npy", "snapshot_000010.h5", "fields_000010.vti", "fields.pvd", "checkpoint_000500/psi.npy",
                ".observables.csv.tmp-1f3a")) {
            touch(dir.resolve(n));
        }
        touch(dir.resolve("notes.txt"));
        touch(dir.resolve("density_final.npy")); // not a name psiflux writes
        UserError e = assertThrows(UserError.class, () -> RunFolder.open(dir.toString(), RunFolder.Mode.NEW, "--out", s -> { }));
        assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("--overwrite")
                && e.getMessage().contains("--resume") && !e.getMessage().contains("\n"), e.getMessage());
        try (RunFolder f = RunFolder.open(dir.toString(), RunFolder.Mode.OVERWRITE, "--out", s -> { })) {
            List<String> left = new ArrayList<>();
            try (var s = Files.list(dir)) {
                s.forEach(p -> left.add(p.getFileName().toString()));
            }
            left.sort(null);
            assertEquals(List.of(RunFolder.LOCK, "density_final.npy", "notes.txt"), left, "only psiflux's files are removed");
        }
        assertFalse(Files.exists(dir.resolve(RunFolder.LOCK)), "closing removes the lock");
    }

    @Test
    void resumeKeepsTheFilesButRemovesTemporaries() throws IOException {
        Path dir = tmp.resolve("out");
        touch(dir.resolve("observables.csv"));
        touch(dir.resolve(".psi_000100.npy.tmp-abc123"));
        try (RunFolder f = RunFolder.open(dir.toString(), RunFolder.Mode.RESUME, "--out", s -> { })) {
            assertTrue(Files.exists(dir.resolve("observables.csv")));
            assertFalse(Files.exists(dir.resolve(".psi_000100.npy.tmp-abc123")), "a killed write's temporary is gone");
        }
    }

    @Test
    void aLiveLockRefusesASecondRunAndAStaleOneIsTakenOver() throws Exception {
        Path dir = tmp.resolve("out");
        try (RunFolder first = RunFolder.open(dir.toString(), RunFolder.Mode.NEW, "--out", s -> { })) {
            UserError e = assertThrows(UserError.class, () -> RunFolder.open(dir.toString(), RunFolder.Mode.OVERWRITE, "--out", s -> { }));
            assertTrue(e.getMessage().contains("being written by another psiflux run") && e.getMessage().contains("pid "
                    + ProcessHandle.current().pid()), e.getMessage());
        }
        // a lock left by a process that is gone
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(RunFolder.LOCK), java.net.InetAddress.getLocalHost().getHostName() + " " + p.pid() + " 2026-01-01T00:00:00Z\n");
        assertFalse(RunFolder.lockHeld(dir), "the holder is gone");
        List<String> notes = new ArrayList<>();
        try (RunFolder f = RunFolder.open(dir.toString(), RunFolder.Mode.NEW, "--out", notes::add)) {
            assertEquals(1, notes.size());
            assertTrue(notes.get(0).contains("stale lock of pid " + p.pid()) && notes.get(0).contains("interrupted"), notes.get(0));
        }
    }

    @Test
    void foldersThatCannotBeUsedAreOneLine() throws IOException {
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "x");
        for (String out : new String[] {"", "  ", file.toString(), file.resolve("below").toString(), "/proc/psiflux-test"}) {
            UserError e = assertThrows(UserError.class, () -> RunFolder.open(out, RunFolder.Mode.NEW, "--out", s -> { }), out);
            assertTrue(e.getMessage().startsWith("--out: ") && !e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
