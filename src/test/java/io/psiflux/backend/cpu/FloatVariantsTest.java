package io.psiflux.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class FloatVariantsTest {

    @Test
    void floatTwinsAreUpToDate() throws IOException {
        for (String s : FloatVariants.SOURCES) {
            String source = Files.readString(FloatVariants.DIR.resolve(s + ".java"), StandardCharsets.UTF_8);
            String twin = Files.readString(FloatVariants.DIR.resolve(FloatVariants.twinName(s) + ".java"), StandardCharsets.UTF_8);
            assertEquals(FloatVariants.generate(s, source), twin,
                    FloatVariants.twinName(s) + ".java is stale: run FloatVariants (see its class doc)");
        }
    }
}
