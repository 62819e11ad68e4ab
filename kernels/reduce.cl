/*
 * reduce.cl: first stage of the two-stage reductions behind moments and inner products. Each
 * work-group of RWG items (a build define, a power of two) walks the n points with a grid stride,
 * sums in hreal (double where the device has it) and leaves one partial sum per quantity in
 * partial[group * Q + q]; the host adds the partials in double. Nothing is scaled by dV here.
 */

/* Tree sum of Q interleaved quantities in local memory; thread 0 writes the group's partials. */
#define REDUCE_LOCAL(Q, acc, scratch, partial)                                              \
    {                                                                                       \
        int lid = get_local_id(0);                                                          \
        for (int q = 0; q < (Q); q++) scratch[q * RWG + lid] = acc[q];                      \
        for (int off = RWG / 2; off > 0; off >>= 1) {                                       \
            barrier(CLK_LOCAL_MEM_FENCE);                                                   \
            if (lid < off)                                                                  \
                for (int q = 0; q < (Q); q++) scratch[q * RWG + lid] += scratch[q * RWG + lid + off]; \
        }                                                                                   \
        if (lid == 0)                                                                       \
            for (int q = 0; q < (Q); q++) partial[get_group_id(0) * (Q) + q] = scratch[q * RWG]; \
    }

/*
 * Five sums of w = |psi|^2 over a g0 x g1 x g2 grid:
 *   mode 0 (position space): w, x_0 w, x_1 w, x_2 w, V w    with x_d = c_d + s_d i_d
 *   mode 1 (momentum space): w, k_0 w, k_1 w, k_2 w, |k|^2 w with k_d = s_d fftfreq(i_d, g_d),
 *                            except that the first-moment sums drop the Nyquist bin of an even
 *                            axis (deriv_freq, as Axis.kDerivative); |k|^2 keeps it
 * (c_d = axis minimum and s_d = dx in mode 0; s_d = 2 pi / L_d in mode 1).
 */
__kernel __attribute__((reqd_work_group_size(RWG, 1, 1)))
void moments_partial(__global const real2* restrict psi, __global const real* restrict v,
                     const int mode, const int g0, const int g1, const int g2,
                     const hreal c0, const hreal c1, const hreal c2,
                     const hreal s0, const hreal s1, const hreal s2,
                     __global hreal* restrict partial) {
    __local hreal scratch[5 * RWG];
    hreal acc[5] = {0, 0, 0, 0, 0};
    int n = g0 * g1 * g2;
    for (int p = get_global_id(0); p < n; p += get_global_size(0)) {
        real2 a = psi[p];
        hreal w = (hreal)(a.x * a.x) + (hreal)(a.y * a.y);
        int i0 = p / (g1 * g2), i1 = (p / g2) % g1, i2 = p % g2;
        hreal e0, e1, e2, last;
        if (mode == 0) {
            e0 = c0 + s0 * i0;
            e1 = c1 + s1 * i1;
            e2 = c2 + s2 * i2;
            last = (hreal)v[p];
        } else {
            hreal f0 = s0 * fft_freq(i0, g0), f1 = s1 * fft_freq(i1, g1), f2 = s2 * fft_freq(i2, g2);
            e0 = s0 * deriv_freq(i0, g0);
            e1 = s1 * deriv_freq(i1, g1);
            e2 = s2 * deriv_freq(i2, g2);
            last = f0 * f0 + f1 * f1 + f2 * f2;
        }
        acc[0] += w;
        acc[1] += e0 * w;
        acc[2] += e1 * w;
        acc[3] += e2 * w;
        acc[4] += last * w;
    }
    REDUCE_LOCAL(5, acc, scratch, partial)
}

/* Two sums: re and im of sum conj(a) b. */
__kernel __attribute__((reqd_work_group_size(RWG, 1, 1)))
void inner_partial(__global const real2* restrict a, __global const real2* restrict b,
                   const int n, __global hreal* restrict partial) {
    __local hreal scratch[2 * RWG];
    hreal acc[2] = {0, 0};
    for (int p = get_global_id(0); p < n; p += get_global_size(0)) {
        real2 x = a[p], y = b[p];
        acc[0] += (hreal)x.x * y.x + (hreal)x.y * y.y;
        acc[1] += (hreal)x.x * y.y - (hreal)x.y * y.x;
    }
    REDUCE_LOCAL(2, acc, scratch, partial)
}

/*
 * Flux through one plane: partial sums of Im(conj(psi) g) over the points whose index along an
 * axis of length nd and stride `stride` is `index` (count = before * stride of them), g being the
 * spectral derivative of psi along that axis. Partials land at partial[offset + group].
 */
__kernel __attribute__((reqd_work_group_size(RWG, 1, 1)))
void plane_flux_partial(__global const real2* restrict psi, __global const real2* restrict g,
                        const int nd, const int stride, const int index, const int count,
                        __global hreal* restrict partial, const int offset) {
    __local hreal scratch[RWG];
    hreal acc[1] = {0};
    for (int q = get_global_id(0); q < count; q += get_global_size(0)) {
        int a = q % stride, b = q / stride;
        int p = (b * nd + index) * stride + a;
        real2 x = psi[p], y = g[p];
        acc[0] += (hreal)x.x * y.y - (hreal)x.y * y.x;
    }
    REDUCE_LOCAL(1, acc, scratch, (partial + offset))
}
