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
    /**
     * Per stage: the twiddles of {@link Twiddles#liftStage} and, for odd radices, the roots, each in
     * lifting form ({@link Twiddles.Lifts}: shear coefficients p and s, quarter turns q).
     */
    private final double[][] twp;
    private final double[][] tws;
    private final int[][] twq;
    private final double[][] rootp;
    private final double[][] roots;
    private final int[][] rootq;
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
            twp = tws = rootp = roots = spareR = spareI = null;
            twq = rootq = null;
            where = null;
            fallback = new DoubleFFT_1D(n);
            line = new double[2 * n];
            return;
        }
        radix = r;
        fallback = null;
        line = null;
        where = Twiddles.digitReversal(n, r);
        twp = new double[r.length][];
        tws = new double[r.length][];
        twq = new int[r.length][];
        rootp = new double[r.length][];
        roots = new double[r.length][];
        rootq = new int[r.length][];
        int len = n, maxOdd = 0;
        for (int st = 0; st < r.length; st++) {
            var t = Twiddles.liftStage(len, r[st]);
            twp[st] = Twiddles.round(t.p(), new double[t.p().length]);
            tws[st] = Twiddles.round(t.s(), new double[t.s().length]);
            twq[st] = t.q();
            if (r[st] != 2) {
                var q = Twiddles.liftRoots(r[st]);
                rootp[st] = Twiddles.round(q.p(), new double[q.p().length]);
                roots[st] = Twiddles.round(q.s(), new double[q.s().length]);
                rootq[st] = q.q();
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
                    for (int j = 0; j < m; j++) odd(p, re, im, base + j, m, j, st);
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
                    double[] wp = twp[st + s], ws = tws[st + s];
                    int[] wq = twq[st + s];
                    for (int q = 0; q < span; q++) {
                        int off = j0 + q * stride, j = off % block;
                        if (j >= half) continue;
                        int i = base + off;
                        radix2(re[i], im[i], re[i + half], im[i + half], wq[j], wp[j], ws[j]);
                    }
                }
            }
        }
    }

    private void reorder(double[][] a) {
        for (int k = 0; k < n; k++) order[k] = a[where[k]];
        System.arraycopy(order, 0, a, 0, n);
    }

    /**
     * The butterfly {@code a, b <- a + b, (a - b) w} over the lanes, with w in lifting form
     * ({@link Twiddles.Lifts}): the quarter turn {@code q} (0 to 2 here, as w's angle lies in
     * (-pi, 0]) picks which differences feed the shears, so it costs nothing.
     */
    private void radix2(double[] ar, double[] ai, double[] br, double[] bi, int q, double p, double s) {
        switch (q) {
            case 0 -> {
                for (int u = 0; u < lanes; u++) {
                    double x0r = ar[u], x0i = ai[u], x1r = br[u], x1i = bi[u];
                    double x = x0r - x1r, y = x0i - x1i;
                    ar[u] = x0r + x1r;
                    ai[u] = x0i + x1i;
                    x += p * y;
                    y += s * x;
                    br[u] = x + p * y;
                    bi[u] = y;
                }
            }
            case 1 -> {
                // (a - b) (-i) = (di, -dr)
                for (int u = 0; u < lanes; u++) {
                    double x0r = ar[u], x0i = ai[u], x1r = br[u], x1i = bi[u];
                    double x = x0i - x1i, y = x1r - x0r;
                    ar[u] = x0r + x1r;
                    ai[u] = x0i + x1i;
                    x += p * y;
                    y += s * x;
                    br[u] = x + p * y;
                    bi[u] = y;
                }
            }
            default -> {
                // (a - b) (-1) = b - a
                for (int u = 0; u < lanes; u++) {
                    double x0r = ar[u], x0i = ai[u], x1r = br[u], x1i = bi[u];
                    double x = x1r - x0r, y = x1i - x0i;
                    ar[u] = x0r + x1r;
                    ai[u] = x0i + x1i;
                    x += p * y;
                    y += s * x;
                    br[u] = x + p * y;
                    bi[u] = y;
                }
            }
        }
    }

    /**
     * Any odd radix as p x p lifted rotations over the lanes (fine for the rare 3, 5, 7): output
     * {@code k} is {@code sum_r x_r e^{-2 pi i r k / p}}, times the stage twiddle; outputs go to
     * spare arrays, which then swap places with the inputs.
     */
    private void odd(int p, double[][] re, double[][] im, int i, int m, int j, int st) {
        for (int k = 0; k < p; k++) {
            double[] yr = spareR[k], yi = spareI[k];
            System.arraycopy(re[i], 0, yr, 0, lanes);
            System.arraycopy(im[i], 0, yi, 0, lanes);
            for (int r = 1; r < p; r++) {
                int q = (r * k) % p;
                rotate(re[i + r * m], im[i + r * m], yr, yi, true, rootq[st][q], rootp[st][q], roots[st][q]);
            }
            if (k == 0 || j == 0) continue;
            int w = (k - 1) * m + j;
            rotate(yr, yi, yr, yi, false, twq[st][w], twp[st][w], tws[st][w]);
        }
        for (int k = 0; k < p; k++) {
            double[] tr = re[i + k * m], ti = im[i + k * m];
            re[i + k * m] = spareR[k];
            im[i + k * m] = spareI[k];
            spareR[k] = tr;
            spareI[k] = ti;
        }
    }

    /**
     * {@code y <- y + x w} ({@code add}) or {@code y <- x w} over the lanes, w in lifting form;
     * {@code x} may be {@code y}. The quarter turn only chooses and negates operands.
     */
    private void rotate(double[] xr, double[] xi, double[] yr, double[] yi, boolean add, int q, double p, double s) {
        double[] a = (q & 1) == 0 ? xr : xi, b = (q & 1) == 0 ? xi : xr;
        double sa = q == 2 || q == 3 ? -1 : 1, sb = q == 1 || q == 2 ? -1 : 1;
        for (int u = 0; u < lanes; u++) {
            double x = sa * a[u], y = sb * b[u];
            x += p * y;
            y += s * x;
            x += p * y;
            if (add) {
                yr[u] += x;
                yi[u] += y;
            } else {
                yr[u] = x;
                yi[u] = y;
            }
        }
    }
}
