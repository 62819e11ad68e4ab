package io.psiflux.backend;

import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;

/**
 * The particle integrator of {@link Particles} on the host, written once for every host
 * implementation (kernels/bohm.cl is its OpenCL twin, operation for operation).
 *
 * <p><b>Interpolation.</b> psi and grad psi at a point come from the 6 grid points around it along
 * each active axis (nodes i-2 .. i+3 for a point in [x_i, x_i+1)): the quintic Lagrange
 * interpolant of psi and its derivative, a tensor product over the axes (36 points in 2D, 216 in
 * 3D). The velocity is formed from these, never interpolated itself: v = j / rho is singular at
 * nodes, psi is smooth there. Error: O(dx^6) in psi, O(dx^5) in grad psi, about (k dx)^5 / 60 for a
 * plane wave e^{ikx}. (Exact spectral interpolation would cost O(N) per particle.)
 *
 * <p><b>Time.</b> Heun's method from psi(t) to psi(t + dt) in m equal sub-steps, m the least that
 * keeps {@code |v| dt / m} (speed at the start of the step) under {@code cfl} grid spacings, at most
 * {@code maxSubsteps}; inside the step the velocity at a point is the linear interpolation in
 * time of the velocities that psi at the two ends gives there (second order, like Heun; see
 * {@link #velocity}). Positions wrap into the periodic box after every sub-step.
 *
 * <p><b>Nodes.</b> Where |psi|^2 at the point is below {@code rhoMin} the velocity is 0: the
 * particle waits there until psi returns (see {@link ParticleRule}).
 *
 * <p>Not thread-safe (scratch arrays are fields): one instance per thread.
 */
public final class Bohm {
    /** Stencil points per active axis, and how many lie at or left of the point's cell start minus one. */
    public static final int WIDTH = 6, LEFT = 2;
    /** prod_{b != a} (a - b) for the nodes 0..5: the Lagrange denominators. */
    private static final double[] DEN = {-120, 24, -12, 12, -24, 120};

    /** psi at flat index p of a wavefunction. */
    public interface Psi {
        double re(int p);

        double im(int p);
    }

    private final int rank;
    private final ParticleRule rule;
    private final double[] min = new double[3], dx = new double[3], length = new double[3];
    private final int[] n = new int[3], stride = new int[3];
    private final double dxMin;

    private final int[] points = new int[3];
    private final int[][] index = new int[3][WIDTH];
    private final double[][] w = new double[3][WIDTH], dw = new double[3][WIDTH];
    private final double[] q = new double[8], va = new double[3], vb = new double[3];
    private final double[] x = new double[3], xp = new double[3], xw = new double[3];
    private final double[] k1 = new double[3], k2 = new double[3];

    public Bohm(Grid grid, ParticleRule rule) {
        this.rank = grid.rank();
        this.rule = rule;
        double m = Double.POSITIVE_INFINITY;
        for (int d = 0; d < 3; d++) {
            Axis a = grid.axis(d);
            n[d] = a.n();
            stride[d] = grid.stride(d);
            min[d] = a.min();
            dx[d] = a.dx();
            length[d] = a.length();
            if (d < rank) m = Math.min(m, a.dx());
        }
        this.dxMin = m;
    }

    /**
     * Moves particle {@code i} of {@code pos} ({@code rank} values each) over one step of dt, psi
     * being {@code a} at the start and {@code b} at the end.
     */
    public void advance(double[] pos, int i, Psi a, Psi b, double dt) {
        java.util.Arrays.fill(x, 0);
        for (int d = 0; d < rank; d++) x[d] = pos[i * rank + d];
        velocity(x, 0, a, b, k1);
        double speed = 0;
        for (int d = 0; d < rank; d++) speed += k1[d] * k1[d];
        speed = Math.sqrt(speed);
        double want = Math.ceil(speed * dt / (rule.cfl() * dxMin));
        int m = want > 1 ? (int) Math.min(rule.maxSubsteps(), want) : 1;
        double h = dt / m;
        for (int j = 0; j < m; j++) {
            if (j > 0) velocity(x, (double) j / m, a, b, k1);
            for (int d = 0; d < rank; d++) xp[d] = x[d] + h * k1[d];
            velocity(xp, (double) (j + 1) / m, a, b, k2);
            for (int d = 0; d < rank; d++) x[d] = wrap(d, x[d] + 0.5 * h * (k1[d] + k2[d]));
        }
        for (int d = 0; d < rank; d++) pos[i * rank + d] = x[d];
    }

    /** The coordinate moved into [min, min + L) of axis d. */
    private double wrap(int d, double v) {
        double u = (v - min[d]) / length[d];
        double f = u - Math.floor(u);
        double w = min[d] + f * length[d];
        return w >= min[d] + length[d] ? min[d] : w;
    }

    /**
     * v at point {@code at} (3 values, 0 beyond the rank) and time fraction s of the step: the
     * velocities of psi = a and psi = b there, each from its own interpolated psi and grad psi,
     * weighted (1 - s) and s. That is the velocity of the geometric interpolation a (b/a)^s of psi
     * in time, whose phase moves linearly between the ends: psi's own linear interpolation would
     * bend the local phase, an O(dt^2) velocity error as large as the phase turns per step.
     */
    void velocity(double[] at, double s, Psi a, Psi b, double[] v) {
        for (int d = 0; d < 3; d++) {
            xw[d] = d < rank ? wrap(d, at[d]) : 0;
            weights(d, xw[d]);
        }
        if (s <= 0) {
            flow(a, v);
        } else if (s >= 1) {
            flow(b, v);
        } else {
            flow(a, va);
            flow(b, vb);
            for (int d = 0; d < 3; d++) v[d] = (1 - s) * va[d] + s * vb[d];
        }
    }

    /** v of psi at the point of the current stencil (xw): 0 where |psi|^2 is below rhoMin. */
    private void flow(Psi psi, double[] v) {
        sample(psi, q);
        double rho = q[0] * q[0] + q[1] * q[1];
        if (!(rho >= rule.rhoMin()) || rho == 0) {
            java.util.Arrays.fill(v, 0);
            return;
        }
        for (int d = 0; d < 3; d++) {
            if (d >= rank) {
                v[d] = 0;
                continue;
            }
            double drift = rule.drift(d, 0) * xw[0] + rule.drift(d, 1) * xw[1] + rule.drift(d, 2) * xw[2];
            v[d] = rule.scale() * (q[0] * q[3 + 2 * d] - q[1] * q[2 + 2 * d]) / rho - drift;
        }
    }

    /** The stencil of axis d for coordinate c (inside the box): flat offsets, weights, derivative weights. */
    private void weights(int d, double c) {
        if (d >= rank || n[d] == 1) {
            points[d] = 1;
            index[d][0] = 0;
            w[d][0] = 1;
            dw[d][0] = 0;
            return;
        }
        double u = (c - min[d]) / dx[d];
        int i = (int) Math.floor(u);
        double f = u - i;
        points[d] = WIDTH;
        for (int t = 0; t < WIDTH; t++) index[d][t] = Math.floorMod(i - LEFT + t, n[d]) * stride[d];
        lagrange(f, w[d], dw[d]);
        for (int t = 0; t < WIDTH; t++) dw[d][t] /= dx[d];
    }

    /**
     * The quintic Lagrange weights of the nodes -2..3 at f in [0, 1), and their derivatives in f:
     * w_a = prod_{b != a} (f - t_b) / prod_{b != a} (t_a - t_b), the product and its derivative
     * built one factor at a time by the product rule (30 factors in all, not the 150 products of
     * a sum over b of products over c: this was half the cost of a particle step).
     */
    static void lagrange(double f, double[] w, double[] dw) {
        for (int a = 0; a < WIDTH; a++) {
            double num = 1, der = 0;
            for (int b = 0; b < WIDTH; b++) {
                if (b == a) continue;
                double e = f - (b - LEFT);
                der = der * e + num;
                num *= e;
            }
            w[a] = num / DEN[a];
            dw[a] = der / DEN[a];
        }
    }

    /**
     * out <- psi, d psi/dx_0, d psi/dx_1, d psi/dx_2 (re, im each) from the current stencil: the
     * tensor-product sums taken innermost axis first (axis 2, then 1, then 0), 4 multiply-adds per
     * stencil point where the sum of every term per point took 20.
     */
    private void sample(Psi psi, double[] out) {
        java.util.Arrays.fill(out, 0);
        for (int a0 = 0; a0 < points[0]; a0++) {
            double w0 = w[0][a0], d0 = dw[0][a0];
            int p0 = index[0][a0];
            // over axis 1 of the sums over axis 2: psi (s), d/dx_1 (y), d/dx_2 (t)
            double sr = 0, si = 0, yr = 0, yi = 0, tr = 0, ti = 0;
            for (int a1 = 0; a1 < points[1]; a1++) {
                double w1 = w[1][a1], d1 = dw[1][a1];
                int p1 = p0 + index[1][a1];
                double zr = 0, zi = 0, er = 0, ei = 0;
                for (int a2 = 0; a2 < points[2]; a2++) {
                    double w2 = w[2][a2], d2 = dw[2][a2];
                    int p = p1 + index[2][a2];
                    double r = psi.re(p), im = psi.im(p);
                    zr += w2 * r;
                    zi += w2 * im;
                    er += d2 * r;
                    ei += d2 * im;
                }
                sr += w1 * zr;
                si += w1 * zi;
                yr += d1 * zr;
                yi += d1 * zi;
                tr += w1 * er;
                ti += w1 * ei;
            }
            out[0] += w0 * sr;
            out[1] += w0 * si;
            out[2] += d0 * sr;
            out[3] += d0 * si;
            out[4] += w0 * yr;
            out[5] += w0 * yi;
            out[6] += w0 * tr;
            out[7] += w0 * ti;
        }
    }
}
