package io.psiflux.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The look for libOpenCL.so.1 that comes before JOCL (whose native code prints "Could not load
 * libOpenCL.so.1 ..." to standard output when it is missing): a missing or broken library is a
 * reason psiflux words itself, found without loading JOCL and without the JVM's stack-guard warning.
 */
class OpenClLibraryTest {
    @TempDir
    Path dir;

    @Test
    void noCandidatesKnownLeavesItToJocl() {
        assertNull(OpenCl.libraryProblem(null));
    }

    @Test
    void aMissingLibraryIsNamed() {
        String why = OpenCl.libraryProblem(List.of(dir.resolve("libOpenCL.so.1")));
        assertTrue(why.contains("libOpenCL.so.1") && why.contains("not found"), why);
    }

    @Test
    void aFileThatIsNoLibraryIsNamedWithItsPath() throws IOException {
        Path empty = Files.createFile(dir.resolve("libOpenCL.so.1"));
        String why = OpenCl.libraryProblem(List.of(empty));
        assertTrue(why.startsWith(empty.toString()) && why.contains("not an ELF file"), why);
        Path elf32 = dir.resolve("lib32.so");
        byte[] h = new byte[64];
        h[0] = 0x7f;
        h[1] = 'E';
        h[2] = 'L';
        h[3] = 'F';
        h[4] = 1; // ELFCLASS32
        Files.write(elf32, h);
        String why32 = OpenCl.libraryProblem(List.of(elf32));
        assertTrue(why32.contains("32-bit") || why32.contains("64-bit"), why32);
    }

    @Test
    void theCandidatesFollowTheDynamicLoader() {
        List<Path> c = OpenCl.libraryCandidates();
        if (c == null) return; // not Linux, or no loader cache: JOCL looks for itself
        assertTrue(c.stream().allMatch(p -> p.getFileName().toString().equals("libOpenCL.so.1")), c.toString());
        assertTrue(c.contains(Path.of("/usr/lib/libOpenCL.so.1")), "the default folders come last: " + c);
    }
}
