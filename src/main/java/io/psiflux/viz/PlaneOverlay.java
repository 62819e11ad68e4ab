package io.psiflux.viz;

import io.psiflux.sim.Snapshot;

/**
 * Something drawn over a field plane after the field and the current, before the box outline,
 * clipped to the field's panel: trajectory trails, markers. Coordinates come from the mapping
 * ({@code m.px(worldH)}, {@code m.py(worldV)}); sizes scale with {@code u} ({@link Hud#unit}).
 */
interface PlaneOverlay {
    void draw(Overlay o, Snapshot s, Plane plane, FieldPass.Mapping m, int u);
}
