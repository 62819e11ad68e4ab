/*
 * pointwise.cl: elementwise kernels over the n points of a wavefunction buffer (one work-item per
 * point): standalone phase multiplies, density, current, axpy and scale, and the pointwise part
 * of H psi (energies_pointwise) and a real factor (mul_real).
 * Sizes are kernel arguments, so one build serves every grid of a precision. Layout and precision
 * types as in common.cl.
 */

/*
 * psi <- ops(psi) for pointwise ops only (OP_V, OP_V2, OP_K, and OP_GRAD, OP_AXIS along the given
 * axis, whose kinetic factors start at koff in kphase); nl, lshift, lfactor, gam as in
 * apply_pointwise.
 */
__kernel void apply_ops(__global real2* psi, __global const real2* restrict vphase,
                        __global const real2* restrict kphase, const uint ops,
                        const int g0, const int g1, const int g2,
                        const int stride, const int nax, const real kunit, const int koff,
                        const real nlr, const real nli, __global const real* restrict lshift,
                        __global const real2* restrict lfactor, const real gre, const real gim) {
    int p = get_global_id(0);
    if (p >= g0 * g1 * g2) return;
    psi[p] = apply_pointwise(psi[p], ops, p, vphase, kphase, g0, g1, g2, stride, nax, kunit, koff,
                             (real2)(nlr, nli), lshift, lfactor, (real2)(gre, gim));
}

/* out <- |psi|^2 */
__kernel void density(__global const real2* restrict psi, __global real* restrict out, const int n) {
    int p = get_global_id(0);
    if (p >= n) return;
    real2 a = psi[p];
    out[p] = a.x * a.x + a.y * a.y;
}

/* out <- coef Im(conj(psi) g), with g the spectral derivative of psi (coef = hbar / m gives the current). */
__kernel void current(__global const real2* restrict psi, __global const real2* restrict g,
                      __global real* restrict out, const real coef, const int n) {
    int p = get_global_id(0);
    if (p >= n) return;
    real2 a = psi[p], b = g[p];
    out[p] = coef * (a.x * b.y - a.y * b.x);
}

/* y <- y + c x */
__kernel void axpy(const real cre, const real cim, __global const real2* restrict x,
                   __global real2* restrict y, const int n) {
    int p = get_global_id(0);
    if (p >= n) return;
    y[p] += cmul((real2)(cre, cim), x[p]);
}

/* x <- s x */
__kernel void scale(__global real2* x, const real s, const int n) {
    int p = get_global_id(0);
    if (p >= n) return;
    x[p] *= s;
}

/* out <- beta out + alpha (s v + c) psi: the pointwise part of H psi (io.psiflux.backend.Energies); beta = 0 reads no out */
__kernel void energies_pointwise(__global const real2* restrict psi, __global real2* restrict out,
                                 __global const real* restrict v, const real alpha, const real beta,
                                 const real s, const real c, const int n) {
    int p = get_global_id(0);
    if (p >= n) return;
    real2 y = psi[p] * (alpha * (s * v[p] + c));
    out[p] = beta == (real)0 ? y : y + beta * out[p];
}

/* psi <- t psi, t real (io.psiflux.backend.Table) */
__kernel void mul_real(__global real2* psi, __global const real* restrict t, const int n) {
    int p = get_global_id(0);
    if (p >= n) return;
    psi[p] *= t[p];
}
