package io.psiflux.observe;

import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;

/**
 * A plane x_axis = position through which the probability flux is measured (config [[flux]]).
 * The plane sits at the grid point nearest {@code position} (no interpolation: the spectral
 * current is exact at grid points, and a plane between points would only blur it);
 * {@link #actualPosition} says where that is.
 *
 * @param name     column suffix in observables.csv: flux_NAME and through_NAME
 * @param axis     0, 1 or 2 for x, y, z; a declared axis of the grid
 * @param position where the plane crosses the axis, in [min, max] of that axis
 * @param expect   a reference value for through_NAME printed next to it at the end (flux.expect), or null
 */
public record FluxPlane(String name, int axis, double position, Double expect) {

    /** A plane with no reference value. */
    public FluxPlane(String name, int axis, double position) {
        this(name, axis, position, null);
    }

    /** Index along {@link #axis} of the grid plane nearest the position (max wraps to min). */
    public int index(Grid g) {
        Axis a = g.axis(axis);
        long i = Math.round((position - a.min()) / a.dx());
        return (int) Math.floorMod(i, (long) a.n());
    }

    /** Where the measuring plane actually is: x(index). */
    public double actualPosition(Grid g) {
        return g.axis(axis).x(index(g));
    }
}
