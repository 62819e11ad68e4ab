package io.psiflux.backend.opencl;

import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.grid.Grid;

/**
 * Test oracle: the N-D discrete Fourier transform computed naively in double precision, one axis
 * at a time ({@code sum_m x_m e^{-2 pi i k m / n}}, unnormalised), with exact angle reduction.
 */
final class Dft {
    private Dft() {
    }

    static ComplexField forward(ComplexField in) {
        Grid g = in.grid();
        ComplexField cur = in.to(Precision.DOUBLE);
        for (int d = 0; d < g.rank(); d++) cur = alongAxis(cur, d);
        return cur;
    }

    private static ComplexField alongAxis(ComplexField in, int d) {
        Grid g = in.grid();
        int n = g.n(d), s = g.stride(d);
        double[] cos = new double[n], sin = new double[n];
        for (int m = 0; m < n; m++) {
            cos[m] = Math.cos(2 * Math.PI * m / n);
            sin[m] = Math.sin(2 * Math.PI * m / n);
        }
        ComplexField out = new ComplexField(g, Precision.DOUBLE);
        double[] x = in.doubles(), y = out.doubles();
        for (int p = 0; p < g.points(); p++) {
            if (g.index(p, d) != 0) continue;
            for (int k = 0; k < n; k++) {
                double re = 0, im = 0;
                for (int m = 0; m < n; m++) {
                    int idx = (int) ((long) k * m % n);
                    double xr = x[2 * (p + m * s)], xi = x[2 * (p + m * s) + 1];
                    re += xr * cos[idx] + xi * sin[idx];
                    im += xi * cos[idx] - xr * sin[idx];
                }
                y[2 * (p + k * s)] = re;
                y[2 * (p + k * s) + 1] = im;
            }
        }
        return out;
    }

    /** max |a - b| / max |b| over all points. */
    static double maxRelError(ComplexField a, ComplexField b) {
        double err = 0, scale = 0;
        for (int p = 0; p < b.points(); p++) {
            err = Math.max(err, Math.hypot(a.re(p) - b.re(p), a.im(p) - b.im(p)));
            scale = Math.max(scale, Math.hypot(b.re(p), b.im(p)));
        }
        return err / scale;
    }
}
