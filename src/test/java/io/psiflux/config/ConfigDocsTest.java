package io.psiflux.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/config.md documents exactly the keys the loader knows, with the same defaults. */
class ConfigDocsTest {
    @Test
    void docsTableMatchesConfigKeys() throws IOException {
        String doc = Files.readString(Path.of("docs/config.md"));
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^\\| `([a-z_.]+)` \\| (.*?) \\| (.*?) \\|$").matcher(doc);
        while (m.find()) documented.put(m.group(1), m.group(2).trim());
        Map<String, String> code = new LinkedHashMap<>();
        for (ConfigKeys.Key k : ConfigKeys.ALL) code.put(k.name(), k.defaultValue());
        assertEquals(code, documented, "docs/config.md's key table must match ConfigKeys.ALL");
    }
}
