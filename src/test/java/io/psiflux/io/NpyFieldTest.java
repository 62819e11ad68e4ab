package io.psiflux.io;

import io.psiflux.UserError;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpyFieldTest {
    private final Grid grid = Grid.of(new Axis(3, 0, 1), new Axis(4, 0, 1));

    @Test
    void realArrayIsAcceptedAsPsiWithZeroImaginaryPart() {
        double[] v = new double[12];
        for (int i = 0; i < 12; i++) v[i] = TestArrays.real(i);
        NpyArray a = new NpyArray(new int[] {3, 4}, "<f8", false, v);
        for (Precision p : Precision.values()) {
            ComplexField psi = Npy.toComplexField(a, grid, p, "psi0");
            for (int i = 0; i < 12; i++) {
                assertEquals(TestArrays.stored(v[i], p), psi.re(i), 0.0);
                assertEquals(0.0, psi.im(i), 0.0);
            }
        }
    }

    @Test
    void shapeMismatchNamesBothShapes() {
        NpyArray a = new NpyArray(new int[] {4, 3}, "<f8", false, new double[12]);
        UserError e = assertThrows(UserError.class, () -> Npy.toComplexField(a, grid, Precision.DOUBLE, "psi0"));
        assertEquals("psi0: shape (4, 3) does not match grid points [3, 4]", e.getMessage());
        e = assertThrows(UserError.class, () -> Npy.toRealField(a, grid, Precision.SINGLE, "potential.file 'v.npy'"));
        assertEquals("potential.file 'v.npy': shape (4, 3) does not match grid points [3, 4]", e.getMessage());
        NpyArray flat = new NpyArray(new int[] {12}, "<f8", false, new double[12]);
        e = assertThrows(UserError.class, () -> Npy.toRealField(flat, grid, Precision.DOUBLE, "v"));
        assertEquals("v: shape (12,) does not match grid points [3, 4]", e.getMessage());
    }

    @Test
    void complexPotentialIsRefused() {
        NpyArray a = new NpyArray(new int[] {3, 4}, "<c16", true, new double[24]);
        UserError e = assertThrows(UserError.class, () -> Npy.toRealField(a, grid, Precision.DOUBLE, "potential"));
        assertTrue(e.getMessage().startsWith("potential: complex array (dtype '<c16')"), e.getMessage());
    }

    @Test
    void potentialCopiesValues() {
        double[] v = new double[12];
        for (int i = 0; i < 12; i++) v[i] = TestArrays.real(i);
        NpyArray a = new NpyArray(new int[] {3, 4}, "<f4", false, v);
        for (Precision p : Precision.values()) {
            RealField f = Npy.toRealField(a, grid, p, "v");
            assertEquals(1, f.components());
            for (int i = 0; i < 12; i++) assertEquals(TestArrays.stored(v[i], p), f.get(i), 0.0);
        }
    }

    @Test
    void valuesBeyondSinglePrecisionAreRefused() {
        double[] v = new double[12];
        v[5] = 1e300;
        NpyArray a = new NpyArray(new int[] {3, 4}, "<f8", false, v);
        UserError e = assertThrows(UserError.class, () -> Npy.toRealField(a, grid, Precision.SINGLE, "v"));
        assertTrue(e.getMessage().startsWith("v: value 1.0E300 at flat index 5"), e.getMessage());
        Npy.toRealField(a, grid, Precision.DOUBLE, "v");
    }

    @Test
    void arrayRecordChecksItsLength() {
        assertThrows(IllegalArgumentException.class, () -> new NpyArray(new int[] {3}, "<c16", true, new double[3]));
        assertThrows(IllegalArgumentException.class, () -> Npy.write(null, new int[] {2, 2}, new double[3]));
    }
}
