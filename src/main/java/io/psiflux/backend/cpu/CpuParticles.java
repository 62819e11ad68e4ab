package io.psiflux.backend.cpu;

import io.psiflux.backend.Bohm;
import io.psiflux.backend.DeviceBuffer;
import io.psiflux.backend.ParticleRule;
import io.psiflux.backend.Particles;
import io.psiflux.grid.Grid;

/**
 * The CPU's {@link Particles}: {@link Bohm} reading the planar buffers in place (nothing copied,
 * nothing allocated per step), the particles shared out among the backend's workers (one Bohm
 * each; a particle's path does not depend on the split). About 0.9 us per particle per step on the
 * 2D double slit (docs/benchmarks.md).
 */
final class CpuParticles implements Particles {
    private final Grid grid;
    private final int count;
    private final double[] pos;
    private final Bohm[] bohm;
    private final WorkerPool pool;
    private final WorkerPool.Task task = this::advanceShare;
    private double dt;
    private final Planes a = new Planes(), b = new Planes();

    /** Below this many particles they are moved on the calling thread alone. */
    static final int PARALLEL_FROM = 64;

    CpuParticles(Grid grid, int count, ParticleRule rule, WorkerPool pool) {
        this.grid = grid;
        this.count = count;
        this.pos = new double[count * grid.rank()];
        this.pool = pool;
        this.bohm = new Bohm[pool.workers()];
        for (int w = 0; w < bohm.length; w++) bohm[w] = new Bohm(grid, rule);
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
        this.dt = dt;
        if (count < PARALLEL_FROM) advanceShare(0, 1);
        else pool.run(task);
    }

    private void advanceShare(int w, int workers) {
        int to = WorkerPool.from(count, w + 1, workers);
        for (int i = WorkerPool.from(count, w, workers); i < to; i++) bohm[w].advance(pos, i, a, b, dt);
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
