package io.psiflux.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.psiflux.field.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {
    @TempDir
    Path dir;

    record Timing(String phase, double seconds) {
    }

    @Test
    void writesNestedValuesInInsertionOrder() throws IOException {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", 1);
        inner.put("a", List.of(1.5, "two", true));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("steps", 1000L);
        m.put("precision", Precision.SINGLE);
        m.put("points", new int[] {64, 32});
        m.put("extent", List.of(new double[] {-1, 1}, new double[] {-2, 2}));
        m.put("final_norm", 0.9999999999999998);
        m.put("final_energy", Double.NaN);
        m.put("peak", new float[] {Float.POSITIVE_INFINITY, 0.5f});
        m.put("config", dir.resolve("run.toml"));
        m.put("nested", inner);
        m.put("nothing", null);
        m.put("timing", new Timing("step", Double.NEGATIVE_INFINITY));
        Path f = dir.resolve("summary.json");
        Json.write(f, m);

        String text = Files.readString(f);
        assertTrue(text.endsWith("}\n"), text);
        assertTrue(text.contains("\"steps\": 1000"), text);
        List<String> keys = new ArrayList<>();
        JsonNode n = new ObjectMapper().readTree(text);
        n.fieldNames().forEachRemaining(keys::add);
        assertEquals(new ArrayList<>(m.keySet()), keys);
        assertEquals("single", n.get("precision").asText());
        assertEquals("[64,32]", n.get("points").toString());
        assertEquals("[[-1.0,1.0],[-2.0,2.0]]", n.get("extent").toString());
        assertEquals(0.9999999999999998, n.get("final_norm").doubleValue(), 0.0);
        assertTrue(n.get("final_energy").isNull());
        assertEquals("[null,0.5]", n.get("peak").toString());
        assertEquals(dir.resolve("run.toml").toString(), n.get("config").asText());
        assertEquals("{\"z\":1,\"a\":[1.5,\"two\",true]}", n.get("nested").toString());
        assertTrue(n.get("nothing").isNull());
        assertEquals("{\"phase\":\"step\",\"seconds\":null}", n.get("timing").toString());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file left");
        }
    }
}
