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
 * Twelve sums over position space, with w = |psi|^2 and x_d = c_d + s_d i_d (c_d the axis
 * minimum, s_d = dx; 0 and 0 on an inactive axis): w, x_0 w, x_1 w, x_2 w, V w, w^2, then the
 * second moments x_0 x_0 w, x_0 x_1 w, x_0 x_2 w, x_1 x_1 w, x_1 x_2 w, x_2 x_2 w.
 */
__kernel __attribute__((reqd_work_group_size(RWG, 1, 1)))
void position_partial(__global const real2* restrict psi, __global const real* restrict v,
                      const int g0, const int g1, const int g2,
                      const hreal c0, const hreal c1, const hreal c2,
                      const hreal s0, const hreal s1, const hreal s2,
                      __global hreal* restrict partial) {
    __local hreal scratch[12 * RWG];
    hreal acc[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    int n = g0 * g1 * g2;
    for (int p = get_global_id(0); p < n; p += get_global_size(0)) {
        real2 a = psi[p];
        hreal w = (hreal)(a.x * a.x) + (hreal)(a.y * a.y);
        int i0 = p / (g1 * g2), i1 = (p / g2) % g1, i2 = p % g2;
        hreal e0 = c0 + s0 * i0, e1 = c1 + s1 * i1, e2 = c2 + s2 * i2;
        acc[0] += w;
        acc[1] += e0 * w;
        acc[2] += e1 * w;
        acc[3] += e2 * w;
        acc[4] += (hreal)v[p] * w;
        acc[5] += w * w;
        acc[6] += e0 * e0 * w;
        acc[7] += e0 * e1 * w;
        acc[8] += e0 * e2 * w;
        acc[9] += e1 * e1 * w;
        acc[10] += e1 * e2 * w;
        acc[11] += e2 * e2 * w;
    }
    REDUCE_LOCAL(12, acc, scratch, partial)
}

/*
 * Five sums over momentum space of w = |phi|^2, phi the unnormalised FFT of psi, with
 * k_d = s_d fftfreq(i_d, g_d) (s_d = 2 pi / L_d): w, k_0 w, k_1 w, k_2 w, |k|^2 w, except that the
 * first-moment sums drop the Nyquist bin of an even axis (deriv_freq, as Axis.kDerivative);
 * |k|^2 keeps it.
 */
__kernel __attribute__((reqd_work_group_size(RWG, 1, 1)))
void momentum_partial(__global const real2* restrict phi, const int g0, const int g1, const int g2,
                      const hreal s0, const hreal s1, const hreal s2, __global hreal* restrict partial) {
    __local hreal scratch[5 * RWG];
    hreal acc[5] = {0, 0, 0, 0, 0};
    int n = g0 * g1 * g2;
    for (int p = get_global_id(0); p < n; p += get_global_size(0)) {
        real2 a = phi[p];
        hreal w = (hreal)(a.x * a.x) + (hreal)(a.y * a.y);
        int i0 = p / (g1 * g2), i1 = (p / g2) % g1, i2 = p % g2;
        hreal f0 = s0 * fft_freq(i0, g0), f1 = s1 * fft_freq(i1, g1), f2 = s2 * fft_freq(i2, g2);
        acc[0] += w;
        acc[1] += s0 * deriv_freq(i0, g0) * w;
        acc[2] += s1 * deriv_freq(i1, g1) * w;
        acc[3] += s2 * deriv_freq(i2, g2) * w;
        acc[4] += (f0 * f0 + f1 * f1 + f2 * f2) * w;
    }
    REDUCE_LOCAL(5, acc, scratch, partial)
}

/*
 * Three sums of J = Im(conj(psi) g) weighted by the coordinates, g the spectral derivative of psi
 * along one axis: x_0 J, x_1 J, x_2 J (x_d = c_d + s_d i_d as in position_partial): the mixed
 * moments <x_e p_d> of the vector potential's and the rotation's terms.
 */
__kernel __attribute__((reqd_work_group_size(RWG, 1, 1)))
void current_moments_partial(__global const real2* restrict psi, __global const real2* restrict g,
                             const int g0, const int g1, const int g2,
                             const hreal c0, const hreal c1, const hreal c2,
                             const hreal s0, const hreal s1, const hreal s2,
                             __global hreal* restrict partial) {
    __local hreal scratch[3 * RWG];
    hreal acc[3] = {0, 0, 0};
    int n = g0 * g1 * g2;
    for (int p = get_global_id(0); p < n; p += get_global_size(0)) {
        real2 x = psi[p], y = g[p];
        hreal j = (hreal)x.x * y.y - (hreal)x.y * y.x;
        int i0 = p / (g1 * g2), i1 = (p / g2) % g1, i2 = p % g2;
        acc[0] += (c0 + s0 * i0) * j;
        acc[1] += (c1 + s1 * i1) * j;
        acc[2] += (c2 + s2 * i2) * j;
    }
    REDUCE_LOCAL(3, acc, scratch, partial)
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
 * Flux through one plane: partial sums over the points whose index along an axis of length nd and
 * stride `stride` is `index` (count = before * stride of them) of Im(conj(psi) g), g being the
 * spectral derivative of psi along that axis, and of |psi|^2 x_e for e = 0, 1, 2 (x_e = c_e + s_e i_e
 * on a g0 x g1 x g2 grid) for the drift of a field or a rotation. Four partials per group land at
 * partial[offset + 4 group + i].
 */
__kernel __attribute__((reqd_work_group_size(RWG, 1, 1)))
void plane_flux_partial(__global const real2* restrict psi, __global const real2* restrict g,
                        const int nd, const int stride, const int index, const int count,
                        __global hreal* restrict partial, const int offset, const int g1, const int g2,
                        const hreal c0, const hreal c1, const hreal c2,
                        const hreal s0, const hreal s1, const hreal s2) {
    __local hreal scratch[4 * RWG];
    hreal acc[4] = {0, 0, 0, 0};
    for (int q = get_global_id(0); q < count; q += get_global_size(0)) {
        int a = q % stride, b = q / stride;
        int p = (b * nd + index) * stride + a;
        real2 x = psi[p], y = g[p];
        hreal w = (hreal)(x.x * x.x) + (hreal)(x.y * x.y);
        int i0 = p / (g1 * g2), i1 = (p / g2) % g1, i2 = p % g2;
        acc[0] += (hreal)x.x * y.y - (hreal)x.y * y.x;
        acc[1] += (c0 + s0 * i0) * w;
        acc[2] += (c1 + s1 * i1) * w;
        acc[3] += (c2 + s2 * i2) * w;
    }
    REDUCE_LOCAL(4, acc, scratch, (partial + offset))
}
