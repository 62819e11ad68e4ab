package io.psiflux.backend.opencl;

import io.psiflux.backend.DeviceBuffer;
import io.psiflux.backend.ParticleRule;
import io.psiflux.backend.Particles;
import io.psiflux.grid.Grid;
import java.util.function.Function;
import org.jocl.Pointer;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

import static org.jocl.CL.*;

/**
 * OpenCL {@link Particles}: the positions live on the device (hreal: double where the device has
 * it), and a step is one launch of {@code bohm_advance} (kernels/bohm.cl), a work-item per
 * particle reading psi where the step left it. Nothing comes back to the host until {@link #get}.
 */
final class ClParticles implements Particles {
    /** Parameters of bohm.cl: min, dx, length (3 each), scale, D (9), rho_min, cfl, dx_min. */
    private static final int PARAMETERS = 22;

    private final ClContext cl;
    private final Grid grid;
    private final int count;
    private final int rank;
    private final int maxSub;
    private final cl_kernel kernel;
    private final cl_mem pos;
    private final cl_mem prm;
    private final long posBytes;
    private final Function<DeviceBuffer, cl_mem> mem;
    private boolean closed;

    ClParticles(ClContext cl, Grid grid, int count, ParticleRule rule, Function<DeviceBuffer, cl_mem> mem) {
        this.cl = cl;
        this.grid = grid;
        this.count = count;
        this.rank = grid.rank();
        this.maxSub = rule.maxSubsteps();
        this.mem = mem;
        cl_program program = cl.program("", "common.cl", "bohm.cl");
        this.kernel = cl.kernel(program, "bohm_advance");
        this.posBytes = (long) Math.max(1, count * rank) * cl.partialBytes();
        this.pos = cl.buffer(posBytes);
        double[] p = new double[PARAMETERS];
        double dxMin = Double.POSITIVE_INFINITY;
        for (int d = 0; d < 3; d++) {
            p[d] = grid.axis(d).min();
            p[3 + d] = grid.axis(d).dx();
            p[6 + d] = grid.axis(d).length();
            if (d < rank) dxMin = Math.min(dxMin, grid.axis(d).dx());
            for (int e = 0; e < 3; e++) p[10 + 3 * d + e] = rule.drift(d, e);
        }
        p[9] = rule.scale();
        p[19] = rule.rhoMin();
        p[20] = rule.cfl();
        p[21] = dxMin;
        this.prm = cl.buffer((long) PARAMETERS * cl.partialBytes());
        writeHreal(prm, p);
    }

    private void writeHreal(cl_mem m, double[] values) {
        if (cl.fp64) {
            clEnqueueWriteBuffer(cl.queue, m, CL_TRUE, 0, 8L * values.length, Pointer.to(values), 0, null, null);
        } else {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
            clEnqueueWriteBuffer(cl.queue, m, CL_TRUE, 0, 4L * f.length, Pointer.to(f), 0, null, null);
        }
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public void set(double[] positions) {
        check();
        if (count * rank > 0) writeHreal(pos, java.util.Arrays.copyOf(positions, count * rank));
    }

    @Override
    public void get(double[] out) {
        check();
        int n = count * rank;
        if (n == 0) return;
        if (cl.fp64) {
            clEnqueueReadBuffer(cl.queue, pos, CL_TRUE, 0, 8L * n, Pointer.to(out), 0, null, null);
        } else {
            float[] f = new float[n];
            clEnqueueReadBuffer(cl.queue, pos, CL_TRUE, 0, 4L * n, Pointer.to(f), 0, null, null);
            for (int i = 0; i < n; i++) out[i] = f[i];
        }
    }

    @Override
    public void advance(DeviceBuffer before, DeviceBuffer after, double dt) {
        check();
        if (count == 0) return;
        OpenCl.arg(kernel, 0, pos);
        OpenCl.arg(kernel, 1, mem.apply(before));
        OpenCl.arg(kernel, 2, mem.apply(after));
        OpenCl.arg(kernel, 3, prm);
        OpenCl.arg(kernel, 4, grid.n(0));
        OpenCl.arg(kernel, 5, grid.n(1));
        OpenCl.arg(kernel, 6, grid.n(2));
        OpenCl.arg(kernel, 7, rank);
        OpenCl.arg(kernel, 8, count);
        OpenCl.arg(kernel, 9, maxSub);
        OpenCl.arg(kernel, 10, dt, cl.fp64);
        cl.pointwise(kernel, count);
    }

    private void check() {
        if (closed || cl.closed()) throw new IllegalStateException("the particles' OpenCL backend is closed");
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (cl.closed()) return;
        cl.release(pos, posBytes);
        cl.release(prm, (long) PARAMETERS * cl.partialBytes());
        cl.releaseKernel(kernel);
    }
}
