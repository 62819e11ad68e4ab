package io.psiflux.backend.cpu;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * A batch of complex FFTs of one size {@code n} in double precision, {@code lanes} lines at once.
 *
 * <p>Layout: a batch is split re/im, one small array per element: {@code re[t][l]} is element
 * {@code t} of lane (line) {@code l}. Every inner loop runs over the lanes with the same index on
 * every array and no branches, which is the shape HotSpot C2 (JDK 17) vectorises; C2 cannot
 * vectorise loops that read one big array at several run-time offsets. One array per element
 * also makes reordering free: the digit-reversal and the odd-radix outputs move references,
 * not data.
 *
 * <p>Convention: {@link #transform} computes {@code X_k = sum_t x_t e^{-2 pi i t k / n}},
 * unnormalised, in place, output in natural order. The unnormalised inverse is the same call
 * with re and im swapped ({@code transform(im, re)}), since swapping is {@code z -> i conj(z)}.
 *
 * <p>Algorithm: in-place decimation in frequency with radices 2, 3, 5, 7 (see
 * {@link Twiddles}); other sizes fall back to JTransforms lane by lane. One instance per thread.
 * No radix 4: C2 in JDK 17 vectorises the radix-2 butterfly (four element arrays in, the same
 * four out) but not a complex radix-4 one (eight arrays), not even with a raised
 * {@code LoopUnrollLimit} (measured: about 0.3 ns per lane for radix 2, 1.7 ns for the scalar
 * radix 4 on the same work). Instead, up to {@link #FUSE} consecutive radix-2 stages run group
 * by group ({@link #radix2Stages}), so each stage's loads and stores hit L1 rather than L2.
 *
 * <p>{@code FloatBatchFft} is generated from this file by the build (pom.xml, float-twins; the
 * rules are in FloatVariantsTest): float lanes are twice as many per SIMD register, which single
 * precision needs for speed.
 */
final class DoubleBatchFft {

    /** Radix-2 stages done together on L1-sized groups of elements (see {@link #radix2Stages}). */
    static final int FUSE = 4;

    /** The transform size. */
    final int n;
    /** Lines per batch: the length of every element array. */
    final int lanes;
    /** Radix of each stage, first stage first; null when the fallback is used. */
    private final int[] radix;
    /** Per stage: twiddles re/im ({@link Twiddles#stage}) and, for odd radices, the roots. */
    private final double[][] twr;
    private final double[][] twi;
    private final double[][] rootr;
    private final double[][] rooti;
    /** Element k of the result sits at {@code where[k]} after the stages. */
    private final int[] where;
    /** Reference scratch for the reordering, and spare element arrays for odd radices. */
    private final double[][] order;
    private final double[][] spareR;
    private final double[][] spareI;
    private final DoubleFFT_1D fallback;
    private final double[] line;

    DoubleBatchFft(int n, int lanes) {
        this.n = n;
        this.lanes = lanes;
        int[] r = Twiddles.radices(n);
        order = new double[n][];
        if (r == null) {
            radix = null;
            twr = twi = rootr = rooti = spareR = spareI = null;
            where = null;
            fallback = new DoubleFFT_1D(n);
            line = new double[2 * n];
            return;
        }
        radix = r;
        fallback = null;
        line = null;
        where = Twiddles.digitReversal(n, r);
        twr = new double[r.length][];
        twi = new double[r.length][];
        rootr = new double[r.length][];
        rooti = new double[r.length][];
        int len = n, maxOdd = 0;
        for (int st = 0; st < r.length; st++) {
            var t = Twiddles.stage(len, r[st]);
            twr[st] = Twiddles.round(t[0], new double[t[0].length]);
            twi[st] = Twiddles.round(t[1], new double[t[1].length]);
            if (r[st] != 2) {
                var q = Twiddles.roots(r[st]);
                rootr[st] = Twiddles.round(q[0], new double[q[0].length]);
                rooti[st] = Twiddles.round(q[1], new double[q[1].length]);
                maxOdd = Math.max(maxOdd, r[st]);
            }
            len /= r[st];
        }
        spareR = new double[maxOdd][lanes];
        spareI = new double[maxOdd][lanes];
    }

    /** A zeroed batch component: {@code n} element arrays of {@code lanes} values. */
    double[][] newBatch() {
        return new double[n][lanes];
    }

    /** In-place forward FFT of the batch {@code re, im} (see the class doc). */
    void transform(double[][] re, double[][] im) {
        if (n < 2) return;
        if (radix == null) {
            for (int l = 0; l < lanes; l++) {
                for (int t = 0; t < n; t++) {
                    line[2 * t] = re[t][l];
                    line[2 * t + 1] = im[t][l];
                }
                fallback.complexForward(line);
                for (int t = 0; t < n; t++) {
                    re[t][l] = line[2 * t];
                    im[t][l] = line[2 * t + 1];
                }
            }
            return;
        }
        int len = n;
        for (int st = 0; st < radix.length; ) {
            int p = radix[st];
            if (p != 2) {
                int m = len / p;
                for (int base = 0; base < n; base += len) {
                    for (int j = 0; j < m; j++) odd(p, re, im, base + j, m, j, twr[st], twi[st], rootr[st], rooti[st]);
                }
                len = m;
                st++;
                continue;
            }
            int k = 0;
            while (st + k < radix.length && radix[st + k] == 2 && k < FUSE) k++;
            radix2Stages(re, im, st, k, len);
            len >>= k;
            st += k;
        }
        reorder(re);
        reorder(im);
    }

    /**
     * {@code k} consecutive radix-2 stages from stage {@code st} (sub-transforms of length
     * {@code len}), done group by group: the {@code 2^k} elements {@code base + j0 + q len/2^k}
     * only meet each other in these stages, so each group stays in L1 for all {@code k} of them
     * instead of every stage sweeping the whole batch.
     */
    private void radix2Stages(double[][] re, double[][] im, int st, int k, int len) {
        int stride = len >> k, span = 1 << k;
        for (int base = 0; base < n; base += len) {
            for (int j0 = 0; j0 < stride; j0++) {
                for (int s = 0; s < k; s++) {
                    int block = len >> s, half = block >> 1;
                    double[] wr = twr[st + s], wi = twi[st + s];
                    for (int q = 0; q < span; q++) {
                        int off = j0 + q * stride, j = off % block;
                        if (j >= half) continue;
                        int i = base + off;
                        radix2(re[i], im[i], re[i + half], im[i + half], wr[j], wi[j]);
                    }
                }
            }
        }
    }

    private void reorder(double[][] a) {
        for (int k = 0; k < n; k++) order[k] = a[where[k]];
        System.arraycopy(order, 0, a, 0, n);
    }

    private void radix2(double[] ar, double[] ai, double[] br, double[] bi, double wr, double wi) {
        for (int u = 0; u < lanes; u++) {
            double x0r = ar[u], x0i = ai[u], x1r = br[u], x1i = bi[u];
            double dr = x0r - x1r, di = x0i - x1i;
            ar[u] = x0r + x1r;
            ai[u] = x0i + x1i;
            br[u] = dr * wr - di * wi;
            bi[u] = dr * wi + di * wr;
        }
    }

    /**
     * Any odd radix as p x p complex multiply-adds over the lanes (fine for the rare 3, 5, 7):
     * outputs go to spare arrays, which then swap places with the inputs.
     */
    private void odd(int p, double[][] re, double[][] im, int i, int m, int j,
                     double[] wr, double[] wi, double[] cr, double[] ci) {
        for (int k = 0; k < p; k++) {
            double[] yr = spareR[k], yi = spareI[k];
            System.arraycopy(re[i], 0, yr, 0, lanes);
            System.arraycopy(im[i], 0, yi, 0, lanes);
            for (int r = 1; r < p; r++) {
                double[] xr = re[i + r * m], xi = im[i + r * m];
                int q = (r * k) % p;
                double c = cr[q], d = ci[q];
                for (int u = 0; u < lanes; u++) {
                    double vr = xr[u], vi = xi[u];
                    yr[u] += vr * c - vi * d;
                    yi[u] += vr * d + vi * c;
                }
            }
            if (k == 0 || j == 0) continue;
            double w1r = wr[(k - 1) * m + j], w1i = wi[(k - 1) * m + j];
            for (int u = 0; u < lanes; u++) {
                double vr = yr[u], vi = yi[u];
                yr[u] = vr * w1r - vi * w1i;
                yi[u] = vr * w1i + vi * w1r;
            }
        }
        for (int k = 0; k < p; k++) {
            double[] tr = re[i + k * m], ti = im[i + k * m];
            re[i + k * m] = spareR[k];
            im[i + k * m] = spareI[k];
            spareR[k] = tr;
            spareI[k] = ti;
        }
    }
}
