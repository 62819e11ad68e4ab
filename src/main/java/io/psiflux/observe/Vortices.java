package io.psiflux.observe;

import io.psiflux.field.ComplexField;
import io.psiflux.grid.Grid;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Quantised vortices found by the phase winding of psi around each grid plaquette: the sum of the
 * four phase differences arg(psi_b psi_a*) around a plaquette (each in (-pi, pi]) is 2 pi w, w an
 * integer, the winding number of the vortex lines that pierce it. A plaquette counts when the
 * largest |psi|^2 within {@link #REACH} points of its corners (along every axis) is at least
 * {@link #MIN_DENSITY} of the largest |psi|^2 on the grid: where psi is almost zero everywhere
 * around, its phase is round-off or noise, and the windings there ("ghost vortices" outside a
 * condensate) are not vortices of the state. The neighbourhood, not the plaquette itself, is
 * what counts because a vortex core is a zero of psi: its own plaquette's density is small,
 * the more so the finer the grid.
 *
 * <p>In 2D a plaquette's winding counts vortices along +z (counterclockwise circulation positive);
 * in 3D there are plaquettes normal to each axis a, their loop running along axis a+1 then a+2
 * (cyclically), so w > 0 is a vortex line along +a. The box is periodic, so plaquettes wrap.
 * A vortex exactly on a grid point (psi zero there to round-off, as in a state built from
 * (x + i y) f(r)) is found by the loop through that point's four neighbours, and placed on it.
 *
 * @param grid     the grid
 * @param position per plaquette with nonzero winding, its centre (rank coordinates each, in order)
 * @param normal   per such plaquette, the axis it is normal to (2 in 2D: z)
 * @param winding  per such plaquette, its winding number
 */
public record Vortices(Grid grid, double[] position, int[] normal, int[] winding) {

    /** Plaquettes whose mean density is below this fraction of the peak density are not counted. */
    public static final double MIN_DENSITY = 1e-2;

    /** How far (in points along each axis) the density that admits a plaquette is looked for. */
    public static final int REACH = 3;

    /** Finds the vortices of {@code psi} (see the class comment). Needs a 2D or 3D grid. */
    public static Vortices find(ComplexField psi) {
        Grid g = psi.grid();
        int r = g.rank();
        if (r < 2) throw new IllegalArgumentException("vortices need a 2D or 3D grid");
        int n = g.points();
        double[] near = new double[n];
        double peak = 0;
        for (int q = 0; q < n; q++) {
            near[q] = density(psi, q);
            peak = Math.max(peak, near[q]);
        }
        double zero = ZERO * peak;
        boolean[] isZero = new boolean[n];
        for (int q = 0; q < n; q++) isZero[q] = near[q] <= zero;
        for (int d = 0; d < r; d++) near = dilate(g, near, d);
        double floor = MIN_DENSITY * peak;
        Found f = new Found(r);
        int[] idx = new int[3];
        for (int a = (r == 2 ? 2 : 0); a < 3; a++) {
            int b = r == 2 ? 0 : (a + 1) % 3, c = r == 2 ? 1 : (a + 2) % 3;
            for (int q = 0; q < n; q++) {
                if (near[q] < floor || near[q] == 0) continue;
                for (int d = 0; d < r; d++) idx[d] = g.index(q, d);
                if (isZero[q]) {
                    // psi vanishes on the point itself: its phase means nothing, so the plaquettes
                    // around it cannot see the winding; go round its four neighbours instead
                    int pb = neighbour(g, q, idx, b, 1), pc = neighbour(g, q, idx, c, 1);
                    int mb = neighbour(g, q, idx, b, -1), mc = neighbour(g, q, idx, c, -1);
                    double turn = phase(psi, pb, pc) + phase(psi, pc, mb) + phase(psi, mb, mc) + phase(psi, mc, pb);
                    f.add(g, idx, -1, -1, a, (int) Math.round(turn / (2 * Math.PI)));
                    continue;
                }
                int q1 = neighbour(g, q, idx, b, 1), q3 = neighbour(g, q, idx, c, 1);
                int q2 = neighbour(g, q1, idx, c, 1); // q1 has q's index along c
                if (isZero[q1] || isZero[q2] || isZero[q3]) continue; // counted at the zero
                double turn = phase(psi, q, q1) + phase(psi, q1, q2) + phase(psi, q2, q3) + phase(psi, q3, q);
                f.add(g, idx, b, c, a, (int) Math.round(turn / (2 * Math.PI)));
            }
        }
        return new Vortices(g, Arrays.copyOf(f.pos, f.count * r), Arrays.copyOf(f.nor, f.count), Arrays.copyOf(f.win, f.count));
    }

    /** Below this fraction of the peak density psi counts as zero on a point (its phase is round-off). */
    static final double ZERO = 1e-20;

    /** The plaquettes (or points) with a winding, as they are found. */
    private static final class Found {
        final int r;
        int count, cap = 16;
        double[] pos;
        int[] nor = new int[cap], win = new int[cap];

        Found(int r) {
            this.r = r;
            pos = new double[cap * r];
        }

        /** Adds a winding w at idx, moved half a step along b and c (none when they are -1). */
        void add(Grid g, int[] idx, int b, int c, int a, int w) {
            if (w == 0) return;
            if (count == cap) {
                cap *= 2;
                pos = Arrays.copyOf(pos, cap * r);
                nor = Arrays.copyOf(nor, cap);
                win = Arrays.copyOf(win, cap);
            }
            for (int d = 0; d < r; d++) {
                double x = g.axis(d).x(idx[d]);
                if (d == b || d == c) x += g.axis(d).dx() / 2;
                pos[count * r + d] = x;
            }
            nor[count] = a;
            win[count] = w;
            count++;
        }
    }

    /** The largest value within REACH points along axis d (periodically), a new array. */
    private static double[] dilate(Grid g, double[] f, int d) {
        double[] out = new double[f.length];
        int m = g.n(d), stride = g.stride(d);
        for (int q = 0; q < f.length; q++) {
            int i = g.index(q, d), base = q - i * stride;
            double v = f[q];
            for (int s = -REACH; s <= REACH + 1; s++) v = Math.max(v, f[base + Math.floorMod(i + s, m) * stride]);
            out[q] = v;
        }
        return out;
    }

    private static double density(ComplexField f, int q) {
        return f.re(q) * f.re(q) + f.im(q) * f.im(q);
    }

    /** arg(psi_b psi_a*), in (-pi, pi]. */
    private static double phase(ComplexField f, int a, int b) {
        double re = f.re(a) * f.re(b) + f.im(a) * f.im(b);
        double im = f.re(a) * f.im(b) - f.im(a) * f.re(b);
        return Math.atan2(im, re);
    }

    /** The point one step (s = +-1) along axis {@code d} from q (index vector idx), periodically. */
    private static int neighbour(Grid g, int q, int[] idx, int d, int s) {
        int i = idx[d], m = g.n(d);
        int j = Math.floorMod(i + s, m);
        return q + (j - i) * g.stride(d);
    }

    /** How many plaquettes have a nonzero winding. */
    public int count() {
        return winding.length;
    }

    /** The number of vortices, sum |w| over the plaquettes (2D: each vortex pierces one plaquette). */
    public int total() {
        int s = 0;
        for (int w : winding) s += Math.abs(w);
        return s;
    }

    /** The net winding, sum w (the circulation around the whole box in units of h/m; 0 when periodic). */
    public int net() {
        int s = 0;
        for (int w : winding) s += w;
        return s;
    }

    /**
     * The length of the vortex lines (3D): sum over pierced plaquettes of |w| times the spacing along
     * the plaquette's normal, a staircase estimate (it overestimates a line at an angle to the axes,
     * by at most a factor sqrt 3).
     */
    public double length() {
        double s = 0;
        for (int i = 0; i < winding.length; i++) s += Math.abs(winding[i]) * grid.axis(normal[i]).dx();
        return s;
    }

    /**
     * Writes the plaquettes as CSV: 2D "x,y,winding", 3D "x,y,z,normal,winding" (normal "x", "y"
     * or "z"), one row per plaquette with a nonzero winding.
     */
    public void writeCsv(Path file) throws IOException {
        int r = grid.rank();
        String[] axes = {"x", "y", "z"};
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            w.write(r == 2 ? "x,y,charge\n" : "x,y,z,normal,charge\n");
            for (int i = 0; i < winding.length; i++) {
                StringBuilder line = new StringBuilder();
                for (int d = 0; d < r; d++) line.append(String.format(Locale.ROOT, "%.10g,", position[i * r + d]));
                if (r == 3) line.append(axes[normal[i]]).append(',');
                line.append(winding[i]).append('\n');
                w.write(line.toString());
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
