package io.psiflux.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Python package's own tests (python/tests, pytest with Debian's /usr/bin/python3, which has
 * python3-jpype, numpy, pytest and matplotlib; ci/test installs them) against the jar this build
 * made: run by failsafe after package. They cover the API against closed forms, bit-for-bit
 * agreement with the command line, callbacks, errors, Ctrl-C, OpenCL on PoCL, pictures, the
 * example notebooks and a pip install into a venv. Missing Python packages fail this test, they do
 * not skip it.
 */
class PythonPackageIT {

    @Test
    void thePythonTestsPass() throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("psiflux.jar", "target/psiflux.jar"));
        assertTrue(Files.isRegularFile(jar), "the jar the Python package runs: " + jar);
        Path python = Path.of("/usr/bin/python3");
        assertTrue(Files.isExecutable(python), "Debian's /usr/bin/python3 (ci/test installs python3-jpype, python3-numpy, "
                + "python3-pytest, python3-matplotlib)");
        Path log = Files.createTempFile("pytest", ".log");
        List<String> cmd = new java.util.ArrayList<>();
        // a build started from a background job inherits SIGINT ignored (POSIX), and then neither
        // Python nor the JVM (JPype's Ctrl-C route) installs a handler for it: test_ctrl_c's SIGINT
        // was lost and the run went to its end (twice on 2026-12-01). Restore the defaults first,
        // as an interactive shell would have them (as InterruptAndResumeTest does for its JVMs).
        if (Files.isExecutable(Path.of("/usr/bin/env"))) cmd.addAll(List.of("/usr/bin/env", "--default-signal=INT,TERM"));
        cmd.addAll(List.of(python.toString(), "-m", "pytest", "-q", "-p", "no:cacheprovider", "python/tests"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("PSIFLUX_JAR", jar.toAbsolutePath().toString());
        pb.environment().put("PSIFLUX_JAVA_OPTS", "-Xmx2g");
        pb.environment().put("MPLBACKEND", "Agg");
        Process p = pb.start();
        boolean done = p.waitFor(15, TimeUnit.MINUTES);
        String out = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(out);
        assertTrue(done, "pytest within 15 minutes:\n" + out);
        assertEquals(0, p.exitValue(), "python/tests:\n" + out);
        assertTrue(out.contains(" passed") && !out.contains("skipped"), "every Python test ran and passed:\n" + out);
    }
}
