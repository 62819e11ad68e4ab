package io.psiflux.backend.opencl;

import io.psiflux.UserError;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The launch-shape choices of the OpenCL backend, for tuning on a device: the FFT planner's
 * work-group target, local-memory budgets, neighbouring lines of strided axes and longest line
 * kept in local memory ({@link FftPlan}), and the group size of the pointwise and reduction
 * kernels. The defaults are {@link #DEFAULT}; a run or a bench takes others from the system
 * property {@code psiflux.tuning} or else the environment variable {@code PSIFLUX_TUNING}, e.g.
 * {@code group=128,strided_lines=8,batch=8192}. The answers do not depend on the tuning (to
 * round-off: a different split changes the order of the sums); only the speed does.
 *
 * @param group        work-items per FFT group the planner aims at (bounded by the device)
 * @param local        local memory one FFT pass may use, bytes (bounded by the device)
 * @param batch        local memory a batch of contiguous lines aims at, bytes
 * @param stridedBatch local memory a batch of strided lines aims at, bytes
 * @param stridedLines neighbouring lines a group of a strided axis wants (coalescing)
 * @param maxLine      longest line held in local memory; longer axes are split into passes
 * @param rwg          work-items per group of the pointwise and reduction kernels (a power of two)
 */
public record Tuning(int group, long local, long batch, long stridedBatch, int stridedLines, int maxLine, int rwg) {

    public static final Tuning DEFAULT = new Tuning(256, 48 * 1024, 16 * 1024, 32 * 1024, 16, 4096, 256);

    /** Where a spec comes from, for the one-line error. */
    static final String PROPERTY = "psiflux.tuning", ENV = "PSIFLUX_TUNING";

    /** The keys of a spec, in the order {@link #spec} writes them. */
    private static final String[] KEYS = {"group", "local", "batch", "strided_batch", "strided_lines", "max_line", "rwg"};

    /** The tuning of the system property, else the environment variable, else the default. */
    public static Tuning current() {
        String p = System.getProperty(PROPERTY);
        if (p != null) return parse(p, "-D" + PROPERTY);
        String e = System.getenv(ENV);
        return e == null ? DEFAULT : parse(e, ENV);
    }

    /**
     * The default with the keys of {@code spec} changed: comma-separated key=value pairs (empty:
     * the default). A bad spec is a {@link UserError} naming {@code source} and the key.
     */
    public static Tuning parse(String spec, String source) {
        Map<String, Long> v = new LinkedHashMap<>();
        long[] values = DEFAULT.values();
        for (int i = 0; i < KEYS.length; i++) v.put(KEYS[i], values[i]);
        for (String part : spec.split(",")) {
            String s = part.trim();
            if (s.isEmpty()) continue;
            int eq = s.indexOf('=');
            if (eq < 0) throw new UserError(source + ": expected key=value, got \"" + s + "\" (keys: " + String.join(", ", KEYS) + ")");
            String key = s.substring(0, eq).trim().toLowerCase(Locale.ROOT).replace('-', '_');
            if (!v.containsKey(key)) throw new UserError(source + ": unknown key \"" + key + "\" (keys: " + String.join(", ", KEYS) + ")");
            long x;
            try {
                x = parseBytes(s.substring(eq + 1).trim());
            } catch (NumberFormatException ex) {
                throw new UserError(source + ": " + key + " must be a whole number (k = 1024 allowed), got \"" + s.substring(eq + 1).trim() + "\"");
            }
            if (x < 1 || x > Integer.MAX_VALUE) throw new UserError(source + ": " + key + " must be in [1, 2^31), got " + x);
            v.put(key, x);
        }
        if (Long.bitCount(v.get("rwg")) != 1) throw new UserError(source + ": rwg must be a power of two, got " + v.get("rwg"));
        if (v.get("max_line") < 8) throw new UserError(source + ": max_line must be >= 8 (a line of a prime factor 7 is not split), got " + v.get("max_line"));
        return new Tuning(v.get("group").intValue(), v.get("local"), v.get("batch"), v.get("strided_batch"),
                v.get("strided_lines").intValue(), v.get("max_line").intValue(), v.get("rwg").intValue());
    }

    private static long parseBytes(String s) {
        String t = s.toLowerCase(Locale.ROOT);
        long mult = 1;
        if (t.endsWith("k")) {
            mult = 1024;
            t = t.substring(0, t.length() - 1);
        }
        return Math.multiplyExact(Long.parseLong(t), mult);
    }

    /** The values in the order of {@link #KEYS}. */
    private long[] values() {
        return new long[] {group, local, batch, stridedBatch, stridedLines, maxLine, rwg};
    }

    /** This tuning with a lower longest line (tests of split axes). */
    Tuning withMaxLine(int line) {
        return new Tuning(group, local, batch, stridedBatch, stridedLines, line, rwg);
    }

    /** The keys that differ from the default, as a spec ("default" when none does). */
    public String spec() {
        long[] mine = values(), def = DEFAULT.values();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < KEYS.length; i++) {
            if (mine[i] != def[i]) b.append(b.length() == 0 ? "" : ",").append(KEYS[i]).append('=').append(mine[i]);
        }
        return b.length() == 0 ? "default" : b.toString();
    }
}
