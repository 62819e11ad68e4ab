package io.psiflux.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/sweep.md documents exactly the sweep file's keys, with the same defaults, and the README points to it. */
class SweepDocsTest {
    @Test
    void docsKeyTableMatchesSweepFileKeys() throws IOException {
        String doc = Files.readString(Path.of("docs/sweep.md"));
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^\\| `([a-z_.]+)` \\| (.*?) \\| (.*?) \\|$").matcher(doc);
        while (m.find()) documented.put(m.group(1), m.group(2).trim());
        Map<String, String> code = new LinkedHashMap<>();
        for (SweepFile.Key k : SweepFile.KEYS) code.put(k.name(), k.defaultValue());
        assertEquals(code, documented, "docs/sweep.md's key table must match SweepFile.KEYS");
        assertTrue(Files.readString(Path.of("README.md")).contains("docs/sweep.md"), "the README links the sweep page");
    }
}
