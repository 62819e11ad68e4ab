package io.psiflux.backend.cpu;

import java.util.ArrayList;
import java.util.List;

/**
 * Factorisation and twiddle factors of the batched in-place decimation-in-frequency FFT
 * ({@link DoubleBatchFft} and its generated float twin). All trigonometry happens here, in
 * double, once per plan; the float kernels round the results.
 *
 * <p>Stage convention (in-place decimation in frequency): a stage of radix {@code p} on each
 * contiguous sub-transform of length {@code len = p * m} replaces {@code x[j + k m]} for
 * {@code k < p, j < m} by {@code (sum_r x[j + r m] e^{-2 pi i r k / p}) e^{-2 pi i j k / len}};
 * then {@code len = m}. Frequency {@code k1 + p k2} ends at {@code k1 m + (where k2 ends in the
 * length-m transform)}: see {@link #digitReversal}.
 */
final class Twiddles {

    /** Radices with kernels; anything else goes through the JTransforms fallback. */
    static final int[] ODD_PRIMES = {3, 5, 7};

    private Twiddles() {
    }

    /**
     * The radices of the stages for size {@code n}, first stage first, or {@code null} when
     * {@code n} has a prime factor above 7. Twos first, then the odd primes.
     */
    static int[] radices(int n) {
        if (n < 2) return new int[0];
        List<Integer> r = new ArrayList<>();
        int rest = n;
        while (rest % 2 == 0) {
            r.add(2);
            rest /= 2;
        }
        for (int p : ODD_PRIMES) {
            while (rest % p == 0) {
                r.add(p);
                rest /= p;
            }
        }
        if (rest != 1) return null;
        return r.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Where frequency {@code k} sits after in-place DIF stages of the given radices. */
    static int[] digitReversal(int n, int[] radices) {
        int[] where = new int[n];
        for (int k = 0; k < n; k++) {
            int pos = 0, len = n, rest = k;
            for (int p : radices) {
                int m = len / p;
                pos += (rest % p) * m;
                rest /= p;
                len = m;
            }
            where[k] = pos;
        }
        return where;
    }

    /**
     * Twiddles of one stage, {@code [k - 1][j] = e^{-2 pi i j k / len}} for {@code 1 <= k < p},
     * {@code j < len / p}, flattened as {@code (k - 1) * m + j}; cos in {@code [0]}, sin in {@code [1]}.
     */
    static double[][] stage(int len, int p) {
        int m = len / p;
        double[] c = new double[(p - 1) * m], s = new double[(p - 1) * m];
        for (int k = 1; k < p; k++) {
            for (int j = 0; j < m; j++) {
                // reduce j k mod len first so the angle is exact up to one rounding
                double a = -2 * Math.PI * (((long) j * k) % len) / len;
                c[(k - 1) * m + j] = Math.cos(a);
                s[(k - 1) * m + j] = Math.sin(a);
            }
        }
        return new double[][] {c, s};
    }

    /** e^{-2 pi i q / p} for {@code q < p}: cos in {@code [0]}, sin in {@code [1]}. */
    static double[][] roots(int p) {
        double[] c = new double[p], s = new double[p];
        for (int q = 0; q < p; q++) {
            c[q] = Math.cos(-2 * Math.PI * q / p);
            s[q] = Math.sin(-2 * Math.PI * q / p);
        }
        return new double[][] {c, s};
    }

    /** Copies {@code src} into {@code dst} and returns it (the double twin of {@link #round(double[], float[])}). */
    static double[] round(double[] src, double[] dst) {
        System.arraycopy(src, 0, dst, 0, src.length);
        return dst;
    }

    /** Rounds {@code src} into {@code dst} and returns it. */
    static float[] round(double[] src, float[] dst) {
        for (int i = 0; i < src.length; i++) dst[i] = (float) src[i];
        return dst;
    }
}
