package io.psiflux.backend;

import io.psiflux.field.ComplexField;

/**
 * The generic {@link Particles}: both ends of the step downloaded into host fields allocated
 * once, then {@link Bohm} on the host. Correct on any backend; a backend may return one that
 * reads psi where it lives.
 */
final class HostParticles implements Particles {
    private final Backend backend;
    private final int count;
    private final int rank;
    private final double[] pos;
    private final ComplexField before;
    private final ComplexField after;
    private final Bohm bohm;
    /** Views of the two host fields, made once (not per step). */
    private final Bohm.Psi pa, pb;

    HostParticles(Backend backend, int count, ParticleRule rule) {
        this.backend = backend;
        this.count = count;
        this.rank = backend.grid().rank();
        this.pos = new double[count * rank];
        this.before = new ComplexField(backend.grid(), backend.precision());
        this.after = new ComplexField(backend.grid(), backend.precision());
        this.bohm = new Bohm(backend.grid(), rule);
        this.pa = of(before);
        this.pb = of(after);
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
    public void advance(DeviceBuffer a, DeviceBuffer b, double dt) {
        backend.download(a, before);
        backend.download(b, after);
        for (int i = 0; i < count; i++) bohm.advance(pos, i, pa, pb, dt);
    }

    private static Bohm.Psi of(ComplexField f) {
        return new Bohm.Psi() {
            @Override
            public double re(int p) {
                return f.re(p);
            }

            @Override
            public double im(int p) {
                return f.im(p);
            }
        };
    }
}
