/*
 * potential.cl: V(x, y, z, t) at every grid point, for a potential given as an expression, and
 * the potential phase table exp(c U) of the complex potential U = V - i W.
 *
 * potential_expression needs POTENTIAL_BODY and POTENTIAL defined before this file. The Java side
 * (ClPotential) places them there, written by ExprC from the physics layer's tree as flat code,
 * one assignment per operation into a few reused temporaries (a nested expression of a few
 * hundred terms crashed compilers), e.g. for 0.5*x^2 + sin(t)*x:
 *   #define POTENTIAL_BODY \
 *       hreal r0, r1; \
 *       r0 = pown(x, 2); \
 *       r0 = 0.5 * r0; \
 *       r1 = sin(t); \
 *       r1 = r1 * x; \
 *       r0 = r0 + r1;
 *   #define POTENTIAL r0
 * POTENTIAL_BODY declares and computes the temporaries from the variables x, y, z and t declared
 * here; POTENTIAL names the one that holds V (or is a variable or literal, with an empty body).
 * V is computed in the highest precision available (hreal; a device without fp64 builds with
 * -cl-single-precision-constant), then rounded to the storage precision, as a host-sampled V
 * would be. Contraction into fused multiply-adds is off so that x_i = min + i dx matches the
 * host's Axis.x(i) exactly. Layout and precision types as in common.cl.
 */
#pragma OPENCL FP_CONTRACT OFF

/*
 * table[p] = exp(c U) with U = V - i W and c = cre + i cim (the Hamiltonian gives c = -i tau / hbar
 * for a step tau): c U = (cre V + cim W) + i (cim V - cre W). The argument is evaluated in hreal
 * (double where the device has it, so a single precision table is correctly rounded). The one
 * place the OpenCL backend exponentiates the potential.
 */
/*
 * With lifted set (real time without an absorber: cre = 0, no W, the factor a pure rotation) the
 * table holds the rotation by half the angle in lifting form instead (see lift in common.cl):
 * (p, s) = (-tan(phi/4), sin(phi/2)) with phi = cim V reduced to [-pi, pi], so |phi/2| <= pi/2;
 * OP_VL lifts twice, OP_VL2 (two merged half steps) four times. Each shear has determinant exactly
 * one, so in single precision the rounded table turns the data without changing its norm; the
 * rounded (cos, sin) pair scaled each point by its modulus every step, which on coarse grids did
 * not average out (docs/benchmarks.md, "Single precision that keeps its norm").
 */
__kernel void potential_table(__global real2* restrict table, __global const real* restrict v,
                              __global const real* restrict w, const int has_w,
                              const hreal cre, const hreal cim, const int n, const int lifted) {
    int p = get_global_id(0);
    if (p >= n) return;
    hreal vp = v[p], wp = has_w ? (hreal)w[p] : (hreal)0;
    if (lifted) {
        hreal hang = remainder(cim * vp, (hreal)6.283185307179586) / (hreal)2;
        table[p] = (real2)((real)(-tan(hang / (hreal)2)), (real)sin(hang));
        return;
    }
    hreal mag = exp(cre * vp + cim * wp);
    hreal ang = cim * vp - cre * wp;
    hreal c, s = sincos(ang, &c);
    table[p] = (real2)((real)(mag * c), (real)(mag * s));
}

#ifdef POTENTIAL
/*
 * With CELL_SAMPLES_0..2 defined (potential.sampling = "cell"), V at a point is the average of the
 * expression over its cell: the midpoint rule with CELL_SAMPLES_d sub-samples along axis d at
 * offsets dx ((s + 1/2) / M - 1/2), summed x slowest and divided by their number, in the same
 * order and arithmetic as the host (physics.Sampling), so the two agree to the last bits of the
 * functions themselves.
 */
__kernel void potential_expression(__global real* restrict out, const hreal t_now,
                                   const hreal min0, const hreal dx0, const hreal min1, const hreal dx1,
                                   const hreal min2, const hreal dx2, const int n1, const int n2, const int n) {
    int p = get_global_id(0);
    if (p >= n) return;
    int i = p / (n1 * n2), j = (p / n2) % n1, k = p % n2;
    const hreal t = t_now;
#ifdef CELL_SAMPLES_0
    const hreal xc = min0 + (hreal)i * dx0;
    const hreal yc = min1 + (hreal)j * dx1;
    const hreal zc = min2 + (hreal)k * dx2;
    hreal sum = 0;
    for (int a = 0; a < CELL_SAMPLES_0; a++) {
        const hreal x = xc + dx0 * (((hreal)a + (hreal)0.5) / (hreal)CELL_SAMPLES_0 - (hreal)0.5);
        for (int b = 0; b < CELL_SAMPLES_1; b++) {
            const hreal y = yc + dx1 * (((hreal)b + (hreal)0.5) / (hreal)CELL_SAMPLES_1 - (hreal)0.5);
            for (int c = 0; c < CELL_SAMPLES_2; c++) {
                const hreal z = zc + dx2 * (((hreal)c + (hreal)0.5) / (hreal)CELL_SAMPLES_2 - (hreal)0.5);
                POTENTIAL_BODY
                sum += POTENTIAL;
            }
        }
    }
    out[p] = (real)(sum / (hreal)(CELL_SAMPLES_0 * CELL_SAMPLES_1 * CELL_SAMPLES_2));
#else
    const hreal x = min0 + (hreal)i * dx0;
    const hreal y = min1 + (hreal)j * dx1;
    const hreal z = min2 + (hreal)k * dx2;
    POTENTIAL_BODY
    out[p] = (real)(POTENTIAL);
#endif
}
#endif
