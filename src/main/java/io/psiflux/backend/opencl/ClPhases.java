package io.psiflux.backend.opencl;

import io.psiflux.backend.Phases;
import io.psiflux.field.Complex;
import java.util.function.Consumer;
import org.jocl.cl_mem;

/**
 * Prepared phases of the OpenCL backend: the potential coefficient, the kinetic factors of the
 * three axes on the device, and c g, the coefficient of the nonlinear factor exp(c g |psi|^2).
 * Closing hands them back to the backend that made them.
 */
final class ClPhases implements Phases {
    final Complex coefficient;
    final cl_mem ktable;
    final long bytes;
    final Complex nonlinear;
    private final Consumer<ClPhases> release;

    ClPhases(Complex coefficient, cl_mem ktable, long bytes, Complex nonlinear, Consumer<ClPhases> release) {
        this.coefficient = coefficient;
        this.ktable = ktable;
        this.bytes = bytes;
        this.nonlinear = nonlinear;
        this.release = release;
    }

    @Override
    public Complex potentialCoefficient() {
        return coefficient;
    }

    @Override
    public void close() {
        release.accept(this);
    }
}
