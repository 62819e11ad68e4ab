package io.psiflux.backend.cpu;

import io.psiflux.backend.DeviceBuffer;
import io.psiflux.backend.FluxPlanes;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The CPU's {@link FluxPlanes}: the spectral derivative is needed at one index of each line that
 * crosses a plane, so it is taken there directly, as a dot product of the line with one row of
 * the spectral differentiation matrix, instead of transforming whole lines: one read of the
 * wavefunction per plane, nothing written.
 *
 * <p>Along an axis of n points, {@code dpsi(x_i) = sum_t D[(i - t) mod n] psi_t} with
 * {@code D[m] = (1/n) sum_q i kappa_q e^{2 pi i q m / n}}, kappa the derivative wavenumbers
 * ({@link Axis#kDerivative}: the Nyquist mode dropped, so kappa is odd in q and D is real). This
 * is the same derivative {@link CpuBackend#current} takes with FFTs, so both give the same flux.
 */
final class CpuFluxPlanes implements FluxPlanes {
    private final Grid grid;
    private final WorkerPool pool;
    private final int[] axes;
    private final int[] indices;
    /** Per plane: the weights w[t] = D[(index - t) mod n] of its axis. */
    private final double[][] weights;
    /** Per worker: its share of the plane sum. */
    private final double[] partial;
    private final Sum sum = new Sum();

    CpuFluxPlanes(Grid grid, WorkerPool pool, int[] axes, int[] indices) {
        FluxPlanes.check(grid, axes, indices);
        this.grid = grid;
        this.pool = pool;
        this.axes = axes.clone();
        this.indices = indices.clone();
        this.weights = new double[axes.length][];
        for (int p = 0; p < axes.length; p++) {
            double[] d = differentiation(grid.axis(axes[p]));
            int n = d.length, i = indices[p];
            double[] w = new double[n];
            for (int t = 0; t < n; t++) w[t] = d[Math.floorMod(i - t, n)];
            weights[p] = w;
        }
        this.partial = new double[pool.workers() * FluxPlanes.SUMS];
    }

    /** D[m] for m = 0..n-1: the inverse FFT of i kappa (real, since kappa is odd). */
    static double[] differentiation(Axis axis) {
        int n = axis.n();
        double[] z = new double[2 * n];
        for (int q = 0; q < n; q++) z[2 * q + 1] = axis.kDerivative(q);
        if (n > 1) new DoubleFFT_1D(n).complexInverse(z, true);
        double[] d = new double[n];
        for (int m = 0; m < n; m++) d[m] = z[2 * m];
        return d;
    }

    @Override
    public int count() {
        return axes.length;
    }

    @Override
    public void measure(DeviceBuffer psi, double[] out) {
        if (!(psi instanceof CpuBuffer b) || !b.grid.equals(grid)) throw new IllegalArgumentException("buffer does not belong to this CPU backend");
        for (int p = 0; p < axes.length; p++) {
            sum.set(b, axes[p], indices[p], weights[p]);
            pool.run(sum);
            for (int i = 0; i < FluxPlanes.SUMS; i++) {
                double s = 0;
                for (int w = 0; w < partial.length / FluxPlanes.SUMS; w++) s += partial[FluxPlanes.SUMS * w + i];
                out[FluxPlanes.SUMS * p + i] = s;
            }
        }
    }

    /** One plane's sum of Im(psi* dpsi) over the lines that cross it: a reusable task, so measuring allocates nothing. */
    private final class Sum implements WorkerPool.Task {
        private double[] dre;
        private double[] dim;
        private float[] fre;
        private float[] fim;
        private int axis;
        private int n;
        private int stride;
        private int index;
        private double[] w;

        void set(CpuBuffer b, int axis, int index, double[] w) {
            double[][] d = b.doubles();
            float[][] f = b.floats();
            dre = d == null ? null : d[0];
            dim = d == null ? null : d[1];
            fre = f == null ? null : f[0];
            fim = f == null ? null : f[1];
            this.axis = axis;
            this.n = grid.n(axis);
            this.stride = grid.stride(axis);
            this.index = index;
            this.w = w;
        }

        @Override
        public void run(int wk, int workers) {
            int lines = grid.points() / n;
            double s = 0, r0 = 0, r1 = 0, r2 = 0;
            for (int l = WorkerPool.from(lines, wk, workers), e = WorkerPool.from(lines, wk + 1, workers); l < e; l++) {
                int start = grid.lineStart(axis, l);
                double dr = 0, di = 0, pr, pi;
                if (dre != null) {
                    for (int t = 0, q = start; t < n; t++, q += stride) {
                        dr += w[t] * dre[q];
                        di += w[t] * dim[q];
                    }
                    pr = dre[start + index * stride];
                    pi = dim[start + index * stride];
                } else {
                    for (int t = 0, q = start; t < n; t++, q += stride) {
                        dr += w[t] * fre[q];
                        di += w[t] * fim[q];
                    }
                    pr = fre[start + index * stride];
                    pi = fim[start + index * stride];
                }
                s += pr * di - pi * dr;
                double rho = pr * pr + pi * pi;
                int at = start + index * stride;
                r0 += rho * grid.axis(0).x(grid.index(at, 0));
                r1 += rho * grid.axis(1).x(grid.index(at, 1));
                r2 += rho * grid.axis(2).x(grid.index(at, 2));
            }
            partial[FluxPlanes.SUMS * wk] = s;
            partial[FluxPlanes.SUMS * wk + 1] = r0;
            partial[FluxPlanes.SUMS * wk + 2] = r1;
            partial[FluxPlanes.SUMS * wk + 3] = r2;
        }
    }
}
