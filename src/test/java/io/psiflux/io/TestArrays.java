package io.psiflux.io;

import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;

/**
 * Deterministic test data shared with the numpy cross-check: element {@code i} (flat C index) of
 * a real array is {@code i / 7.0 - 1.5}; of a complex array {@code i / 7.0 - i / 3.0 j}. Both
 * sides compute these with correctly rounded IEEE operations, so they agree bit for bit.
 */
final class TestArrays {
    private TestArrays() {
    }

    /** Odd, unequal extents so that a transposed or reversed axis cannot go unnoticed. */
    static Grid grid(int rank) {
        int[][] shapes = {{7}, {6, 5}, {4, 3, 5}};
        int[] s = shapes[rank - 1];
        Axis[] axes = new Axis[rank];
        for (int d = 0; d < rank; d++) axes[d] = new Axis(s[d], -1.0, 1.0);
        return Grid.of(axes);
    }

    static double real(int i) {
        return i / 7.0 - 1.5;
    }

    static double re(int i) {
        return i / 7.0;
    }

    static double im(int i) {
        return -i / 3.0;
    }

    static RealField realField(Grid g, Precision p, boolean vector) {
        RealField f = vector ? RealField.vector(g, p) : RealField.scalar(g, p);
        for (int i = 0; i < f.length(); i++) f.set(i, real(i));
        return f;
    }

    static ComplexField complexField(Grid g, Precision p) {
        ComplexField f = new ComplexField(g, p);
        for (int i = 0; i < f.points(); i++) f.set(i, re(i), im(i));
        return f;
    }

    /** {@code v} as stored in precision {@code p}. */
    static double stored(double v, Precision p) {
        return p == Precision.SINGLE ? (float) v : v;
    }
}
