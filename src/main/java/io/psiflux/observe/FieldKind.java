package io.psiflux.observe;

import java.util.Locale;

/** A field a run can write at output steps (config key output.fields). */
public enum FieldKind {
    /** |psi|^2, written as density_NNNNNN.npy. */
    DENSITY,
    /** j = (hbar/m) Im(psi* grad psi), written as current_NNNNNN.npy with shape (rank, *grid). */
    CURRENT,
    /**
     * The curl-free (longitudinal) part of j, the flow that carries probability, written as
     * current_transport_NNNNNN.npy with shape (rank, *grid) (see {@link Helmholtz}).
     */
    CURRENT_TRANSPORT,
    /**
     * The divergence-free (transverse) part of j, whirlpools that carry no probability anywhere,
     * written as current_circulating_NNNNNN.npy with shape (rank, *grid).
     */
    CURRENT_CIRCULATING,
    /** The wavefunction itself, written as psi_NNNNNN.npy (complex). */
    PSI,
    /** The real potential V at the output step, written as V_NNNNNN.npy (for a time-dependent V). */
    POTENTIAL,
    /**
     * Quantised vortices (2D, 3D), found by the phase winding around each plaquette (see
     * {@link Vortices}): vortices_NNNNNN.csv, and the columns "vortices" (2D) or "vortex_length"
     * (3D) in observables.csv.
     */
    VORTICES;

    /** The name used in configs and file names. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a config name, or returns null. */
    public static FieldKind parse(String s) {
        for (FieldKind f : values()) if (f.key().equals(s)) return f;
        return null;
    }
}
