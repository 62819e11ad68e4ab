package io.psiflux.field;

/**
 * Floating-point precision of the wavefunction and of every field a run writes.
 * {@code DOUBLE} stores float64 / complex128, {@code SINGLE} float32 / complex64.
 */
public enum Precision {
    SINGLE(4, 1.2e-7),
    DOUBLE(8, 2.3e-16);

    /** Bytes of one real number. */
    public final int bytes;
    /** Unit round-off (machine epsilon) of the storage type. */
    public final double epsilon;

    Precision(int bytes, double epsilon) {
        this.bytes = bytes;
        this.epsilon = epsilon;
    }

    /** Parses "single" or "double" (case-insensitive); null when neither. */
    public static Precision parse(String s) {
        if (s == null) return null;
        return switch (s.toLowerCase()) {
            case "single", "float", "float32" -> SINGLE;
            case "double", "float64" -> DOUBLE;
            default -> null;
        };
    }

    /** A relative tolerance for comparing results that went through {@code ops} roundings. */
    public double tolerance(double ops) {
        return Math.max(ops * epsilon, this == DOUBLE ? 1e-13 : 1e-6);
    }

    @Override
    public String toString() {
        return name().toLowerCase();
    }
}
