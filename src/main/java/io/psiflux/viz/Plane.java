package io.psiflux.viz;

import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;

/**
 * A 2D cut through a grid: the axes {@code h} (drawn left to right) and {@code v} (bottom to top)
 * at a fixed index along the third. A 2D grid is the cut at index 0 of its flat third axis, so
 * 2D fields and 3D slices are drawn by the same code.
 *
 * @param grid  the grid cut
 * @param h     grid dimension shown horizontally
 * @param v     grid dimension shown vertically
 * @param fixed the remaining dimension
 * @param index position along {@code fixed}, 0 .. n(fixed) - 1
 */
record Plane(Grid grid, int h, int v, int fixed, int index) {

    /** The cut perpendicular to dimension {@code axis} at {@code index}; the other two keep their order. */
    static Plane normalTo(Grid grid, int axis, int index) {
        int a = axis == 0 ? 1 : 0, b = axis == 2 ? 1 : 2;
        int i = Math.floorMod(index, grid.n(axis));
        return new Plane(grid, a, b, axis, i);
    }

    /** The whole of a 2D grid (or the z = first point cut of a 3D one). */
    static Plane of2D(Grid grid) {
        return normalTo(grid, 2, 0);
    }

    Axis hAxis() {
        return grid.axis(h);
    }

    Axis vAxis() {
        return grid.axis(v);
    }

    int nh() {
        return grid.n(h);
    }

    int nv() {
        return grid.n(v);
    }

    /** Flat grid index of plane point (ih, iv); both wrap periodically. */
    int flat(int ih, int iv) {
        return Math.floorMod(ih, nh()) * grid.stride(h) + Math.floorMod(iv, nv()) * grid.stride(v)
                + index * grid.stride(fixed);
    }

    /** Physical coordinate of the plane along the fixed dimension. */
    double position() {
        return grid.axis(fixed).x(index);
    }
}
