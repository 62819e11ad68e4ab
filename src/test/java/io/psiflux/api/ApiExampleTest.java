package io.psiflux.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/api.md's example, compiled and run as a user would (its own class, only the public API),
 * and what it prints checked against the closed forms it claims: the coherent state on the orbit
 * x = 2 cos t, y = 2 sin t with E = 5, sum j_x dV = <p_x>/m, and the norm after setting psi.
 */
class ApiExampleTest {

    @Test
    void theDocumentedExampleCompilesRunsAndFollowsTheOrbit(@TempDir Path dir) throws Exception {
        String doc = Files.readString(Path.of("docs/api.md"));
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertTrue(block.find(), "docs/api.md has a java example");
        String source = block.group(1);
        Matcher name = Pattern.compile("public class (\\w+)").matcher(source);
        assertTrue(name.find(), "the example is a public class");
        Path file = dir.resolve(name.group(1) + ".java");
        Files.writeString(file, source);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, null, errors, "-classpath", cp, "-d", dir.toString(), file.toString());
        assertEquals(0, rc, "the example compiles: " + errors.toString(StandardCharsets.UTF_8));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            Method main = loader.loadClass(name.group(1)).getMethod("main", String[].class);
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(saved);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        System.out.print(printed);

        Matcher row = Pattern.compile("t = (\\S+) <x> = (\\S+) <y> = (\\S+) E = (\\S+)").matcher(printed);
        List<double[]> rows = new ArrayList<>();
        while (row.find()) {
            rows.add(new double[] {d(row.group(1)), d(row.group(2)), d(row.group(3)), d(row.group(4))});
        }
        assertEquals(6, rows.size(), "one line every 100 steps to step 600: " + printed);
        // Strang moves the means as leapfrog: error <= A h^2 (w t / 24 + 1/8) = 2e-5 here (h = 0.005);
        // the energy of the modified Hamiltonian differs by h^2/4 relative; the grid resolves the packet to 1e-10
        for (double[] r : rows) {
            assertEquals(2 * Math.cos(r[0]), r[1], 1e-4, "<x>(t) = 2 cos t at t = " + r[0]);
            assertEquals(2 * Math.sin(r[0]), r[2], 1e-4, "<y>(t) = 2 sin t at t = " + r[0]);
            assertEquals(5.0, r[3], 1e-4, "E = p0^2/2 + x0^2/2 + hbar omega = 5");
        }
        assertEquals(3.0, rows.get(5)[0], 1e-9, "600 steps of 0.005");
        Matcher flow = Pattern.compile("sum j_x dV = (\\S+) = <p_x>/m = (\\S+)").matcher(printed);
        assertTrue(flow.find(), printed);
        assertEquals(d(flow.group(2)), d(flow.group(1)), 2e-6, "the current integrates to <p>/m");
        Matcher flip = Pattern.compile("norm = (\\S+), steps so far (\\d+)").matcher(printed);
        assertTrue(flip.find(), printed);
        assertEquals(1.0, d(flip.group(1)), 1e-10, "a phase flip keeps the norm");
        assertEquals(600, Long.parseLong(flip.group(2)), "setPsi keeps the clock");
    }

    private static double d(String s) {
        return Double.parseDouble(s.replace(',', '.').toLowerCase(Locale.ROOT));
    }
}
