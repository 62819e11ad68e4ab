/*
 * fft.cl: the fused line kernel, a batch of complex FFTs along one axis of a 3-axis grid, with
 * pointwise phase multiplies applied on the way in, on the way out or between two transforms.
 *
 * The grid is viewed along the launch's axis as (BEFORE, NAX, STRIDE): element m of the line
 * (b, a) sits at flat index (b * NAX + m) * STRIDE + a. An axis whose NAX points fit in local
 * memory is transformed in one launch (LEN = NAX, in place, one global read and write). A longer
 * axis is split into super-stages of a Stockham autosort FFT with LEN-point "radices"
 * (NAX = LEN_0 * LEN_1 * ...); the launch for one super-stage then reads NSUP = NAX / LEN strided
 * sub-lines of its input, multiplies by the inter-stage twiddles (NSB = product of the earlier
 * LENs) and writes, out of place, to the Stockham output positions.
 *
 * Inside local memory each LEN-point transform is itself a Stockham FFT whose stages are radix
 * RAD0, RAD1, ... (2, 3, 4, 5, 7 or 8) butterflies held in registers; NS<i> is the product of the
 * radices before stage i. Twiddles come from a table exp(-2 pi i m / NAX), m < NAX, computed on the
 * host in double and rounded once to the storage precision; inverse transforms conjugate them.
 * Forward is sum_x psi(x) e^{-ikx} unnormalised; inverse includes 1/LEN per launch (1/NAX in all).
 *
 * Compile-time defines (see FftPlan.Pass#defines): LEN NAX NSUP NSB STRIDE BEFORE LINES B TPL
 * PITCH NRAD RAD<i> NS<i> LOAD_T_FAST STORE_T_FAST G0 G1 G2, and USE_R<r> for each radix r in use.
 * A work-group of B * TPL items holds B lines, TPL items per line; LINES = BEFORE * NSUP * STRIDE
 * lines in all.
 */

#define RC(x) RC_(x)
#ifdef PSI_DOUBLE
#define RC_(x) ((real)x)
#else
#define RC_(x) x##f
#endif

/* s * i * a where s = -1 forward, +1 inverse. */
inline real2 rot(real2 a, int inv) {
    return inv ? (real2)(-a.y, a.x) : (real2)(a.y, -a.x);
}

inline void dft2(real2* v, int inv) {
    real2 a = v[0], b = v[1];
    v[0] = a + b;
    v[1] = a - b;
}

inline void dft3(real2* v, int inv) {
    real2 t = v[1] + v[2];
    real2 u = rot(v[1] - v[2], inv) * RC(0.8660254037844386);
    real2 m = v[0] - t * RC(0.5);
    v[0] = v[0] + t;
    v[1] = m + u;
    v[2] = m - u;
}

inline void dft4(real2* v, int inv) {
    real2 t0 = v[0] + v[2], t1 = v[0] - v[2];
    real2 t2 = v[1] + v[3], t3 = rot(v[1] - v[3], inv);
    v[0] = t0 + t2;
    v[2] = t0 - t2;
    v[1] = t1 + t3;
    v[3] = t1 - t3;
}

inline void dft5(real2* v, int inv) {
    const real c1 = RC(0.30901699437494745), c2 = RC(-0.8090169943749473);
    const real s1 = RC(0.9510565162951535), s2 = RC(0.5877852522924732);
    real2 b1 = v[1] + v[4], b2 = v[2] + v[3];
    real2 d1 = v[1] - v[4], d2 = v[2] - v[3];
    real2 r1 = v[0] + c1 * b1 + c2 * b2, i1 = rot(s1 * d1 + s2 * d2, inv);
    real2 r2 = v[0] + c2 * b1 + c1 * b2, i2 = rot(s2 * d1 - s1 * d2, inv);
    v[0] = v[0] + b1 + b2;
    v[1] = r1 + i1;
    v[4] = r1 - i1;
    v[2] = r2 + i2;
    v[3] = r2 - i2;
}

inline void dft7(real2* v, int inv) {
    const real c1 = RC(0.6234898018587336), c2 = RC(-0.22252093395631434), c3 = RC(-0.900968867902419);
    const real s1 = RC(0.7818314824680298), s2 = RC(0.9749279121818236), s3 = RC(0.43388373911755823);
    real2 b1 = v[1] + v[6], b2 = v[2] + v[5], b3 = v[3] + v[4];
    real2 d1 = v[1] - v[6], d2 = v[2] - v[5], d3 = v[3] - v[4];
    /* y_m = v0 + sum_q cos(2 pi q m / 7) b_q  +/-  s i sum_q sin(2 pi q m / 7) d_q */
    real2 r1 = v[0] + c1 * b1 + c2 * b2 + c3 * b3, i1 = rot(s1 * d1 + s2 * d2 + s3 * d3, inv);
    real2 r2 = v[0] + c2 * b1 + c3 * b2 + c1 * b3, i2 = rot(s2 * d1 - s3 * d2 - s1 * d3, inv);
    real2 r3 = v[0] + c3 * b1 + c1 * b2 + c2 * b3, i3 = rot(s3 * d1 - s1 * d2 + s2 * d3, inv);
    v[0] = v[0] + b1 + b2 + b3;
    v[1] = r1 + i1;
    v[6] = r1 - i1;
    v[2] = r2 + i2;
    v[5] = r2 - i2;
    v[3] = r3 + i3;
    v[4] = r3 - i3;
}

inline void dft8(real2* v, int inv) {
    const real h = RC(0.7071067811865476);
    real2 e[4] = {v[0], v[2], v[4], v[6]};
    real2 o[4] = {v[1], v[3], v[5], v[7]};
    dft4(e, inv);
    dft4(o, inv);
    /* w = exp(s i pi / 4): w^1 = h (1 + s i), w^2 = s i, w^3 = h (-1 + s i) */
    real2 o1 = (o[1] + rot(o[1], inv)) * h;
    real2 o2 = rot(o[2], inv);
    real2 o3 = (rot(o[3], inv) - o[3]) * h;
    v[0] = e[0] + o[0];
    v[4] = e[0] - o[0];
    v[1] = e[1] + o1;
    v[5] = e[1] - o1;
    v[2] = e[2] + o2;
    v[6] = e[2] - o2;
    v[3] = e[3] + o3;
    v[7] = e[3] - o3;
}

/* Butterflies per thread in a radix-R stage (at least 1 so that arrays are never empty). */
#define CNT(R) (((LEN / (R)) + TPL - 1) / TPL > 0 ? ((LEN / (R)) + TPL - 1) / TPL : 1)

/*
 * One radix-R Stockham stage on a line of LEN points in local memory: butterfly j reads
 * x[j + r LEN/R], multiplies by w^(r k) with k = j mod nsl and w = exp(-+ 2 pi i / (nsl R)), does an
 * R-point DFT in registers and writes y[(j / nsl) nsl R + k + r nsl]. Every thread of the group
 * calls it (it holds barriers); u is the thread's index within its line.
 */
#define DEFINE_STAGE(R)                                                                      \
inline void stage##R(__local real2* line, int u, int nsl, int inv, real sc,                 \
                     __global const real2* tw) {                                            \
    const int nb = LEN / (R);                                                               \
    real2 v[CNT(R)][R];                                                                     \
    barrier(CLK_LOCAL_MEM_FENCE);                                                           \
    for (int c = 0; c < CNT(R); c++) {                                                      \
        int j = u + c * TPL;                                                                \
        if (j < nb) {                                                                       \
            int step = (j % nsl) * (NAX / (nsl * (R)));                                     \
            v[c][0] = line[j] * sc;                                                         \
            for (int r = 1; r < (R); r++)                                                   \
                v[c][r] = cmul_dir(line[j + r * nb] * sc, tw[r * step], inv);               \
            dft##R(v[c], inv);                                                              \
        }                                                                                   \
    }                                                                                       \
    barrier(CLK_LOCAL_MEM_FENCE);                                                           \
    for (int c = 0; c < CNT(R); c++) {                                                      \
        int j = u + c * TPL;                                                                \
        if (j < nb) {                                                                       \
            int base = (j / nsl) * nsl * (R) + j % nsl;                                     \
            for (int r = 0; r < (R); r++) line[base + r * nsl] = v[c][r];                   \
        }                                                                                   \
    }                                                                                       \
}

#ifdef USE_R2
DEFINE_STAGE(2)
#endif
#ifdef USE_R3
DEFINE_STAGE(3)
#endif
#ifdef USE_R4
DEFINE_STAGE(4)
#endif
#ifdef USE_R5
DEFINE_STAGE(5)
#endif
#ifdef USE_R7
DEFINE_STAGE(7)
#endif
#ifdef USE_R8
DEFINE_STAGE(8)
#endif

#define STAGE_FN_(R) stage##R
#define STAGE_FN(R) STAGE_FN_(R)

/* The LEN-point transform of one line in local memory (1/LEN folded into the first stage). */
inline void line_fft(__local real2* line, int u, int inv, __global const real2* tw) {
    const real sc = inv ? (real)1 / (real)LEN : (real)1;
#if NRAD > 0
    STAGE_FN(RAD0)(line, u, NS0, inv, sc, tw);
#endif
#if NRAD > 1
    STAGE_FN(RAD1)(line, u, NS1, inv, 1, tw);
#endif
#if NRAD > 2
    STAGE_FN(RAD2)(line, u, NS2, inv, 1, tw);
#endif
#if NRAD > 3
    STAGE_FN(RAD3)(line, u, NS3, inv, 1, tw);
#endif
#if NRAD > 4
    STAGE_FN(RAD4)(line, u, NS4, inv, 1, tw);
#endif
#if NRAD > 5
    STAGE_FN(RAD5)(line, u, NS5, inv, 1, tw);
#endif
#if NRAD > 6
    STAGE_FN(RAD6)(line, u, NS6, inv, 1, tw);
#endif
#if NRAD > 7
    STAGE_FN(RAD7)(line, u, NS7, inv, 1, tw);
#endif
#if NRAD > 8
    STAGE_FN(RAD8)(line, u, NS8, inv, 1, tw);
#endif
#if NRAD > 9
    STAGE_FN(RAD9)(line, u, NS9, inv, 1, tw);
#endif
#if NRAD > 10
    STAGE_FN(RAD10)(line, u, NS10, inv, 1, tw);
#endif
#if NRAD > 11
    STAGE_FN(RAD11)(line, u, NS11, inv, 1, tw);
#endif
#if NRAD > 12
    STAGE_FN(RAD12)(line, u, NS12, inv, 1, tw);
#endif
#if NRAD > 13
    STAGE_FN(RAD13)(line, u, NS13, inv, 1, tw);
#endif
#if NRAD > 14
    STAGE_FN(RAD14)(line, u, NS14, inv, 1, tw);
#endif
#if NRAD > 15
    STAGE_FN(RAD15)(line, u, NS15, inv, 1, tw);
#endif
#if NRAD > 16
#error "more than 16 radix stages in one line"
#endif
}

/* Flat index of element r of line l, before (input) and after (output) this launch's FFT. */
inline int in_pos(int l, int r) {
    int a = l % STRIDE, q = l / STRIDE, j = q % NSUP, b = q / NSUP;
    return (b * NAX + j + r * NSUP) * STRIDE + a;
}

inline int out_pos(int l, int r) {
    int a = l % STRIDE, q = l / STRIDE, j = q % NSUP, b = q / NSUP;
    return (b * NAX + (j / NSB) * NSB * LEN + j % NSB + r * NSB) * STRIDE + a;
}

inline int has_fft(uint seq) {
    for (; seq != 0u; seq >>= 4) {
        uint op = seq & 15u;
        if (op == OP_FWD || op == OP_INV) return 1;
    }
    return 0;
}

/*
 * ops: a program of op codes (4 bits each, first in the lowest bits, see common.cl). Pointwise ops
 * before the first transform are applied as the lines are read, those after the last as they are
 * written, those between two transforms in local memory. A launch of a split axis (NSUP > 1 or
 * NSB > 1) carries exactly one transform. in == out is allowed only when NSUP == NSB == 1.
 */
__kernel __attribute__((reqd_work_group_size(B * TPL, 1, 1)))
void fft_lines(__global const real2* in, __global real2* out, __global const real2* restrict tw,
               __global const real2* restrict vphase, __global const real2* restrict kphase,
               const real kunit, const uint ops) {
    __local real2 buf[B * PITCH];
    const int lid = get_local_id(0);
    const int l0 = get_group_id(0) * B;

    uint pre = 0u, rest = ops;
    for (int shift = 0; (rest & 15u) >= OP_V; shift += 4, rest >>= 4) pre |= (rest & 15u) << shift;
    const int inv0 = (rest & 15u) == OP_INV;

    for (int idx = lid; idx < B * LEN; idx += B * TPL) {
#if LOAD_T_FAST
        int t = idx % B, r = idx / B;
#else
        int t = idx / LEN, r = idx % LEN;
#endif
        int l = l0 + t;
        if (l < LINES) {
            int p = in_pos(l, r);
            real2 x = apply_pointwise(in[p], pre, p, vphase, kphase, G0, G1, G2, STRIDE, NAX, kunit);
#if NSB > 1
            int k = (l / STRIDE) % NSUP % NSB;
            if (r > 0) x = cmul_dir(x, tw[r * k * (NAX / (NSB * LEN))], inv0);
#endif
            buf[t * PITCH + r] = x;
        }
    }

    const int t_own = lid / TPL, u_own = lid % TPL;
    int after = 0;
    while (rest != 0u) {
        uint op = rest & 15u;
        if (op == OP_FWD || op == OP_INV) {
            line_fft(buf + t_own * PITCH, u_own, op == OP_INV, tw);
            after = 1;
        } else if (has_fft(rest >> 4)) {
            barrier(CLK_LOCAL_MEM_FENCE);
            for (int idx = lid; idx < B * LEN; idx += B * TPL) {
                int t = idx / LEN, r = idx % LEN, l = l0 + t;
                if (l < LINES) {
                    int p = after ? out_pos(l, r) : in_pos(l, r);
                    buf[t * PITCH + r] = apply_pointwise(buf[t * PITCH + r], op, p, vphase, kphase,
                                                         G0, G1, G2, STRIDE, NAX, kunit);
                }
            }
        } else {
            break;
        }
        rest >>= 4;
    }
    barrier(CLK_LOCAL_MEM_FENCE);

    for (int idx = lid; idx < B * LEN; idx += B * TPL) {
#if STORE_T_FAST
        int t = idx % B, r = idx / B;
#else
        int t = idx / LEN, r = idx % LEN;
#endif
        int l = l0 + t;
        if (l < LINES) {
            int p = out_pos(l, r);
            out[p] = apply_pointwise(buf[t * PITCH + r], rest, p, vphase, kphase, G0, G1, G2, STRIDE, NAX, kunit);
        }
    }
}
