package io.psiflux.arch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the package table of shared/STYLE.md true: each package may use only the packages named
 * after it (and what those may use); org.jocl only in backend.opencl, org.lwjgl only in viz.
 * The root package (UserError) is usable everywhere.
 */
class LayeringTest {
    static final Map<String, List<String>> MAY_USE = Map.ofEntries(
            Map.entry("grid", List.of()),
            Map.entry("field", List.of("grid")),
            Map.entry("physics", List.of("grid", "field")),
            Map.entry("backend", List.of("grid", "field", "physics")),
            Map.entry("backend.cpu", List.of("backend")),
            Map.entry("backend.opencl", List.of("backend")),
            Map.entry("propagate", List.of("physics", "backend")),
            Map.entry("observe", List.of("field", "backend")),
            Map.entry("sim", List.of("propagate", "observe")),
            Map.entry("io", List.of("field", "sim")),
            Map.entry("config", List.of("physics", "sim", "io")),
            Map.entry("viz", List.of("sim")),
            Map.entry("sweep", List.of("config", "io", "sim", "viz")),
            Map.entry("cli", List.of("grid", "field", "physics", "backend", "backend.cpu", "backend.opencl", "propagate",
                    "observe", "sim", "io", "config", "viz", "sweep")));

    static Set<String> closure(String pkg) {
        Set<String> out = new HashSet<>();
        List<String> todo = new ArrayList<>(List.of(pkg));
        while (!todo.isEmpty()) {
            String p = todo.remove(todo.size() - 1);
            if (out.add(p)) todo.addAll(MAY_USE.getOrDefault(p, List.of()));
        }
        return out;
    }

    @Test
    void importsFollowThePackageTable() throws IOException {
        Path root = Path.of("src/main/java/io/psiflux");
        Pattern imp = Pattern.compile("(?m)^import (?:static )?([\\w.]+)");
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String rel = root.relativize(f.getParent()).toString().replace('/', '.');
                if (rel.isEmpty()) continue;
                Set<String> allowed = closure(rel);
                if (!MAY_USE.containsKey(rel)) {
                    violations.add(f + ": package io.psiflux." + rel + " is not in the layering table");
                    continue;
                }
                String text = Files.readString(f);
                Matcher m = imp.matcher(text);
                while (m.find()) {
                    String name = m.group(1);
                    if (name.startsWith("org.jocl") && !rel.equals("backend.opencl")) violations.add(f + " imports " + name);
                    if (name.startsWith("org.lwjgl") && !rel.equals("viz")) violations.add(f + " imports " + name);
                    if (!name.startsWith("io.psiflux.")) continue;
                    String target = name.substring("io.psiflux.".length());
                    String pkg = target.contains(".") ? target.substring(0, target.lastIndexOf('.')) : "";
                    // a nested class import (pkg.Class.Inner): trim to the package
                    while (!pkg.isEmpty() && !MAY_USE.containsKey(pkg)) {
                        pkg = pkg.contains(".") ? pkg.substring(0, pkg.lastIndexOf('.')) : "";
                    }
                    if (pkg.isEmpty() || pkg.equals(rel)) continue;
                    if (!allowed.contains(pkg)) violations.add(f + " (io.psiflux." + rel + ") imports " + name);
                }
                // fully-qualified uses without import
                Matcher fq = Pattern.compile("io\\.psiflux\\.((?:[a-z]+\\.)*[a-z]+)\\.[A-Z]").matcher(text.replaceAll("(?m)^(package|import) .*$", ""));
                while (fq.find()) {
                    String pkg = fq.group(1);
                    if (!pkg.equals(rel) && MAY_USE.containsKey(pkg) && !allowed.contains(pkg)) {
                        violations.add(f + " (io.psiflux." + rel + ") uses io.psiflux." + pkg);
                    }
                }
            }
        }
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }
}
