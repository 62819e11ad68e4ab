package io.psiflux.io;

import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

/**
 * Test fields for the snapshot writers. The grids have unequal axis lengths and off-centre
 * extents, and every value names its point: {@code value(c, i, j, k) = 1/7 + i + 10 j + 100 k +
 * 1000 c}, different along each axis and per component, so a transposed, reversed or misplaced
 * axis or component shows as a wrong value rather than passing by symmetry.
 */
final class SnapshotData {
    private SnapshotData() {
    }

    /** Axis lengths 7; 6 x 5; 4 x 3 x 5, and boxes that are neither centred nor alike. */
    static Grid grid(int rank) {
        int[][] shapes = {{7}, {6, 5}, {4, 3, 5}};
        double[][] boxes = {{-1.3, 2.1}, {0.4, 3.0}, {-5.0, -2.5}};
        Axis[] axes = new Axis[rank];
        for (int d = 0; d < rank; d++) axes[d] = new Axis(shapes[rank - 1][d], boxes[d][0], boxes[d][1]);
        return Grid.of(axes);
    }

    /** Every rank with both precisions. */
    static Stream<Arguments> cases() {
        return Stream.of(1, 2, 3).flatMap(r -> Stream.of(Precision.values()).map(p -> Arguments.of(r, p)));
    }

    /** Component {@code c} at flat point {@code p}, before rounding to a precision. */
    static double value(Grid g, int c, int p) {
        return 1.0 / 7 + g.index(p, 0) + 10 * g.index(p, 1) + 100 * g.index(p, 2) + 1000 * c;
    }

    static RealField density(Grid g, Precision precision) {
        RealField f = RealField.scalar(g, precision);
        for (int p = 0; p < g.points(); p++) f.set(p, value(g, 0, p));
        return f;
    }

    /** A vector field; its component c is offset by 1000 (c + 1) from the density. */
    static RealField current(Grid g, Precision precision) {
        RealField f = RealField.vector(g, precision);
        for (int c = 0; c < f.components(); c++) {
            for (int p = 0; p < g.points(); p++) f.set(c, p, value(g, c + 1, p));
        }
        return f;
    }

    /** re = -value, im = value / 3: neither equals a density or current value. */
    static ComplexField psi(Grid g, Precision precision) {
        ComplexField f = new ComplexField(g, precision);
        for (int p = 0; p < g.points(); p++) f.set(p, -value(g, 0, p), value(g, 0, p) / 3);
        return f;
    }

    /** {@code density} and {@code current}, in that order. */
    static Map<String, RealField> fields(Grid g, Precision precision) {
        Map<String, RealField> m = new LinkedHashMap<>();
        m.put("density", density(g, precision));
        m.put("current", current(g, precision));
        return m;
    }
}
