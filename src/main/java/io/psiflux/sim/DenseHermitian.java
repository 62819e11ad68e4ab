package io.psiflux.sim;

/**
 * Eigenvalues and eigenvectors of a small dense Hermitian matrix by cyclic Jacobi rotations, for
 * the eigensolver's Rayleigh-Ritz steps (matrices of a few times the block size). Each rotation
 * first turns the phase of column q so that a_pq is real, then applies the real Jacobi rotation
 * that zeroes it; sweeps run until the off-diagonal part is below round-off of the diagonal.
 * Storage: re[i][j], im[i][j], row i, column j; the input is read only.
 */
final class DenseHermitian {
    /** Eigenvalues, ascending. */
    final double[] values;
    /** Eigenvectors as columns: vre[i][j] + i vim[i][j] is component i of vector j (unit norm). */
    final double[][] vre, vim;

    private DenseHermitian(double[] values, double[][] vre, double[][] vim) {
        this.values = values;
        this.vre = vre;
        this.vim = vim;
    }

    /** Diagonalises the Hermitian matrix (re, im); only its Hermitian part (A + A^H) / 2 is used. */
    static DenseHermitian of(double[][] re, double[][] im) {
        int n = re.length;
        double[][] ar = new double[n][n], ai = new double[n][n], vr = new double[n][n], vi = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                ar[i][j] = (re[i][j] + re[j][i]) / 2;
                ai[i][j] = (im[i][j] - im[j][i]) / 2;
            }
            vr[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0, diag = 0;
            for (int i = 0; i < n; i++) {
                diag += ar[i][i] * ar[i][i];
                for (int j = i + 1; j < n; j++) off += ar[i][j] * ar[i][j] + ai[i][j] * ai[i][j];
            }
            if (off <= 1e-34 * Math.max(diag, Double.MIN_NORMAL)) break;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    double mag = Math.hypot(ar[p][q], ai[p][q]);
                    if (mag == 0) continue;
                    // phase: column q times e^{-i phi}, row q times e^{i phi}, so that a_pq = |a_pq|
                    double c0 = ar[p][q] / mag, s0 = -ai[p][q] / mag; // e^{-i phi}
                    for (int k = 0; k < n; k++) {
                        double r = ar[k][q], i = ai[k][q];
                        ar[k][q] = r * c0 - i * s0;
                        ai[k][q] = r * s0 + i * c0;
                        r = vr[k][q];
                        i = vi[k][q];
                        vr[k][q] = r * c0 - i * s0;
                        vi[k][q] = r * s0 + i * c0;
                    }
                    for (int k = 0; k < n; k++) {
                        double r = ar[q][k], i = ai[q][k];
                        ar[q][k] = r * c0 + i * s0;
                        ai[q][k] = -r * s0 + i * c0;
                    }
                    ai[p][q] = 0;
                    ai[q][p] = 0;
                    ar[q][p] = ar[p][q];
                    ai[q][q] = 0;
                    // the real rotation that zeroes the now real a_pq
                    double apq = ar[p][q];
                    double theta = (ar[q][q] - ar[p][p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < n; k++) {
                        double kp = ar[k][p], kq = ar[k][q];
                        ar[k][p] = c * kp - s * kq;
                        ar[k][q] = s * kp + c * kq;
                        kp = ai[k][p];
                        kq = ai[k][q];
                        ai[k][p] = c * kp - s * kq;
                        ai[k][q] = s * kp + c * kq;
                        kp = vr[k][p];
                        kq = vr[k][q];
                        vr[k][p] = c * kp - s * kq;
                        vr[k][q] = s * kp + c * kq;
                        kp = vi[k][p];
                        kq = vi[k][q];
                        vi[k][p] = c * kp - s * kq;
                        vi[k][q] = s * kp + c * kq;
                    }
                    for (int k = 0; k < n; k++) {
                        double pk = ar[p][k], qk = ar[q][k];
                        ar[p][k] = c * pk - s * qk;
                        ar[q][k] = s * pk + c * qk;
                        pk = ai[p][k];
                        qk = ai[q][k];
                        ai[p][k] = c * pk - s * qk;
                        ai[q][k] = s * pk + c * qk;
                    }
                    ar[p][q] = 0;
                    ar[q][p] = 0;
                    ai[p][q] = 0;
                    ai[q][p] = 0;
                }
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = ar[i][i];
        java.util.Arrays.sort(order, (a, b) -> Double.compare(d[a], d[b]));
        double[] values = new double[n];
        double[][] or = new double[n][n], oi = new double[n][n];
        for (int j = 0; j < n; j++) {
            values[j] = d[order[j]];
            for (int i = 0; i < n; i++) {
                or[i][j] = vr[i][order[j]];
                oi[i][j] = vi[i][order[j]];
            }
        }
        return new DenseHermitian(values, or, oi);
    }
}
