package io.psiflux.backend.cpu;

import io.psiflux.backend.DeviceBuffer;
import io.psiflux.field.ComplexField;

/**
 * A CPU "device" buffer: a host {@link ComplexField} in the backend's precision. Arithmetic runs
 * in double on line buffers; {@link #gather} and {@link #scatter} are the only places that know
 * whether storage is float or double, so single precision stores complex64 and computes in double.
 */
final class CpuBuffer implements DeviceBuffer {
    final ComplexField field;
    private final double[] d;
    private final float[] f;

    CpuBuffer(ComplexField field) {
        this.field = field;
        this.d = field.doubles();
        this.f = field.floats();
    }

    /** Copies {@code n} complex points starting at {@code start}, {@code stride} apart, into {@code line}. */
    void gather(int start, int stride, int n, double[] line, int lineOff) {
        if (d != null) {
            if (stride == 1) {
                System.arraycopy(d, 2 * start, line, lineOff, 2 * n);
                return;
            }
            for (int t = 0, s = 2 * start, o = lineOff; t < n; t++, s += 2 * stride, o += 2) {
                line[o] = d[s];
                line[o + 1] = d[s + 1];
            }
        } else {
            for (int t = 0, s = 2 * start, o = lineOff; t < n; t++, s += 2 * stride, o += 2) {
                line[o] = f[s];
                line[o + 1] = f[s + 1];
            }
        }
    }

    /** The inverse of {@link #gather}: rounds to the storage precision. */
    void scatter(int start, int stride, int n, double[] line, int lineOff) {
        if (d != null) {
            if (stride == 1) {
                System.arraycopy(line, lineOff, d, 2 * start, 2 * n);
                return;
            }
            for (int t = 0, s = 2 * start, o = lineOff; t < n; t++, s += 2 * stride, o += 2) {
                d[s] = line[o];
                d[s + 1] = line[o + 1];
            }
        } else {
            for (int t = 0, s = 2 * start, o = lineOff; t < n; t++, s += 2 * stride, o += 2) {
                f[s] = (float) line[o];
                f[s + 1] = (float) line[o + 1];
            }
        }
    }

    @Override
    public void close() {
        // garbage-collected host memory
    }
}
