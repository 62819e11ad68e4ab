/*
 * common.cl: precision types and complex arithmetic shared by every psiflux kernel.
 *
 * The Java side prepends this file to fft.cl, pointwise.cl and reduce.cl and chooses the precision
 * with build options, so one source serves both:
 *   -DPSI_DOUBLE   the wavefunction is double / double2 (needs cl_khr_fp64); otherwise float / float2
 *   -DHAVE_FP64    the device has cl_khr_fp64: reductions and phase arguments use double even when
 *                  the wavefunction is single precision ("hreal", the highest precision available)
 * Complex numbers are real2 with .x the real and .y the imaginary part, the layout of
 * io.psiflux.field.ComplexField (interleaved re, im in C order, x slowest).
 * ("half" is a reserved word in OpenCL C, so no identifier here is called that.)
 */
#if defined(PSI_DOUBLE) || defined(HAVE_FP64)
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

#ifdef PSI_DOUBLE
typedef double real;
typedef double2 real2;
#else
typedef float real;
typedef float2 real2;
#endif

#ifdef HAVE_FP64
typedef double hreal;
#else
typedef float hreal;
#endif

/* Pointwise op codes of the fused line kernel and of apply_ops; io.psiflux.backend.opencl.Op mirrors them. */
#define OP_END  0
#define OP_FWD  1   /* forward FFT along the launch's axis (sum x e^{-ikx}) */
#define OP_INV  2   /* inverse FFT along the launch's axis, including 1/n */
#define OP_V    3   /* multiply by the potential phase table */
#define OP_V2   4   /* multiply by the square of the potential phase table (two merged half steps) */
#define OP_K    5   /* multiply by the kinetic phase, three per-axis rotations (see apply_pointwise) */
#define OP_GRAD 6   /* multiply by i k along the launch's axis (spectral derivative, Nyquist bin 0) */
#define OP_AXIS 7   /* the kinetic phase of one axis with a field or rotation (see axis_factor) */
#define OP_HAXIS 8  /* the energy of one axis, E_d(k, l) (see axis_energy): a term of H psi */
#define OP_VL   9   /* OP_V with the table in lifting form (a pure rotation; see potential_table) */
#define OP_VL2  10  /* OP_V2 with the table in lifting form */
#define OP_AXISL 11 /* OP_AXIS when its factors are pure phases (real time): applied as a rotation (axis_rotate) */

/* a * b, with fused multiply-adds: one rounding fewer per part, and native on GPUs. */
inline real2 cmul(real2 a, real2 b) {
    return (real2)(fma(a.x, b.x, -a.y * b.y), fma(a.x, b.y, a.y * b.x));
}

/* a * conj(b) when conj is set, a * b otherwise: inverse transforms use conjugate twiddles. */
inline real2 cmul_dir(real2 a, real2 b, int conj) {
    real by = conj ? -b.y : b.y;
    return (real2)(fma(a.x, b.x, -a.y * by), fma(a.x, by, a.y * b.x));
}

/*
 * a e^{i phi} as three shears, the lifting form of io.psiflux.backend.Lifting: ps = (p, s) =
 * (-tan(phi/2), sin(phi)), |phi| <= pi/2. Each shear has determinant exactly one whatever p and s
 * round to, so in single precision the rounded rotation does not bias the norm, as a complex
 * product with a rounded cos and sin does (their modulus is not one).
 */
inline real2 lift(real2 a, real2 ps) {
    a.x = fma(ps.x, a.y, a.x);
    a.y = fma(ps.y, a.x, a.y);
    a.x = fma(ps.x, a.y, a.x);
    return a;
}

/* i * a */
inline real2 cmul_i(real2 a) {
    return (real2)(-a.y, a.x);
}

/* Signed frequency index of FFT bin m of n (numpy fftfreq order). */
inline int fft_freq(int m, int n) {
    return m < (n + 1) / 2 ? m : m - n;
}

/*
 * The frequency index used for first derivatives and momentum (Axis.kDerivative): fft_freq, but 0
 * at the Nyquist bin of an even axis, whose sign is ambiguous; so a real field's derivative stays
 * real and a real state carries no current.
 */
inline int deriv_freq(int m, int n) {
    return (n % 2 == 0 && m == n / 2) ? 0 : fft_freq(m, n);
}

/*
 * The Gross-Pitaevskii factor of a potential half step: x exp(times nl |x|^2), nl = c g with c the
 * potential coefficient (the phase of U is exp(c U)); |x|^2 is taken at the moment of the multiply.
 * A no-op when nl = 0.
 */
inline real2 nonlinear(real2 x, real2 nl, real times) {
    if (nl.x == (real)0 && nl.y == (real)0) return x;
    real r2 = times * (x.x * x.x + x.y * x.y);
    real mag = exp(nl.x * r2), c, s = sincos(nl.y * r2, &c);
    return cmul(x, (real2)(mag * c, mag * s));
}

/*
 * The kinetic factor of element m of line l along an axis with a field or a rotation (the
 * Hamiltonian's axis step): kaxis[m] exp(gam k lshift[l]) lfactor[l], k = kunit deriv_freq(m, nax),
 * i.e. exp(-i tau (hbar^2 k^2 / 2m - hbar k a + b) / hbar) with a = lshift[l] the drift and
 * lfactor[l] = exp(-i tau b / hbar), gam = i tau.
 */
inline real2 axis_factor(int m, int nax, int l, real kunit, __global const real2* kaxis,
                         __global const real* lshift, __global const real2* lfactor, real2 gam) {
    real ka = kunit * (real)deriv_freq(m, nax) * lshift[l];
    real mag = exp(gam.x * ka), c, s = sincos(gam.y * ka, &c);
    return cmul(cmul(kaxis[m], (real2)(mag * c, mag * s)), lfactor[l]);
}

/*
 * x times an axis factor f (axis_factor) that is a pure phase (real time: the host binds OP_AXISL
 * for OP_AXIS when every table entry has modulus one). Made of rounded phases, f is off modulus one
 * by a few ulp, the same way at every step: as a complex product it biased the norm in single
 * precision (-1.6e-8 per step in 2D, +2.5e-8 in 3D with a field and a rotation). Here quarter turns
 * (exact) bring f to |arg f| <= pi/4, then lift() turns x by the angle of f / |f| with shears of
 * determinant one.
 */
inline real2 axis_rotate(real2 x, real2 f) {
    if (fabs(f.y) > fabs(f.x)) {
        if (f.y > 0) {
            x = cmul_i(x);
            f = (real2)(f.y, -f.x);
        } else {
            x = -cmul_i(x);
            f = (real2)(-f.y, f.x);
        }
    } else if (f.x < 0) {
        x = -x;
        f = -f;
    }
    real r = rsqrt(fma(f.x, f.x, f.y * f.y)), c = f.x * r, s = f.y * r;
    return lift(x, (real2)(-s / (1 + c), s));
}

/*
 * The energy of element m of line l along an axis (io.psiflux.backend.Energies):
 * E_d = kaxis[m] + gam kappa lshift[l] + lfactor[l], kappa = kunit deriv_freq(m, nax); with the
 * Hamiltonian's tables kaxis = hbar^2 k^2 / 2m, gam = -hbar, lshift = a (the drift), lfactor = b,
 * i.e. hbar^2 k^2 / 2m - hbar k a + b (imaginary parts zero).
 */
inline real2 axis_energy(int m, int nax, int l, real kunit, __global const real2* kaxis,
                         __global const real* lshift, __global const real2* lfactor, real2 gam) {
    real ka = kunit * (real)deriv_freq(m, nax) * lshift[l];
    return kaxis[m] + gam * ka + lfactor[l];
}

/*
 * The pointwise factors a fused pass can apply, for the element at flat index p of a g0 x g1 x g2
 * grid. seq holds op codes, 4 bits each, the first in the lowest bits; OP_GRAD and OP_AXIS act
 * along the axis with the given stride and length, kunit = 2 pi / L being its wavenumber spacing
 * (the Nyquist bin of an even axis gets 0, see deriv_freq), koff the offset of its factors in kphase.
 *   vphase: the potential phase exp(c (V - iW)) per point (see potential_table), with the
 *           nonlinear factor of nl (see nonlinear);
 *   kphase: the kinetic factors of axis 0 (g0 entries), then axis 1 (g1), then axis 2 (g2), whose
 *           product is the kinetic phase of a momentum-space point (from the Hamiltonian), for OP_K
 *           in lifting form: (p, s) of the g0 + g1 + g2 entries (see lift), then (g, 0) of the
 *           same entries, g the modulus with the sign of a turn by pi (Lifting.g, exactly +-1 in
 *           real time); for OP_AXIS as complex numbers;
 *   lshift, lfactor, gam: the axis step's per-line tables (see axis_factor).
 */
inline real2 apply_pointwise(real2 x, uint seq, int p,
                             __global const real2* vphase, __global const real2* kphase,
                             int g0, int g1, int g2, int stride, int nax, real kunit, int koff, real2 nl,
                             __global const real* lshift, __global const real2* lfactor, real2 gam) {
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
            int i0 = p / (g1 * g2), i1 = (p / g2) % g1, i2 = p % g2, nt = g0 + g1 + g2;
            x = lift(lift(lift(x, kphase[i0]), kphase[g0 + i1]), kphase[g0 + g1 + i2]);
            x *= kphase[nt + i0].x * kphase[nt + g0 + i1].x * kphase[nt + g0 + g1 + i2].x;
        } else if (op == OP_GRAD) {
            int m = (p / stride) % nax;
            x = cmul_i(x) * (kunit * (real)deriv_freq(m, nax));
        } else if (op == OP_AXIS || op == OP_AXISL) {
            int m = (p / stride) % nax, l = (p / (stride * nax)) * stride + p % stride;
            real2 f = axis_factor(m, nax, l, kunit, kphase + koff, lshift, lfactor, gam);
            x = op == OP_AXISL ? axis_rotate(x, f) : cmul(x, f);
        } else if (op == OP_HAXIS) {
            int m = (p / stride) % nax, l = (p / (stride * nax)) * stride + p % stride;
            x = cmul(x, axis_energy(m, nax, l, kunit, kphase + koff, lshift, lfactor, gam));
        }
    }
    return x;
}
