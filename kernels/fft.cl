/*
 * fft.cl: the fused line kernel, a batch of complex FFTs along one axis of a 3-axis grid, with
 * pointwise phase multiplies applied on the way in, on the way out or between two transforms.
 *
 * The grid is viewed along the launch's axis as (before, NAX, stride): element m of the line
 * (b, a) sits at flat index (b * NAX + m) * stride + a. An axis whose NAX points fit in local
 * memory is transformed in one launch (LEN = NAX, in place, one global read and write). A longer
 * axis is split into super-stages of a Stockham autosort FFT with LEN-point "radices"
 * (NAX = LEN_0 * LEN_1 * ...); the launch for one super-stage then reads NSUP = NAX / LEN strided
 * sub-lines of its input, multiplies by the inter-stage twiddles (NSB = product of the earlier
 * LENs) and writes, out of place, to the Stockham output positions.
 *
 * Inside local memory each LEN-point transform is itself a Stockham FFT whose stages are radix
 * RAD0, RAD1, ... (2, 3, 4, 5, 7 or 8) butterflies held in registers; NS<i> is the product of the
 * radices before stage i. Twiddles exp(-2 pi i m / NAX), m < NAX, are rotations in lifting form
 * (see twiddle and lift): a table of shear coefficients computed on the host in double and
 * rounded once to the storage precision, and exact quarter turns; inverse transforms conjugate
 * them. So are the 45-degree rotations inside dft8: in single precision a complex product with a
 * rounded cos and sin would lose norm (Launcher.twiddleTable says how much).
 * Forward is sum_x psi(x) e^{-ikx} unnormalised; inverse includes 1/LEN per launch (1/NAX in all).
 *
 * Compile-time defines (see FftPlan.Pass#defines) fix the line geometry only: LEN NAX NSUP NSB B
 * TPL PITCH NRAD RAD<i> NS<i>, and USE_R<r> for each radix r in use; the grid's layout comes as
 * kernel arguments, so one build serves every axis and grid with the same geometry. A work-group
 * of B * TPL items holds B lines, TPL items per line.
 */

#define RC(x) RC_(x)
#ifdef PSI_DOUBLE
#define RC_(x) ((real)x)
#else
#define RC_(x) x##f
#endif

/*
 * a exp(-+ 2 pi i m / NAX) (- forward, + inverse): (-i)^q exp(i phi) with q the nearest quarter
 * turn, q = ((8 m + NAX) / (2 NAX)) mod 4 as in io.psiflux.backend.Lifting.twiddle, the quarter
 * turn exact and exp(i phi) three shears with tw[m] = (p, s); the inverse turns the other way.
 */
inline real2 twiddle(real2 a, __global const real2* tw, int m, int inv) {
    int q = ((8 * m + NAX) / (2 * NAX)) & 3;
    if (inv) q = (4 - q) & 3;
    if (q & 1) a = (real2)(a.y, -a.x);
    if (q & 2) a = -a;
    real2 ps = tw[m];
    return lift(a, inv ? -ps : ps);
}

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
    const real h = RC(0.7071067811865476), t8 = RC(0.41421356237309503);  /* sin, tan(pi/8) */
    real2 e[4] = {v[0], v[2], v[4], v[6]};
    real2 o[4] = {v[1], v[3], v[5], v[7]};
    dft4(e, inv);
    dft4(o, inv);
    /* w = exp(s i pi / 4): w^1 = lifted, w^2 = s i, w^3 = s i w^1 (see twiddle) */
    const real2 w1 = inv ? (real2)(-t8, h) : (real2)(t8, -h);
    real2 o1 = lift(o[1], w1);
    real2 o2 = rot(o[2], inv);
    real2 o3 = lift(rot(o[3], inv), w1);
    v[0] = e[0] + o[0];
    v[4] = e[0] - o[0];
    v[1] = e[1] + o1;
    v[5] = e[1] - o1;
    v[2] = e[2] + o2;
    v[6] = e[2] - o2;
    v[3] = e[3] + o3;
    v[7] = e[3] - o3;
}

/*
 * Local memory is skewed: logical index i lives at LI(i) = i + (i >> LSKEW), one spare slot per
 * 2^LSKEW elements (one 128-byte row of banks), so the strided writes of a Stockham stage
 * (y[j R + r] for neighbouring j) fall into different banks instead of 8 to 16 onto one.
 */
#ifdef PSI_DOUBLE
#define LSKEW 3
#else
#define LSKEW 4
#endif
#define LI(i) ((i) + ((i) >> LSKEW))
#define LOCAL_SIZE (B * PITCH + ((B * PITCH) >> LSKEW) + 1)

/* Butterflies per thread in a radix-R stage (at least 1 so that arrays are never empty). */
#define CNT(R) (((LEN / (R)) + TPL - 1) / TPL > 0 ? ((LEN / (R)) + TPL - 1) / TPL : 1)

/*
 * One radix-R Stockham stage on a line of LEN points in local memory: butterfly j reads
 * x[j + r LEN/R], multiplies by w^(r k) with k = j mod nsl and w = exp(-+ 2 pi i / (nsl R)), does an
 * R-point DFT in registers and writes y[(j / nsl) nsl R + k + r nsl]. Every thread of the group
 * calls it (it holds barriers); u is the thread's index within its line.
 */
#define DEFINE_STAGE(R)                                                                      \
inline void stage##R(__local real2* buf, int line, int u, int nsl, int inv, real sc,        \
                     __global const real2* tw) {                                            \
    const int nb = LEN / (R);                                                               \
    real2 v[CNT(R)][R];                                                                     \
    barrier(CLK_LOCAL_MEM_FENCE);                                                           \
    for (int c = 0; c < CNT(R); c++) {                                                      \
        int j = u + c * TPL;                                                                \
        if (j < nb) {                                                                       \
            int step = (j % nsl) * (NAX / (nsl * (R)));                                     \
            v[c][0] = buf[LI(line + j)] * sc;                                               \
            for (int r = 1; r < (R); r++)                                                   \
                v[c][r] = twiddle(buf[LI(line + j + r * nb)] * sc, tw, r * step, inv);      \
            dft##R(v[c], inv);                                                              \
        }                                                                                   \
    }                                                                                       \
    barrier(CLK_LOCAL_MEM_FENCE);                                                           \
    for (int c = 0; c < CNT(R); c++) {                                                      \
        int j = u + c * TPL;                                                                \
        if (j < nb) {                                                                       \
            int base = (j / nsl) * nsl * (R) + j % nsl;                                     \
            for (int r = 0; r < (R); r++) buf[LI(line + base + r * nsl)] = v[c][r];         \
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

/* The LEN-point transform of the line starting at logical local index line (1/LEN in the first stage). */
inline void line_fft(__local real2* buf, int line, int u, int inv, __global const real2* tw) {
    const real sc = inv ? (real)1 / (real)LEN : (real)1;
#if NRAD > 0
    STAGE_FN(RAD0)(buf, line, u, NS0, inv, sc, tw);
#endif
#if NRAD > 1
    STAGE_FN(RAD1)(buf, line, u, NS1, inv, 1, tw);
#endif
#if NRAD > 2
    STAGE_FN(RAD2)(buf, line, u, NS2, inv, 1, tw);
#endif
#if NRAD > 3
    STAGE_FN(RAD3)(buf, line, u, NS3, inv, 1, tw);
#endif
#if NRAD > 4
    STAGE_FN(RAD4)(buf, line, u, NS4, inv, 1, tw);
#endif
#if NRAD > 5
    STAGE_FN(RAD5)(buf, line, u, NS5, inv, 1, tw);
#endif
#if NRAD > 6
    STAGE_FN(RAD6)(buf, line, u, NS6, inv, 1, tw);
#endif
#if NRAD > 7
    STAGE_FN(RAD7)(buf, line, u, NS7, inv, 1, tw);
#endif
#if NRAD > 8
    STAGE_FN(RAD8)(buf, line, u, NS8, inv, 1, tw);
#endif
#if NRAD > 9
    STAGE_FN(RAD9)(buf, line, u, NS9, inv, 1, tw);
#endif
#if NRAD > 10
    STAGE_FN(RAD10)(buf, line, u, NS10, inv, 1, tw);
#endif
#if NRAD > 11
    STAGE_FN(RAD11)(buf, line, u, NS11, inv, 1, tw);
#endif
#if NRAD > 12
    STAGE_FN(RAD12)(buf, line, u, NS12, inv, 1, tw);
#endif
#if NRAD > 13
    STAGE_FN(RAD13)(buf, line, u, NS13, inv, 1, tw);
#endif
#if NRAD > 14
    STAGE_FN(RAD14)(buf, line, u, NS14, inv, 1, tw);
#endif
#if NRAD > 15
    STAGE_FN(RAD15)(buf, line, u, NS15, inv, 1, tw);
#endif
#if NRAD > 16
#error "more than 16 radix stages in one line"
#endif
}

inline int has_fft(uint seq) {
    for (; seq != 0u; seq >>= 4) {
        uint op = seq & 15u;
        if (op == OP_FWD || op == OP_INV) return 1;
    }
    return 0;
}

/*
 * The pointwise ops of seq on element x at flat index p, index m along the launch's axis of the
 * given stride;
 * kaxis is this axis's kinetic table (kphase + koff), ea and eb the entries of the other two axes
 * for the element's line and kg the product of their g (see fft_lines and apply_pointwise for the
 * lifting form, nt = g0 + g1 + g2 entries); nl, lshift, lfactor, gam as in common.cl.
 */
inline real2 line_ops(real2 x, uint seq, int p, int m, int stride, __global const real2* kphase, int nt,
                      int ea, int eb, real kg, __global const real2* vphase,
                      __global const real2* kaxis, real kunit, real2 nl, __global const real* lshift,
                      __global const real2* lfactor, real2 gam) {
    while (seq != 0u) {
        uint op = seq & 15u;
        seq >>= 4;
        if (op == OP_V) {
            x = nonlinear(cmul(x, vphase[p]), nl, (real)1);
        } else if (op == OP_V2) {
            real2 f = vphase[p];
            x = nonlinear(cmul(x, cmul(f, f)), nl, (real)2);
        } else if (op == OP_VL) {
            real2 f = vphase[p];
            x = nonlinear(lift(lift(x, f), f), nl, (real)1);
        } else if (op == OP_VL2) {
            real2 f = vphase[p];
            x = nonlinear(lift(lift(lift(lift(x, f), f), f), f), nl, (real)2);
        } else if (op == OP_K) {
            x = lift(lift(lift(x, kaxis[m]), kphase[ea]), kphase[eb]) * (kaxis[nt + m].x * kg);
        } else if (op == OP_GRAD) {
            x = cmul_i(x) * (kunit * (real)deriv_freq(m, NAX));
        } else if (op == OP_AXIS || op == OP_AXISL) {
            int l = (p / (stride * NAX)) * stride + p % stride;  /* the line of the axis (Grid.lineStart order) */
            real2 f = axis_factor(m, NAX, l, kunit, kaxis, lshift, lfactor, gam);
            x = op == OP_AXISL ? axis_rotate(x, f) : cmul(x, f);
        } else if (op == OP_HAXIS) {
            int l = (p / (stride * NAX)) * stride + p % stride;
            x = cmul(x, axis_energy(m, NAX, l, kunit, kaxis, lshift, lfactor, gam));
        }
    }
    return x;
}

/*
 * ops: a program of op codes (4 bits each, first in the lowest bits, see common.cl). Pointwise ops
 * before the first transform are applied as the lines are read, those after the last as they are
 * written, those between two transforms in local memory. A launch of a split axis (NSUP > 1 or
 * NSB > 1) carries exactly one transform. in == out is allowed only when NSUP == NSB == 1.
 *
 * The grid's layout is given at run time, so one build serves every grid with this line geometry:
 * stride is the axis's stride (the product of the faster axes' lengths), lines = BEFORE * NSUP *
 * stride the number of LEN-point transforms, g0 g1 g2 the grid shape, koff the offset of this
 * axis's table in kphase. t_fast_in / t_fast_out: neighbouring lines are neighbours in memory on
 * input / output, so work-items spread over lines there (coalesced), otherwise along them.
 * The integer divisions by run-time values happen once per line, into local memory.
 */
__kernel __attribute__((reqd_work_group_size(B * TPL, 1, 1)))
void fft_lines(__global const real2* in, __global real2* out, __global const real2* restrict tw,
               __global const real2* restrict vphase, __global const real2* restrict kphase,
               const real kunit, const uint ops, const int stride, const int lines,
               const int g0, const int g1, const int g2, const int koff,
               const int t_fast_in, const int t_fast_out, const real nlr, const real nli,
               __global const real* restrict lshift, __global const real2* restrict lfactor,
               const real gre, const real gim) {
    __local real2 buf[LOCAL_SIZE];
    __local int base_in[B], base_out[B], m_in[B], m_out[B];
    __local int kea[B], keb[B];
    __local real kg[B];
    const int lid = get_local_id(0);
    const int l0 = get_group_id(0) * B;

    if (lid < B) {
        int l = min(l0 + lid, lines - 1);
        int a = l % stride, q = l / stride, j = q % NSUP, b = q / NSUP;
        int head = b * NAX * stride + a;  /* flat index of element 0 of this line of the axis */
        int mo = (j / NSB) * NSB * LEN + j % NSB;
        m_in[lid] = j;
        m_out[lid] = mo;
        base_in[lid] = head + j * stride;
        base_out[lid] = head + mo * stride;
        /* the kinetic table entries of the other two axes (koff tells this axis), and their g */
        int e0 = head / (g1 * g2), e1 = g0 + (head / g2) % g1, e2 = g0 + g1 + head % g2;
        int ea = koff == 0 ? e1 : e0, eb = koff == g0 + g1 ? e1 : e2;
        kea[lid] = ea;
        keb[lid] = eb;
        kg[lid] = kphase[g0 + g1 + g2 + ea].x * kphase[g0 + g1 + g2 + eb].x;
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    __global const real2* kaxis = kphase + koff;
    const int nt = g0 + g1 + g2;
    const real2 nl = (real2)(nlr, nli), gam = (real2)(gre, gim);

    uint pre = 0u, rest = ops;
    for (int shift = 0; (rest & 15u) >= OP_V; shift += 4, rest >>= 4) pre |= (rest & 15u) << shift;
    const int inv0 = (rest & 15u) == OP_INV;

    for (int idx = lid; idx < B * LEN; idx += B * TPL) {
        int t = t_fast_in ? idx % B : idx / LEN;
        int r = t_fast_in ? idx / B : idx % LEN;
        if (l0 + t < lines) {
            int p = base_in[t] + r * NSUP * stride, m = m_in[t] + r * NSUP;
            real2 x = line_ops(in[p], pre, p, m, stride, kphase, nt, kea[t], keb[t], kg[t], vphase, kaxis, kunit, nl, lshift, lfactor, gam);
#if NSB > 1
            int k = m_in[t] % NSB;
            if (r > 0) x = twiddle(x, tw, r * k * (NAX / (NSB * LEN)), inv0);
#endif
            buf[LI(t * PITCH + r)] = x;
        }
    }

    const int t_own = lid / TPL, u_own = lid % TPL;
    int after = 0;
    while (rest != 0u) {
        uint op = rest & 15u;
        if (op == OP_FWD || op == OP_INV) {
            line_fft(buf, t_own * PITCH, u_own, op == OP_INV, tw);
            after = 1;
        } else if (has_fft(rest >> 4)) {
            /* only between two transforms of a one-pass axis, where input and output order agree */
            barrier(CLK_LOCAL_MEM_FENCE);
            for (int idx = lid; idx < B * LEN; idx += B * TPL) {
                int t = idx / LEN, r = idx % LEN;
                if (l0 + t < lines) {
                    int p = base_in[t] + r * stride;
                    buf[LI(t * PITCH + r)] = line_ops(buf[LI(t * PITCH + r)], op, p, r, stride, kphase, nt, kea[t], keb[t], kg[t], vphase, kaxis, kunit,
                                                      nl, lshift, lfactor, gam);
                }
            }
        } else {
            break;
        }
        rest >>= 4;
    }
    barrier(CLK_LOCAL_MEM_FENCE);

    for (int idx = lid; idx < B * LEN; idx += B * TPL) {
        int t = t_fast_out ? idx % B : idx / LEN;
        int r = t_fast_out ? idx / B : idx % LEN;
        if (l0 + t < lines) {
            int p = base_out[t] + r * NSB * stride, m = m_out[t] + r * NSB;
            out[p] = line_ops(buf[LI(t * PITCH + r)], rest, p, m, stride, kphase, nt, kea[t], keb[t], kg[t], vphase, kaxis, kunit, nl, lshift, lfactor, gam);
        }
    }
}
