package io.psiflux.sim;

import java.util.Locale;

/** How a run advances or solves (config {@code time.method}). */
public enum Method {
    /** Split-operator steps (Strang, or the triple jump at order 4), in real or imaginary time. */
    SPLIT,
    /** The Chebyshev expansion of exp(-i H dt / hbar): exact in time for a static, linear, Hermitian H. */
    CHEBYSHEV,
    /** No time at all: the block eigensolver finds the lowest states of H (see {@link Eigenstates}). */
    EIGEN;

    /** The config's name, e.g. "chebyshev". */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The method of a config name, or null. */
    public static Method parse(String s) {
        for (Method m : values()) if (m.key().equals(s)) return m;
        return null;
    }
}
