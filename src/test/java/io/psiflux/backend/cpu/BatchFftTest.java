package io.psiflux.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The batched FFTs against a naive O(n^2) DFT (the oracle lives here, in test code). */
class BatchFftTest {

    /** Every radix alone and mixed, powers of each, and primes 11 and 97 (the JTransforms fallback). */
    static final int[] SIZES = {1, 2, 3, 4, 5, 7, 8, 11, 12, 15, 16, 27, 30, 49, 64, 97, 100, 125, 128, 210, 243, 256, 343, 1000, 1024};

    /** X_k = sum_t x_t e^{-+2 pi i t k / n}, in double, angles reduced exactly. */
    static double[][] dft(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        double[] outR = new double[n], outI = new double[n];
        for (int k = 0; k < n; k++) {
            double sr = 0, si = 0;
            for (int t = 0; t < n; t++) {
                double a = (inverse ? 2 : -2) * Math.PI * (((long) t * k) % n) / n;
                double c = Math.cos(a), s = Math.sin(a);
                sr += re[t] * c - im[t] * s;
                si += re[t] * s + im[t] * c;
            }
            outR[k] = sr;
            outI[k] = si;
        }
        return new double[][] {outR, outI};
    }

    /** Max |got - want| over max |want|, over all lanes. */
    private static double relErr(double[][][] got, double[][][] want) {
        double num = 0, den = 0;
        for (int l = 0; l < got.length; l++) {
            for (int c = 0; c < 2; c++) {
                for (int t = 0; t < got[l][c].length; t++) {
                    num = Math.max(num, Math.abs(got[l][c][t] - want[l][c][t]));
                    den = Math.max(den, Math.abs(want[l][c][t]));
                }
            }
        }
        return num / Math.max(den, 1e-300);
    }

    private static double[][][] input(int n, int lanes, long seed) {
        Random r = new Random(seed);
        double[][][] x = new double[lanes][2][n];
        for (double[][] lane : x) for (double[] c : lane) for (int t = 0; t < n; t++) c[t] = r.nextDouble() * 2 - 1;
        return x;
    }

    private static double[][][] oracle(double[][][] x, boolean inverse) {
        double[][][] want = new double[x.length][][];
        for (int l = 0; l < x.length; l++) want[l] = dft(x[l][0], x[l][1], inverse);
        return want;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 32})
    void doubleMatchesNaiveDft(int lanes) {
        for (int n : SIZES) {
            for (boolean inverse : new boolean[] {false, true}) {
                double[][][] x = input(n, lanes, 31L * n + lanes);
                DoubleBatchFft f = new DoubleBatchFft(n, lanes);
                double[][] re = f.newBatch(), im = f.newBatch();
                for (int l = 0; l < lanes; l++) {
                    for (int t = 0; t < n; t++) {
                        re[t][l] = x[l][0][t];
                        im[t][l] = x[l][1][t];
                    }
                }
                if (inverse) f.transform(im, re);
                else f.transform(re, im);
                double[][][] got = new double[lanes][2][n];
                for (int l = 0; l < lanes; l++) {
                    for (int t = 0; t < n; t++) {
                        got[l][0][t] = re[t][l];
                        got[l][1][t] = im[t][l];
                    }
                }
                double err = relErr(got, oracle(x, inverse));
                assertTrue(err < 1e-13, "double n=" + n + " lanes=" + lanes + " inverse=" + inverse + ": error " + err);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 64})
    void floatMatchesNaiveDft(int lanes) {
        for (int n : SIZES) {
            for (boolean inverse : new boolean[] {false, true}) {
                double[][][] x = input(n, lanes, 17L * n + lanes);
                // the oracle sees exactly the float inputs
                for (double[][] lane : x) for (double[] c : lane) for (int t = 0; t < n; t++) c[t] = (float) c[t];
                FloatBatchFft f = new FloatBatchFft(n, lanes);
                float[][] re = f.newBatch(), im = f.newBatch();
                for (int l = 0; l < lanes; l++) {
                    for (int t = 0; t < n; t++) {
                        re[t][l] = (float) x[l][0][t];
                        im[t][l] = (float) x[l][1][t];
                    }
                }
                if (inverse) f.transform(im, re);
                else f.transform(re, im);
                double[][][] got = new double[lanes][2][n];
                for (int l = 0; l < lanes; l++) {
                    for (int t = 0; t < n; t++) {
                        got[l][0][t] = re[t][l];
                        got[l][1][t] = im[t][l];
                    }
                }
                double err = relErr(got, oracle(x, inverse));
                assertTrue(err < 2e-6, "float n=" + n + " lanes=" + lanes + " inverse=" + inverse + ": error " + err);
            }
        }
    }
}
