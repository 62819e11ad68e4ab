package io.psiflux.backend.cpu;

import io.psiflux.backend.DeviceBuffer;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.grid.Grid;

/**
 * A CPU "device" buffer: the wavefunction in the backend's precision, stored <em>planar</em>
 * (real parts in one array, imaginary parts in another, both in the grid's C order). Planar
 * storage lets the Strang step's passes along the strided axes copy whole runs of lanes with
 * {@code System.arraycopy} instead of de-interleaving pairs one by one; host fields
 * ({@link ComplexField}, interleaved) are converted only on upload and download.
 *
 * <p>Arithmetic outside the Strang step runs in double on interleaved line buffers:
 * {@link #gather} and {@link #scatter} are the only places that know the storage layout and
 * precision, so single precision stores complex64 and computes those operations in double.
 */
final class CpuBuffer implements DeviceBuffer {
    final Grid grid;
    final Precision precision;
    private final double[] dre;
    private final double[] dim;
    private final float[] fre;
    private final float[] fim;
    /** {@code {re, im}} in the storage precision (the other pair is null), built once. */
    private final double[][] doublePlanes;
    private final float[][] floatPlanes;

    CpuBuffer(Grid grid, Precision precision) {
        this.grid = grid;
        this.precision = precision;
        int n = grid.points();
        boolean dbl = precision == Precision.DOUBLE;
        dre = dbl ? new double[n] : null;
        dim = dbl ? new double[n] : null;
        fre = dbl ? null : new float[n];
        fim = dbl ? null : new float[n];
        doublePlanes = dbl ? new double[][] {dre, dim} : null;
        floatPlanes = dbl ? null : new float[][] {fre, fim};
    }

    /** Real and imaginary planes in double precision, or null in single. */
    double[][] doubles() {
        return doublePlanes;
    }

    /** Real and imaginary planes in single precision, or null in double. */
    float[][] floats() {
        return floatPlanes;
    }

    /** Copies a host field (same grid, any precision) into this buffer. */
    void load(ComplexField src) {
        int n = grid.points();
        double[] d = src.doubles();
        float[] f = src.floats();
        for (int p = 0; p < n; p++) {
            double r = d != null ? d[2 * p] : f[2 * p], i = d != null ? d[2 * p + 1] : f[2 * p + 1];
            if (dre != null) {
                dre[p] = r;
                dim[p] = i;
            } else {
                fre[p] = (float) r;
                fim[p] = (float) i;
            }
        }
    }

    /** Copies this buffer into a host field (same grid, any precision). */
    void store(ComplexField dst) {
        int n = grid.points();
        for (int p = 0; p < n; p++) {
            if (dre != null) dst.set(p, dre[p], dim[p]);
            else dst.set(p, fre[p], fim[p]);
        }
    }

    /** Copies {@code src} (same grid and precision) into this buffer. */
    void copyFrom(CpuBuffer src) {
        if (dre != null) {
            System.arraycopy(src.dre, 0, dre, 0, dre.length);
            System.arraycopy(src.dim, 0, dim, 0, dim.length);
        } else {
            System.arraycopy(src.fre, 0, fre, 0, fre.length);
            System.arraycopy(src.fim, 0, fim, 0, fim.length);
        }
    }

    /** Copies {@code n} complex points starting at {@code start}, {@code stride} apart, into interleaved {@code line}. */
    void gather(int start, int stride, int n, double[] line, int lineOff) {
        if (dre != null) {
            for (int t = 0, s = start, o = lineOff; t < n; t++, s += stride, o += 2) {
                line[o] = dre[s];
                line[o + 1] = dim[s];
            }
        } else {
            for (int t = 0, s = start, o = lineOff; t < n; t++, s += stride, o += 2) {
                line[o] = fre[s];
                line[o + 1] = fim[s];
            }
        }
    }

    /** The inverse of {@link #gather}: rounds to the storage precision. */
    void scatter(int start, int stride, int n, double[] line, int lineOff) {
        if (dre != null) {
            for (int t = 0, s = start, o = lineOff; t < n; t++, s += stride, o += 2) {
                dre[s] = line[o];
                dim[s] = line[o + 1];
            }
        } else {
            for (int t = 0, s = start, o = lineOff; t < n; t++, s += stride, o += 2) {
                fre[s] = (float) line[o];
                fim[s] = (float) line[o + 1];
            }
        }
    }

    /**
     * {@link #gather} of {@code count} neighbouring lines at once: line j starts at {@code start + j}.
     * Reads each row of the block contiguously, so a strided axis costs one pass over memory.
     */
    void gatherBlock(int start, int stride, int n, int count, double[][] lines) {
        for (int t = 0, s = start; t < n; t++, s += stride) {
            int o = 2 * t;
            if (dre != null) {
                for (int j = 0; j < count; j++) {
                    lines[j][o] = dre[s + j];
                    lines[j][o + 1] = dim[s + j];
                }
            } else {
                for (int j = 0; j < count; j++) {
                    lines[j][o] = fre[s + j];
                    lines[j][o + 1] = fim[s + j];
                }
            }
        }
    }

    /**
     * Lines of {@code n} points a {@code stride} apart starting at {@code starts[0..count)}, into
     * the batch layout of {@link DoubleBatchFft}: {@code re[t][j]}, {@code im[t][j]} is element
     * t of line j, in double.
     */
    void gatherLanes(int[] starts, int count, int stride, int n, double[][] re, double[][] im) {
        for (int t = 0, off = 0; t < n; t++, off += stride) {
            double[] r = re[t], i = im[t];
            if (dre != null) {
                for (int j = 0; j < count; j++) {
                    r[j] = dre[starts[j] + off];
                    i[j] = dim[starts[j] + off];
                }
            } else {
                for (int j = 0; j < count; j++) {
                    r[j] = fre[starts[j] + off];
                    i[j] = fim[starts[j] + off];
                }
            }
        }
    }

    /** The inverse of {@link #gatherLanes}, each value times {@code scale}: rounds to the storage precision. */
    void scatterLanes(int[] starts, int count, int stride, int n, double[][] re, double[][] im, double scale) {
        for (int t = 0, off = 0; t < n; t++, off += stride) {
            double[] r = re[t], i = im[t];
            if (dre != null) {
                for (int j = 0; j < count; j++) {
                    dre[starts[j] + off] = r[j] * scale;
                    dim[starts[j] + off] = i[j] * scale;
                }
            } else {
                for (int j = 0; j < count; j++) {
                    fre[starts[j] + off] = (float) (r[j] * scale);
                    fim[starts[j] + off] = (float) (i[j] * scale);
                }
            }
        }
    }

    /** The inverse of {@link #gatherBlock}: rounds to the storage precision. */
    void scatterBlock(int start, int stride, int n, int count, double[][] lines) {
        for (int t = 0, s = start; t < n; t++, s += stride) {
            int o = 2 * t;
            if (dre != null) {
                for (int j = 0; j < count; j++) {
                    dre[s + j] = lines[j][o];
                    dim[s + j] = lines[j][o + 1];
                }
            } else {
                for (int j = 0; j < count; j++) {
                    fre[s + j] = (float) lines[j][o];
                    fim[s + j] = (float) lines[j][o + 1];
                }
            }
        }
    }

    @Override
    public void close() {
        // garbage-collected host memory
    }
}
