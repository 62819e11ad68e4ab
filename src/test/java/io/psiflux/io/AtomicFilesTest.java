package io.psiflux.io;

import io.psiflux.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesWholeFileAndLeavesNoTemporary() throws IOException {
        Path target = dir.resolve("a.txt");
        AtomicFiles.write(target, out -> out.write("hello".getBytes(StandardCharsets.UTF_8)));
        assertEquals("hello", Files.readString(target));
        AtomicFiles.writeString(target, "replaced");
        assertEquals("replaced", Files.readString(target));
        assertEquals(List.of("a.txt"), names());
    }

    @Test
    void writesIntoAHiddenTemporaryNextToTheTarget() throws IOException {
        Path target = dir.resolve("psi.npy");
        List<String> during = new ArrayList<>();
        AtomicFiles.write(target, out -> {
            out.write(1);
            during.addAll(names());
        });
        assertEquals(1, during.size());
        assertTrue(during.get(0).matches("\\.psi\\.npy\\.tmp-[0-9a-f]+"), during.get(0));
        assertFalse(Files.exists(dir.resolve(during.get(0))));
    }

    @Test
    void bodyThatThrowsLeavesNoFileAndNoTemporary() throws IOException {
        Path target = dir.resolve("b.txt");
        RuntimeException boom = new IllegalStateException("boom");
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]);
            throw boom;
        }));
        assertSame(boom, thrown);
        assertEquals(List.of(), names());
    }

    @Test
    void bodyThatThrowsKeepsThePreviousFile() throws IOException {
        Path target = dir.resolve("c.txt");
        AtomicFiles.writeString(target, "old");
        UserError e = assertThrows(UserError.class, () -> AtomicFiles.write(target, out -> {
            out.write("new".getBytes(StandardCharsets.UTF_8));
            throw new IOException("No space left on device");
        }));
        assertTrue(e.getMessage().startsWith(target + ": cannot write"), e.getMessage());
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertEquals("old", Files.readString(target));
        assertEquals(List.of("c.txt"), names());
    }

    @Test
    void missingDirectoryIsAUserError() {
        Path target = dir.resolve("no/such/dir/d.txt");
        UserError e = assertThrows(UserError.class, () -> AtomicFiles.writeString(target, "x"));
        assertTrue(e.getMessage().startsWith(target + ": cannot write"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void relativeTargetIsWrittenInTheWorkingDirectoryOfThePath() throws IOException {
        Path target = dir.resolve("e.txt");
        Path relative = Path.of("").toAbsolutePath().relativize(target);
        AtomicFiles.writeString(relative, "rel");
        assertEquals("rel", Files.readString(target));
    }
}
