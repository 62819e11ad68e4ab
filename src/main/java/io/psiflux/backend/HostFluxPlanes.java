package io.psiflux.backend;

import io.psiflux.field.RealField;
import io.psiflux.grid.Grid;

/**
 * The generic {@link FluxPlanes}: the whole current through {@link Backend#current} into a host
 * scratch field allocated once, then a sum over each plane on the host. Correct on any backend;
 * a backend may return a faster implementation that reduces on the device.
 */
final class HostFluxPlanes implements FluxPlanes {
    private final Backend backend;
    private final int[] axes;
    private final int[] indices;
    private final RealField scratch;
    private final RealField rho;
    private final double[] sums = new double[FluxPlanes.SUMS];

    HostFluxPlanes(Backend backend, int[] axes, int[] indices) {
        Grid g = backend.grid();
        FluxPlanes.check(g, axes, indices);
        this.backend = backend;
        this.axes = axes.clone();
        this.indices = indices.clone();
        this.scratch = RealField.vector(g, backend.precision());
        this.rho = RealField.scalar(g, backend.precision());
    }

    @Override
    public int count() {
        return axes.length;
    }

    @Override
    public void measure(DeviceBuffer psi, double[] out) {
        Grid g = backend.grid();
        backend.current(psi, 1.0, scratch);
        backend.density(psi, rho);
        for (int p = 0; p < axes.length; p++) {
            int a = axes[p];
            double[] s = sums;
            java.util.Arrays.fill(s, 0);
            for (int q = 0; q < g.points(); q++) {
                if (g.index(q, a) != indices[p]) continue;
                double r = rho.get(q);
                s[0] += scratch.get(a, q);
                for (int e = 0; e < 3; e++) s[1 + e] += r * g.axis(e).x(g.index(q, e));
            }
            System.arraycopy(s, 0, out, FluxPlanes.SUMS * p, FluxPlanes.SUMS);
        }
    }
}
