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
    /**
     * The order particles are moved in: by grid cell, re-sorted every {@link #SORT_EVERY} steps, so
     * that consecutive particles read the same stretch of psi (the stencils' loads were most of a
     * particle's cost) and each worker's share is one region of the grid. The order changes no
     * particle's path.
     */
    private final int[] order;
    private final long[] keys;
    private int sinceSort = Integer.MAX_VALUE;
    static final int SORT_EVERY = 16;

    /** Below this many particles they are moved on the calling thread alone. */
    static final int PARALLEL_FROM = 64;

    CpuParticles(Grid grid, int count, ParticleRule rule, WorkerPool pool) {
        this.grid = grid;
        this.count = count;
        this.pos = new double[count * grid.rank()];
        this.pool = pool;
        this.bohm = new Bohm[pool.workers()];
        this.order = new int[count];
        this.keys = new long[count];
        for (int i = 0; i < count; i++) order[i] = i;
        for (int w = 0; w < bohm.length; w++) bohm[w] = new Bohm(grid, rule);
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public void set(double[] positions) {
        System.arraycopy(positions, 0, pos, 0, pos.length);
        sinceSort = Integer.MAX_VALUE;
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
        if (++sinceSort >= SORT_EVERY) sort();
        if (count < PARALLEL_FROM) advanceShare(0, 1);
        else pool.run(task);
    }

    private void advanceShare(int w, int workers) {
        int to = WorkerPool.from(count, w + 1, workers);
        for (int i = WorkerPool.from(count, w, workers); i < to; i++) bohm[w].advance(pos, order[i], a, b, dt);
    }

    /** order <- the particles by the flat index of their grid cell (C order, as psi is stored). */
    private void sort() {
        int rank = grid.rank();
        for (int i = 0; i < count; i++) {
            long cell = 0;
            for (int d = 0; d < rank; d++) {
                io.psiflux.grid.Axis ax = grid.axis(d);
                long c = (long) Math.floor((pos[i * rank + d] - ax.min()) / ax.dx());
                cell = cell * ax.n() + Math.floorMod(c, ax.n());
            }
            keys[i] = cell << 32 | i;
        }
        java.util.Arrays.sort(keys);
        for (int i = 0; i < count; i++) order[i] = (int) keys[i];
        sinceSort = 0;
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
