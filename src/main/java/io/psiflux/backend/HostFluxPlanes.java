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

    HostFluxPlanes(Backend backend, int[] axes, int[] indices) {
        Grid g = backend.grid();
        FluxPlanes.check(g, axes, indices);
        this.backend = backend;
        this.axes = axes.clone();
        this.indices = indices.clone();
        this.scratch = RealField.vector(g, backend.precision());
    }

    @Override
    public int count() {
        return axes.length;
    }

    @Override
    public void measure(DeviceBuffer psi, double[] out) {
        Grid g = backend.grid();
        backend.current(psi, 1.0, scratch);
        int n0 = g.n(0), n1 = g.n(1), n2 = g.n(2);
        for (int p = 0; p < axes.length; p++) {
            int a = axes[p], fixed = indices[p];
            double s = 0;
            for (int i = a == 0 ? fixed : 0; i < (a == 0 ? fixed + 1 : n0); i++) {
                for (int j = a == 1 ? fixed : 0; j < (a == 1 ? fixed + 1 : n1); j++) {
                    int row = (i * n1 + j) * n2;
                    for (int k = a == 2 ? fixed : 0; k < (a == 2 ? fixed + 1 : n2); k++) s += scratch.get(a, row + k);
                }
            }
            out[p] = s;
        }
    }
}
