package io.psiflux.backend;

import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;

/**
 * The slow test oracle for every FFT in psiflux: a direct O(n^2) sum along each declared axis, in
 * double precision, on interleaved complex arrays in the grid's C order (see
 * {@link io.psiflux.field.ComplexField}).
 *
 * <p>Convention (the one {@link Backend#fft} documents): forward
 * {@code X[m] = sum_j x[j] e^{-2 pi i j m / n}}, unnormalised; inverse
 * {@code x[j] = (1/n) sum_m X[m] e^{+2 pi i j m / n}}. The phase uses the point index j, i.e. x is
 * measured from the axis start, and bin m carries wavenumber {@link Axis#k(int)}.
 * Twiddles are taken at {@code (j m) mod n} so that large products lose no accuracy.
 */
public final class NaiveDft {
    private NaiveDft() {
    }

    /** In-place transform over every declared axis. */
    public static void transform(Grid g, double[] a, boolean inverse) {
        for (int d : g.activeAxes()) transformAxis(g, a, d, inverse);
    }

    /** In-place transform along axis {@code d} only. */
    public static void transformAxis(Grid g, double[] a, int d, boolean inverse) {
        int n = g.n(d);
        if (n == 1) return;
        double sign = inverse ? 1 : -1;
        double[] c = new double[n], s = new double[n];
        for (int t = 0; t < n; t++) {
            double ang = 2 * Math.PI * t / n;
            c[t] = Math.cos(ang);
            s[t] = sign * Math.sin(ang);
        }
        int stride = g.stride(d), lines = g.points() / n;
        double[] inRe = new double[n], inIm = new double[n];
        for (int l = 0; l < lines; l++) {
            int start = (l / stride) * n * stride + l % stride;
            for (int j = 0; j < n; j++) {
                inRe[j] = a[2 * (start + j * stride)];
                inIm[j] = a[2 * (start + j * stride) + 1];
            }
            for (int m = 0; m < n; m++) {
                double re = 0, im = 0;
                for (int j = 0; j < n; j++) {
                    int t = (int) ((long) j * m % n);
                    re += inRe[j] * c[t] - inIm[j] * s[t];
                    im += inRe[j] * s[t] + inIm[j] * c[t];
                }
                if (inverse) {
                    re /= n;
                    im /= n;
                }
                a[2 * (start + m * stride)] = re;
                a[2 * (start + m * stride) + 1] = im;
            }
        }
    }

    /**
     * The spectral derivative d/dx_d of a complex field: transform along d, multiply by
     * {@code i kDerivative(m)} (the Nyquist bin of an even axis is dropped, as the backends do),
     * transform back. Returns a new interleaved array.
     */
    public static double[] derivative(Grid g, double[] a, int d) {
        double[] b = a.clone();
        transformAxis(g, b, d, false);
        Axis ax = g.axis(d);
        for (int p = 0; p < g.points(); p++) {
            double k = ax.kDerivative(g.index(p, d)), re = b[2 * p], im = b[2 * p + 1];
            b[2 * p] = -k * im;
            b[2 * p + 1] = k * re;
        }
        transformAxis(g, b, d, true);
        return b;
    }

    /** The spectral derivative along d of a real field (one value per point); the result is real. */
    public static double[] derivativeOfReal(Grid g, double[] f, int d) {
        double[] a = new double[2 * f.length];
        for (int p = 0; p < f.length; p++) a[2 * p] = f[p];
        double[] b = derivative(g, a, d);
        double[] out = new double[f.length];
        for (int p = 0; p < f.length; p++) out[p] = b[2 * p];
        return out;
    }
}
