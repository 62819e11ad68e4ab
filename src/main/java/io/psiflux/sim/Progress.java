package io.psiflux.sim;

/** Told how a run is going, a few times a second at most. */
@FunctionalInterface
public interface Progress {
    /** {@code done} of {@code total} steps after {@code seconds} of stepping. */
    void update(long done, long total, double seconds);

    Progress NONE = (d, t, s) -> { };
}
