package io.psiflux.backend.opencl;

import io.psiflux.backend.DeviceBuffer;
import io.psiflux.backend.FluxPlanes;
import io.psiflux.backend.Sums;
import io.psiflux.field.Complex;
import io.psiflux.grid.Grid;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import org.jocl.Pointer;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

import static org.jocl.CL.*;

/**
 * Sums over the grid on the device (kernels/reduce.cl), two-stage: each work-group leaves partial
 * sums in hreal, one small blocking read brings them back, and the host adds them in double. The
 * raw sums of {@link Sums}, inner products, and the flux sums of planes. Host arrays for the
 * partials are allocated once.
 */
final class Reductions {
    /** Work-groups of a grid reduction, at most. */
    static final int GROUPS = 1024;
    /** Work-groups per flux plane, at most. */
    private static final int PLANE_GROUPS = 64;

    private final ClContext cl;
    private final Grid grid;
    private final Launcher launcher;
    private final int n;
    private final cl_mem partial;
    private final double[] hostD;
    private final float[] hostF;
    private final cl_kernel position, momentum, currentMoments, inner;
    /** The most sums one reduction makes (position_partial's twelve). */
    private static final int QUANTITIES = 12;
    private final Set<DevicePlanes> planes = new LinkedHashSet<>();

    Reductions(ClContext cl, Grid grid, Launcher launcher) {
        this.cl = cl;
        this.grid = grid;
        this.launcher = launcher;
        this.n = grid.points();
        this.partial = cl.buffer((long) QUANTITIES * GROUPS * cl.partialBytes());
        this.hostD = cl.fp64 ? new double[QUANTITIES * GROUPS] : null;
        this.hostF = cl.fp64 ? null : new float[QUANTITIES * GROUPS];
        cl_program generic = cl.program("-DRWG=" + cl.rwg, "common.cl", "pointwise.cl", "reduce.cl");
        this.position = cl.kernel(generic, "position_partial");
        this.momentum = cl.kernel(generic, "momentum_partial");
        this.currentMoments = cl.kernel(generic, "current_moments_partial");
        this.inner = cl.kernel(generic, "inner_partial");
    }

    /** Bytes on the device: the partials. */
    static long bytes() {
        return (long) QUANTITIES * GROUPS * 8;
    }

    /**
     * Position sums of psi, then its forward FFT into scratch and the momentum sums there; with
     * {@code mixed}, per declared axis its spectral derivative into scratch and the coordinate
     * moments of Im(psi* d psi). {@code v} is the real potential the potential sum weighs with.
     */
    Sums sums(cl_mem psi, cl_mem v, cl_mem scratch, cl_mem scratch2, boolean mixed) {
        int rank = grid.rank();
        double[] c = new double[3], s = new double[3], ks = new double[3];
        for (int d = 0; d < 3; d++) {
            c[d] = grid.n(d) > 1 ? grid.axis(d).min() : 0;
            s[d] = grid.n(d) > 1 ? grid.axis(d).dx() : 0;
            ks[d] = grid.n(d) > 1 ? 2 * Math.PI / grid.axis(d).length() : 0;
        }
        OpenCl.arg(position, 0, psi);
        OpenCl.arg(position, 1, v);
        for (int d = 0; d < 3; d++) OpenCl.arg(position, 2 + d, grid.n(d));
        for (int d = 0; d < 3; d++) OpenCl.arg(position, 5 + d, c[d], cl.fp64);
        for (int d = 0; d < 3; d++) OpenCl.arg(position, 8 + d, s[d], cl.fp64);
        OpenCl.arg(position, 11, partial);
        double[] pos = reduce(position, 12);
        launcher.execute(launcher.fftForward, psi, scratch, scratch2);
        OpenCl.arg(momentum, 0, scratch);
        for (int d = 0; d < 3; d++) OpenCl.arg(momentum, 1 + d, grid.n(d));
        for (int d = 0; d < 3; d++) OpenCl.arg(momentum, 4 + d, ks[d], cl.fp64);
        OpenCl.arg(momentum, 7, partial);
        double[] mom = reduce(momentum, 5);
        double[][] xj = new double[3][3];
        if (mixed && rank > 1) {
            OpenCl.arg(currentMoments, 0, psi);
            OpenCl.arg(currentMoments, 1, scratch);
            for (int d = 0; d < 3; d++) OpenCl.arg(currentMoments, 2 + d, grid.n(d));
            for (int d = 0; d < 3; d++) OpenCl.arg(currentMoments, 5 + d, c[d], cl.fp64);
            for (int d = 0; d < 3; d++) OpenCl.arg(currentMoments, 8 + d, s[d], cl.fp64);
            OpenCl.arg(currentMoments, 11, partial);
            for (int d = 0; d < rank; d++) {
                launcher.execute(launcher.gradient.get(d), psi, scratch, scratch2);
                double[] m = reduce(currentMoments, 3);
                for (int e = 0; e < rank; e++) if (e != d) xj[e][d] = m[e];
            }
        }
        double[] xs = new double[rank], kk = new double[rank];
        for (int d = 0; d < rank; d++) {
            xs[d] = pos[1 + d];
            kk[d] = mom[1 + d];
        }
        double[][] xx = {{pos[6], pos[7], pos[8]}, {pos[7], pos[9], pos[10]}, {pos[8], pos[10], pos[11]}};
        return new Sums(pos[0], xs, pos[4], kk, mom[4], xx, xj, pos[5]);
    }

    /** {@code <a|b> = sum conj(a) b dV}. */
    Complex inner(cl_mem a, cl_mem b) {
        OpenCl.arg(inner, 0, a);
        OpenCl.arg(inner, 1, b);
        OpenCl.arg(inner, 2, n);
        OpenCl.arg(inner, 3, partial);
        double[] r = reduce(inner, 2);
        double dV = grid.dV();
        return new Complex(r[0] * dV, r[1] * dV);
    }

    /** Runs a partial-sum kernel over GROUPS groups at most and adds the partials in double. */
    private double[] reduce(cl_kernel k, int quantities) {
        int groups = (int) Math.max(1, Math.min(GROUPS, ((long) n + cl.rwg - 1) / cl.rwg));
        clEnqueueNDRangeKernel(cl.queue, k, 1, null, new long[] {(long) groups * cl.rwg}, new long[] {cl.rwg}, 0, null, null);
        int count = groups * quantities;
        double[] sum = new double[quantities];
        read(partial, count);
        for (int i = 0; i < count; i++) sum[i % quantities] += cl.fp64 ? hostD[i] : hostF[i];
        return sum;
    }

    private void read(cl_mem from, int count) {
        if (cl.fp64) clEnqueueReadBuffer(cl.queue, from, CL_TRUE, 0, 8L * count, Pointer.to(hostD), 0, null, null);
        else clEnqueueReadBuffer(cl.queue, from, CL_TRUE, 0, 4L * count, Pointer.to(hostF), 0, null, null);
    }

    /**
     * Flux sums through planes: per axis with planes, one fused [FFT, i k, IFFT] pass from psi
     * into scratch, then per plane a reduction of Im(psi* g) over its points only.
     *
     * @param own turns a caller's buffer into its memory, refusing one of another backend
     */
    FluxPlanes planes(int[] axes, int[] indices, Function<DeviceBuffer, cl_mem> own, cl_mem scratch, cl_mem scratch2) {
        FluxPlanes.check(grid, axes, indices);
        DevicePlanes p = new DevicePlanes(axes.clone(), indices.clone(), own, scratch, scratch2);
        planes.add(p);
        return p;
    }

    /** Closes every plane set still open (the backend is closing). */
    void close() {
        for (DevicePlanes p : planes.toArray(new DevicePlanes[0])) p.close();
    }

    private final class DevicePlanes implements FluxPlanes {
        final int[] axes, indices;
        final Function<DeviceBuffer, cl_mem> own;
        final cl_mem scratch, scratch2;
        final cl_kernel kernel;
        final cl_mem part;
        final long partBytes;
        final double[] hostPart;
        final float[] hostPartF;
        boolean released;

        DevicePlanes(int[] axes, int[] indices, Function<DeviceBuffer, cl_mem> own, cl_mem scratch, cl_mem scratch2) {
            this.axes = axes;
            this.indices = indices;
            this.own = own;
            this.scratch = scratch;
            this.scratch2 = scratch2;
            int count = Math.max(1, axes.length) * PLANE_GROUPS * FluxPlanes.SUMS;
            cl_program generic = cl.program("-DRWG=" + cl.rwg, "common.cl", "pointwise.cl", "reduce.cl");
            kernel = cl.kernel(generic, "plane_flux_partial");
            partBytes = (long) count * cl.partialBytes();
            part = cl.buffer(partBytes);
            hostPart = cl.fp64 ? new double[count] : null;
            hostPartF = cl.fp64 ? null : new float[count];
        }

        @Override
        public int count() {
            return axes.length;
        }

        @Override
        public void measure(DeviceBuffer psi, double[] out) {
            cl_mem x = own.apply(psi);
            if (released) throw new IllegalStateException("flux planes are closed");
            if (axes.length == 0) return;
            for (int d = 0; d < grid.rank(); d++) {
                boolean any = false;
                for (int a : axes) any |= a == d;
                if (!any) continue;
                launcher.execute(launcher.gradient.get(d), x, scratch, scratch2);
                int count = (int) (grid.size() / grid.n(d));
                int groups = (int) Math.max(1, Math.min(PLANE_GROUPS, ((long) count + cl.rwg - 1) / cl.rwg));
                OpenCl.arg(kernel, 0, x);
                OpenCl.arg(kernel, 1, scratch);
                OpenCl.arg(kernel, 2, grid.n(d));
                OpenCl.arg(kernel, 3, grid.stride(d));
                OpenCl.arg(kernel, 5, count);
                OpenCl.arg(kernel, 6, part);
                OpenCl.arg(kernel, 8, grid.n(1));
                OpenCl.arg(kernel, 9, grid.n(2));
                for (int e = 0; e < 3; e++) {
                    OpenCl.arg(kernel, 10 + e, grid.n(e) > 1 ? grid.axis(e).min() : 0.0, cl.fp64);
                    OpenCl.arg(kernel, 13 + e, grid.n(e) > 1 ? grid.axis(e).dx() : 0.0, cl.fp64);
                }
                for (int p = 0; p < axes.length; p++) {
                    if (axes[p] != d) continue;
                    OpenCl.arg(kernel, 4, indices[p]);
                    OpenCl.arg(kernel, 7, p * PLANE_GROUPS * FluxPlanes.SUMS);
                    clEnqueueNDRangeKernel(cl.queue, kernel, 1, null, new long[] {(long) groups * cl.rwg}, new long[] {cl.rwg}, 0, null, null);
                }
            }
            int total = axes.length * PLANE_GROUPS * FluxPlanes.SUMS;
            if (cl.fp64) clEnqueueReadBuffer(cl.queue, part, CL_TRUE, 0, 8L * total, Pointer.to(hostPart), 0, null, null);
            else clEnqueueReadBuffer(cl.queue, part, CL_TRUE, 0, 4L * total, Pointer.to(hostPartF), 0, null, null);
            for (int p = 0; p < axes.length; p++) {
                for (int q = 0; q < FluxPlanes.SUMS; q++) out[FluxPlanes.SUMS * p + q] = 0;
                for (int grp = 0; grp < PLANE_GROUPS; grp++) {
                    for (int q = 0; q < FluxPlanes.SUMS; q++) {
                        int i = (p * PLANE_GROUPS + grp) * FluxPlanes.SUMS + q;
                        out[FluxPlanes.SUMS * p + q] += cl.fp64 ? hostPart[i] : hostPartF[i];
                    }
                }
            }
        }

        @Override
        public void close() {
            if (released) return;
            released = true;
            planes.remove(this);
            if (!cl.closed()) {
                cl.release(part, partBytes);
                cl.releaseKernel(kernel);
            }
        }
    }
}
