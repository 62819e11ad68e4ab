/*
 * bohm.cl: Bohmian particles, one work-item per particle (io.psiflux.backend.opencl.ClParticles).
 * The OpenCL twin of io.psiflux.backend.Bohm, operation for operation; read that class for the
 * method. In short: v = scale Im(psi* grad psi) / |psi|^2 - D r with psi and grad psi from the
 * quintic Lagrange interpolant on the 6 grid points around the particle along each active axis
 * (psi is interpolated, never v); Heun steps from psi(t) (a) to psi(t + dt) (b) in m sub-steps,
 * m keeping |v| dt / m under cfl grid spacings (at most max_sub), inside the step the velocity at a
 * point linear in time between those of a and b there; v = 0 where |psi|^2 < rho_min; positions
 * wrap into the periodic box.
 *
 * Positions and arithmetic are hreal (double when the device has it), psi is real2 as stored.
 * prm: min[3], dx[3], length[3], scale, D[3][3] row-major, rho_min, cfl, dx_min (22 values).
 */
#define BW 6
#define BLEFT 2

#define P_MIN 0
#define P_DX 3
#define P_LEN 6
#define P_SCALE 9
#define P_D 10
#define P_RHOMIN 19
#define P_CFL 20
#define P_DXMIN 21

inline hreal bwrap(hreal v, hreal mn, hreal len) {
    hreal u = (v - mn) / len;
    hreal f = u - floor(u);
    hreal w = mn + f * len;
    return w >= mn + len ? mn : w;
}

/* Quintic Lagrange weights of the nodes -2..3 at f in [0, 1) and their derivatives in f: the
   product over b != a of (f - t_b) and its derivative by the product rule, one factor at a time. */
inline void blagrange(hreal f, hreal* w, hreal* dw) {
    const hreal den[BW] = {-120, 24, -12, 12, -24, 120};
    for (int a = 0; a < BW; a++) {
        hreal num = 1, der = 0;
        for (int b = 0; b < BW; b++) {
            if (b == a) continue;
            hreal e = f - (hreal)(b - BLEFT);
            der = der * e + num;
            num *= e;
        }
        w[a] = num / den[a];
        dw[a] = der / den[a];
    }
}

/* The stencils of the three axes for the point xw (inside the box). */
inline void bstencil(const hreal* xw, __global const hreal* prm, int3 n, int rank,
                     int* pts, int* idx, hreal* w, hreal* dw) {
    int stride[3] = {n.y * n.z, n.z, 1};
    int nn[3] = {n.x, n.y, n.z};
    for (int d = 0; d < 3; d++) {
        if (d >= rank || nn[d] == 1) {
            pts[d] = 1;
            idx[d * BW] = 0;
            w[d * BW] = 1;
            dw[d * BW] = 0;
            continue;
        }
        hreal u = (xw[d] - prm[P_MIN + d]) / prm[P_DX + d];
        int i = (int)floor(u);
        hreal f = u - (hreal)i;
        pts[d] = BW;
        for (int t = 0; t < BW; t++) {
            int k = (i - BLEFT + t) % nn[d];
            if (k < 0) k += nn[d];
            idx[d * BW + t] = k * stride[d];
        }
        blagrange(f, w + d * BW, dw + d * BW);
        for (int t = 0; t < BW; t++) dw[d * BW + t] /= prm[P_DX + d];
    }
}

/* out <- psi, then d psi / dx_d for d = 0, 1, 2 (re, im each): the tensor-product sums taken
   innermost axis first (axis 2, then 1, then 0), 4 multiply-adds per stencil point. */
inline void bsample(__global const real2* psi, const int* pts, const int* idx, const hreal* w,
                    const hreal* dw, hreal* out) {
    for (int c = 0; c < 8; c++) out[c] = 0;
    for (int a0 = 0; a0 < pts[0]; a0++) {
        hreal w0 = w[a0], d0 = dw[a0];
        int p0 = idx[a0];
        /* over axis 1 of the sums over axis 2: psi (s), d/dx_1 (y), d/dx_2 (t) */
        hreal sr = 0, si = 0, yr = 0, yi = 0, tr = 0, ti = 0;
        for (int a1 = 0; a1 < pts[1]; a1++) {
            hreal w1 = w[BW + a1], d1 = dw[BW + a1];
            int p1 = p0 + idx[BW + a1];
            hreal zr = 0, zi = 0, er = 0, ei = 0;
            for (int a2 = 0; a2 < pts[2]; a2++) {
                hreal w2 = w[2 * BW + a2], d2 = dw[2 * BW + a2];
                real2 z = psi[p1 + idx[2 * BW + a2]];
                hreal r = (hreal)z.x, im = (hreal)z.y;
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

/* v of psi at the point of the stencil (xw): 0 where |psi|^2 < rho_min. */
inline void bflow(__global const real2* psi, const hreal* xw, const int* pts, const int* idx, const hreal* w,
                  const hreal* dw, __global const hreal* prm, int rank, hreal* v) {
    hreal q[8];
    bsample(psi, pts, idx, w, dw, q);
    hreal rho = q[0] * q[0] + q[1] * q[1];
    if (!(rho >= prm[P_RHOMIN]) || rho == 0) {
        v[0] = v[1] = v[2] = 0;
        return;
    }
    for (int d = 0; d < 3; d++) {
        if (d >= rank) {
            v[d] = 0;
            continue;
        }
        hreal drift = prm[P_D + 3 * d] * xw[0] + prm[P_D + 3 * d + 1] * xw[1] + prm[P_D + 3 * d + 2] * xw[2];
        v[d] = prm[P_SCALE] * (q[0] * q[3 + 2 * d] - q[1] * q[2 + 2 * d]) / rho - drift;
    }
}

/* v at point at, time fraction s of the step: (1 - s) v(a) + s v(b) at that point (see Bohm.velocity). */
inline void bvelocity(const hreal* at, hreal s, __global const real2* a, __global const real2* b,
                      __global const hreal* prm, int3 n, int rank, hreal* v) {
    hreal xw[3];
    int pts[3], idx[3 * BW];
    hreal w[3 * BW], dw[3 * BW], va[3], vb[3];
    for (int d = 0; d < 3; d++) xw[d] = d < rank ? bwrap(at[d], prm[P_MIN + d], prm[P_LEN + d]) : (hreal)0;
    bstencil(xw, prm, n, rank, pts, idx, w, dw);
    if (s <= 0) {
        bflow(a, xw, pts, idx, w, dw, prm, rank, v);
    } else if (s >= 1) {
        bflow(b, xw, pts, idx, w, dw, prm, rank, v);
    } else {
        bflow(a, xw, pts, idx, w, dw, prm, rank, va);
        bflow(b, xw, pts, idx, w, dw, prm, rank, vb);
        for (int d = 0; d < 3; d++) v[d] = (1 - s) * va[d] + s * vb[d];
    }
}

/* Moves each of count particles (rank coordinates each in pos) over one step of dt. */
__kernel void bohm_advance(__global hreal* pos, __global const real2* a, __global const real2* b,
                           __global const hreal* prm, const int n0, const int n1, const int n2,
                           const int rank, const int count, const int max_sub, const hreal dt) {
    int i = get_global_id(0);
    if (i >= count) return;
    int3 n = (int3)(n0, n1, n2);
    hreal x[3] = {0, 0, 0}, xp[3] = {0, 0, 0}, k1[3], k2[3];
    for (int d = 0; d < rank; d++) x[d] = pos[i * rank + d];
    bvelocity(x, 0, a, b, prm, n, rank, k1);
    hreal speed = sqrt(k1[0] * k1[0] + k1[1] * k1[1] + k1[2] * k1[2]);
    hreal want = ceil(speed * dt / (prm[P_CFL] * prm[P_DXMIN]));
    int m = want > 1 ? (int)min((hreal)max_sub, want) : 1;
    hreal h = dt / m;
    for (int j = 0; j < m; j++) {
        if (j > 0) bvelocity(x, (hreal)j / m, a, b, prm, n, rank, k1);
        for (int d = 0; d < rank; d++) xp[d] = x[d] + h * k1[d];
        bvelocity(xp, (hreal)(j + 1) / m, a, b, prm, n, rank, k2);
        for (int d = 0; d < rank; d++) x[d] = bwrap(x[d] + (hreal)0.5 * h * (k1[d] + k2[d]), prm[P_MIN + d], prm[P_LEN + d]);
    }
    for (int d = 0; d < rank; d++) pos[i * rank + d] = x[d];
}
