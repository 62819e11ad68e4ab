package io.psiflux.backend.opencl;

/**
 * The op codes of a fused pass, as kernels/common.cl defines them (OP_*). A launch carries up to
 * {@link #MAX_PER_LAUNCH} of them packed 4 bits each, the first in the lowest bits.
 */
enum Op {
    /** Forward FFT along the launch's axis, {@code sum_x psi e^{-ikx}}. */
    FWD(1),
    /** Inverse FFT along the launch's axis, with 1/n. */
    INV(2),
    /** Multiply by the potential phase table (a potential half step inside strang), and the nonlinear factor. */
    V(3),
    /** Multiply by the square of the potential phase table (two merged half steps). */
    V2(4),
    /** Multiply by the kinetic phase: the product of the per-axis factors of the prepared phases. */
    K(5),
    /** Multiply by {@code i k_d} along the launch's axis (spectral derivative, k from Axis.kDerivative). */
    GRAD(6),
    /** The kinetic factor of one axis with a field or rotation: per (k, line), from the bound axis tables. */
    AXIS(7),
    /** The energy of one axis, E_d(k, line) from the bound tables: a term of H psi (kernels/common.cl axis_energy). */
    HAXIS(8),
    /** {@link #V} with the table in lifting form (a pure rotation, kernels/potential.cl): bound in place of V by Launcher.bindLifted. */
    VL(9),
    /** {@link #V2} with the table in lifting form. */
    VL2(10),
    /** {@link #AXIS} applied as a rotation (pure-phase tables, real time): bound in place of AXIS by Launcher.bindAxis. */
    AXISL(11);

    static final int MAX_PER_LAUNCH = 8;

    final int code;

    Op(int code) {
        this.code = code;
    }

    boolean isFft() {
        return this == FWD || this == INV;
    }

    /** Packs ops into the kernel's 32-bit program word. */
    static int pack(java.util.List<Op> ops) {
        if (ops.size() > MAX_PER_LAUNCH) throw new IllegalArgumentException("too many ops in one launch: " + ops);
        int word = 0;
        for (int i = 0; i < ops.size(); i++) word |= ops.get(i).code << (4 * i);
        return word;
    }
}
