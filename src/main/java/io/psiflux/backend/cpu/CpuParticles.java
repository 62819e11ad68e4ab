package io.psiflux.backend.cpu;

import io.psiflux.backend.Bohm;
import io.psiflux.backend.DeviceBuffer;
import io.psiflux.backend.ParticleRule;
import io.psiflux.backend.Particles;
import io.psiflux.grid.Grid;

/**
 * The CPU's {@link Particles}: {@link Bohm} reading the planar buffers in place (nothing copied,
 * nothing allocated per step), on the calling thread: a few thousand particles take well under a
 * millisecond a step (docs/benchmarks.md).
 */
final class CpuParticles implements Particles {
    private final Grid grid;
    private final int count;
    private final double[] pos;
    private final Bohm bohm;
    private final Planes a = new Planes(), b = new Planes();

    CpuParticles(Grid grid, int count, ParticleRule rule) {
        this.grid = grid;
        this.count = count;
        this.pos = new double[count * grid.rank()];
        this.bohm = new Bohm(grid, rule);
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public void set(double[] positions) {
        System.arraycopy(positions, 0, pos, 0, pos.length);
    }

    @Override
    public void get(double[] out) {
        System.arraycopy(pos, 0, out, 0, pos.length);
    }

    @Override
    public void advance(DeviceBuffer before, DeviceBuffer after, double dt) {
        a.on(before);
        b.on(after);
        for (int i = 0; i < count; i++) bohm.advance(pos, i, a, b, dt);
    }

    /** psi of a CPU buffer, read in its storage precision. */
    private final class Planes implements Bohm.Psi {
        private double[] dre, dim;
        private float[] fre, fim;

        void on(DeviceBuffer buffer) {
            if (!(buffer instanceof CpuBuffer c) || !c.grid.equals(grid)) {
                throw new IllegalArgumentException("buffer does not belong to this CPU backend");
            }
            double[][] d = c.doubles();
            float[][] f = c.floats();
            dre = d == null ? null : d[0];
            dim = d == null ? null : d[1];
            fre = f == null ? null : f[0];
            fim = f == null ? null : f[1];
        }

        @Override
        public double re(int p) {
            return dre != null ? dre[p] : fre[p];
        }

        @Override
        public double im(int p) {
            return dim != null ? dim[p] : fim[p];
        }
    }
}
