package io.psiflux.backend.opencl;

import io.psiflux.backend.AxisPhases;
import io.psiflux.field.Complex;
import java.util.function.Consumer;
import org.jocl.cl_mem;

/**
 * A prepared axis step of the OpenCL backend: the axis, gamma, and on the device its k table and
 * the per-line shift and factor tables (see Hamiltonian.lineShift and lineFactors). Closing hands
 * them back to the backend that made them.
 */
final class ClAxisPhases implements AxisPhases {
    final int axis;
    final Complex gamma;
    final cl_mem ktable, shift, factor;
    final long kb, sb, fb;
    /** Every factor a pure phase (see OpenClBackend.unitary): the step runs as a rotation (OP_AXISL). */
    final boolean unitary;
    private final Consumer<ClAxisPhases> release;

    ClAxisPhases(int axis, Complex gamma, cl_mem ktable, cl_mem shift, cl_mem factor, long kb, long sb, long fb,
                 boolean unitary, Consumer<ClAxisPhases> release) {
        this.unitary = unitary;
        this.axis = axis;
        this.gamma = gamma;
        this.ktable = ktable;
        this.shift = shift;
        this.factor = factor;
        this.kb = kb;
        this.sb = sb;
        this.fb = fb;
        this.release = release;
    }

    @Override
    public int axis() {
        return axis;
    }

    @Override
    public void close() {
        release.accept(this);
    }
}
