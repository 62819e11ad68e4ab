package io.psiflux.io;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.psiflux.UserError;
import io.psiflux.field.ComplexField;
import io.psiflux.field.RealField;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;

import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One HDF5 file per output step, written with jhdf (pure Java), read by h5py, h5dump, ParaView
 * and anything built on libhdf5.
 *
 * <p>Layout of a file, everything in the root group, contiguous and little-endian:
 * <ul>
 *   <li>one dataset per field, named by its key, in the layout of {@link RealField} and of the
 *       .npy files: a scalar has the grid's shape, a vector the shape
 *       {@code (components, *grid shape)}; float64 in double precision, float32 in single;</li>
 *   <li>{@code psi}, when given: shape {@code (*grid shape, 2)}, the last axis holding
 *       {@code (re, im)}, which is the interleaved storage of {@link ComplexField} as it is
 *       (jhdf 0.13 writes neither complex nor compound types); in numpy,
 *       {@code psi = f["psi"][..., 0] + 1j * f["psi"][..., 1]};</li>
 *   <li>{@code x}, {@code y}, {@code z} for the declared axes only: float64 of length n,
 *       {@code x(i) = min + i dx} ({@link Axis#x(int)});</li>
 *   <li>attributes of the root group: {@code time} (float64), {@code step} (int64), and
 *       {@code _jHDF}, the writer's version, which jhdf always adds.</li>
 * </ul>
 *
 * <p>Files are written whole or not at all, as {@link AtomicFiles} does: to a hidden temporary
 * file next to the target, renamed over it at the end, deleted on any failure. jhdf writes to a
 * path of its own choosing rather than to a channel, hence the same steps here instead of a call
 * to {@link AtomicFiles}.
 *
 * <p>Costs (jhdf 0.13): it takes Java arrays of arrays, so a snapshot holds a second copy of each
 * field while it is written, and it writes one call per row of the last axis. {@code psi}'s rows
 * are a single (re, im) pair, which makes it the slow part: about 4 us per grid point, some 9 s
 * for a 128^3 grid, against 0.2 s for a field of the same grid.
 */
public final class Hdf5Snapshot {
    static {
        // before any io.jhdf class initialises, since those create their slf4j loggers then
        JhdfLogging.silence();
    }

    private static final Set<String> RESERVED = Set.of("x", "y", "z", "psi");
    private static final String[] AXIS_NAMES = {"x", "y", "z"};

    private Hdf5Snapshot() {
    }

    /**
     * Writes {@code file} (replacing it) with the given fields and, unless {@code psi} is null,
     * the wavefunction, all on {@code grid}. {@code fields} may be empty; its iteration order is
     * the order of the datasets. Wrong arguments are {@link IllegalArgumentException}s, raised
     * before anything is written; a file that cannot be written is a {@link UserError} starting
     * with its path.
     */
    public static void write(Path file, Grid grid, long step, double time, Map<String, RealField> fields,
                             ComplexField psi) {
        SnapshotInput.check(grid, fields, psi, RESERVED);
        // Everything jhdf needs is built before the file is opened, so that a failure here
        // (out of memory on a large grid) leaves no file to clean up.
        Map<String, Object> datasets = new LinkedHashMap<>();
        fields.forEach((name, f) -> datasets.put(name, nest(f.doubles() != null ? f.doubles() : f.floats(), f.shape())));
        if (psi != null) {
            int[] g = grid.shape();
            int[] shape = Arrays.copyOf(g, g.length + 1);
            shape[g.length] = 2;
            datasets.put("psi", nest(psi.doubles() != null ? psi.doubles() : psi.floats(), shape));
        }
        for (int d : grid.activeAxes()) {
            Axis a = grid.axis(d);
            double[] x = new double[a.n()];
            for (int i = 0; i < x.length; i++) x[i] = a.x(i);
            datasets.put(AXIS_NAMES[d], x);
        }
        AtomicFiles.writePath(file, tmp -> {
            try (WritableHdfFile h5 = HdfFile.write(tmp)) {
                h5.putAttribute("time", time);
                h5.putAttribute("step", step);
                datasets.forEach(h5::putDataset);
            }
        });
    }

    /**
     * {@code flat} (a {@code double[]} or {@code float[]} in C order) as a Java array of arrays of
     * the given shape, the form in which jhdf takes an n-dimensional dataset.
     */
    static Object nest(Object flat, int[] shape) {
        long n = 1;
        for (int s : shape) n *= s;
        if (n != Array.getLength(flat)) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                    + " values, the array " + Array.getLength(flat));
        }
        Object nested = Array.newInstance(flat.getClass().getComponentType(), shape);
        fill(nested, flat, shape.length, 0);
        return nested;
    }

    /** Copies into the rows of {@code nested} from {@code flat[pos]} on; returns the next position. */
    private static int fill(Object nested, Object flat, int depth, int pos) {
        int n = Array.getLength(nested);
        if (depth == 1) {
            System.arraycopy(flat, pos, nested, 0, n);
            return pos + n;
        }
        for (int i = 0; i < n; i++) pos = fill(Array.get(nested, i), flat, depth - 1, pos);
        return pos;
    }
}
