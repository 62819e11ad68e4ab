package io.psiflux.backend.cpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Generates the single-precision twins of the CPU kernels from their double sources, so the
 * arithmetic is written once (STYLE: generated variants, not hand copies). The twins exist at all
 * because C2 vectorises only primitive arrays: float kernels give twice the SIMD lanes.
 *
 * <p>Rules: the word {@code double} becomes {@code float}, {@code DoubleXxx} becomes
 * {@code FloatXxx}, {@code doubles()} becomes {@code floats()}. Sources therefore keep double
 * literals and trigonometry out of the kernels ({@link Twiddles} computes those in double).
 *
 * <p>Regenerate: {@code java -cp target/test-classes io.psiflux.backend.cpu.FloatVariants}
 * (from the repository root); {@code FloatVariantsTest} fails when a twin is stale.
 */
final class FloatVariants {

    static final Path DIR = Path.of("src/main/java/io/psiflux/backend/cpu");
    /** Double sources with a generated float twin. */
    static final List<String> SOURCES = List.of("DoubleBatchFft", "DoubleStepper");

    private FloatVariants() {
    }

    static String twinName(String source) {
        return "Float" + source.substring("Double".length());
    }

    static String generate(String source, String text) {
        String body = text
                .replaceAll("\\bdoubles\\(\\)", "floats()")
                .replaceAll("\\bdouble\\b", "float")
                .replaceAll("\\bDouble(?=[A-Z_.])", "Float");
        String header = "// Generated from " + source + ".java by FloatVariants (test code); do not edit.\n";
        return header + body;
    }

    public static void main(String[] args) throws IOException {
        for (String s : SOURCES) {
            String text = Files.readString(DIR.resolve(s + ".java"), StandardCharsets.UTF_8);
            Files.writeString(DIR.resolve(twinName(s) + ".java"), generate(s, text), StandardCharsets.UTF_8);
        }
    }
}
