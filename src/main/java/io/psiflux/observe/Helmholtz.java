package io.psiflux.observe;

import io.psiflux.backend.Backend;
import io.psiflux.backend.DeviceBuffer;
import io.psiflux.field.ComplexField;
import io.psiflux.field.RealField;
import io.psiflux.grid.Grid;

/**
 * The Helmholtz split of a current j on the periodic box into a transport part (curl-free,
 * longitudinal: {@code J_L(k) = k (k . J(k)) / |k|^2}) and a circulating part (divergence-free,
 * transverse: {@code j_C = j - j_L}), computed spectrally with the backend's FFT.
 *
 * <p>Conventions: k is {@link io.psiflux.grid.Axis#kDerivative} (the Nyquist bin of an even axis
 * counts as k = 0 there, as for every first derivative in psiflux), so the spectral divergence of
 * the circulating part is exactly zero. Where that k vector is zero (the mean, k = 0, and the
 * Nyquist corners), the whole of J goes to the transport part: the mean current is the flow that
 * carries probability across the box, and so the circulating part has zero net flux through every
 * plane. In 1D the circulating part is therefore zero.
 *
 * <p>Scratch: one device buffer and one host complex field per declared axis, allocated here.
 */
public final class Helmholtz implements AutoCloseable {
    private final Backend backend;
    private final Grid grid;
    private final DeviceBuffer[] buffers;
    private final ComplexField[] host;

    public Helmholtz(Backend backend) {
        this.backend = backend;
        this.grid = backend.grid();
        int rank = grid.rank();
        this.buffers = new DeviceBuffer[rank];
        this.host = new ComplexField[rank];
        for (int d = 0; d < rank; d++) {
            buffers[d] = backend.allocate();
            host[d] = new ComplexField(grid, backend.precision());
        }
    }

    /** transport <- the curl-free part of j, circulating <- j - transport (vector fields). */
    public void split(RealField j, RealField transport, RealField circulating) {
        int rank = grid.rank(), n = grid.points();
        for (int d = 0; d < rank; d++) {
            for (int p = 0; p < n; p++) host[d].set(p, j.get(d, p), 0);
            backend.upload(host[d], buffers[d]);
            backend.fft(buffers[d], false);
            backend.download(buffers[d], host[d]);
        }
        double[] k = new double[3];
        double[] re = new double[3], im = new double[3];
        for (int p = 0; p < n; p++) {
            double k2 = 0, dr = 0, di = 0;
            for (int d = 0; d < rank; d++) {
                k[d] = grid.axis(d).kDerivative(grid.index(p, d));
                k2 += k[d] * k[d];
                re[d] = host[d].re(p);
                im[d] = host[d].im(p);
                dr += k[d] * re[d];
                di += k[d] * im[d];
            }
            for (int d = 0; d < rank; d++) {
                if (k2 == 0) host[d].set(p, re[d], im[d]);
                else host[d].set(p, k[d] * dr / k2, k[d] * di / k2);
            }
        }
        for (int d = 0; d < rank; d++) {
            backend.upload(host[d], buffers[d]);
            backend.fft(buffers[d], true);
            backend.download(buffers[d], host[d]);
            for (int p = 0; p < n; p++) {
                double l = host[d].re(p);
                transport.set(d, p, l);
                circulating.set(d, p, j.get(d, p) - l);
            }
        }
    }

    @Override
    public void close() {
        for (DeviceBuffer b : buffers) b.close();
    }
}
