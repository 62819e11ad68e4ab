package io.psiflux.io;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code /usr/bin/python3} with its h5py and VTK ({@code python3-h5py},
 * {@code python3-vtk9}): the real readers the snapshot tests check our files against. Only that
 * interpreter has them; a {@code python3} earlier on the PATH may be another one.
 *
 * <p>A test that needs a module calls {@link #require}: it skips, with the reason shown, where
 * the module cannot be imported, except under CI (the environment variable CI set), where that is
 * a failure naming the package to install, so these tests never disappear silently from CI (the
 * pattern of {@code OpenClAvailable}).
 */
final class SystemPython {
    static final String PYTHON = "/usr/bin/python3";
    /** Module name to the reason it cannot be imported, or "" when it can. */
    private static final Map<String, String> IMPORTS = new ConcurrentHashMap<>();

    private SystemPython() {
    }

    /** What the interpreter printed, stdout and stderr apart, and its exit status. */
    record Result(int exit, String out, String err) {
        /** For assertion messages. */
        String describe() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /** Skips the calling test (fails it under CI) unless {@code module} can be imported. */
    static void require(String module, String debianPackage) {
        String why = IMPORTS.computeIfAbsent(module, m -> {
            Result r = run("import " + m);
            if (r.exit() == 0) return "";
            // the last line of a traceback says it all ("ModuleNotFoundError: No module named 'vtk'")
            List<String> lines = (r.out() + r.err()).strip().lines().toList();
            return lines.isEmpty() ? "exit status " + r.exit() : lines.get(lines.size() - 1);
        });
        if (why.isEmpty()) return;
        String message = PYTHON + " cannot import " + module + " (install the Debian package " + debianPackage
                + "; ci/test does): " + why;
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
            Assertions.fail("CI is set but " + message);
        }
        Assumptions.abort("skipped, " + message);
    }

    /** Runs {@code script} with {@code args} as {@code sys.argv[1:]}. */
    static Result run(String script, String... args) {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, "-c", script));
        cmd.addAll(List.of(args));
        return exec(cmd);
    }

    /** Runs a command to its end (two minutes at most) and collects what it printed. */
    static Result exec(List<String> cmd) {
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            return new Result(-1, "", "cannot start " + cmd.get(0) + ": " + e.getMessage());
        }
        try {
            p.getOutputStream().close();
            // both streams drained at once, so a chatty child cannot block on a full pipe
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            String out = read(p.getInputStream());
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, out, "timed out");
            }
            return new Result(p.exitValue(), out, err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
