package io.psiflux.observe;

import io.psiflux.field.ComplexField;
import io.psiflux.field.RealField;
import io.psiflux.grid.Grid;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The probability budget of the slab between two flux planes, from continuity: the probability in
 * the slab changes only by what flows through its two faces, so
 * <pre>
 *   budget_residual = through_hi - through_lo + P_between(t) - P_between(0)
 * </pre>
 * is zero at every step up to the time quadrature of the fluxes (the trapezoid rule over each step)
 * and the split step's own error, where lo and hi are the planes at the lowest and highest grid
 * index along their axis. For a packet that starts between the planes P_between(0) = 1 and
 * this is the scattering budget T + R + P_between(t) = 1 (T = through_hi, R = -through_lo).
 * Planes at positions in between, and planes along other axes, do not enter it.
 *
 * <p>The slab: the first axis, in the order the planes are given, with planes at two different
 * grid indices; along it the interval from the lo plane's point to the hi plane's, the whole extent
 * of the other axes. P_between is the exact integral over that interval of the density's
 * trigonometric interpolant along the axis (the spectral method's own picture of rho between grid
 * points, whose flux at a grid point is the spectral current the planes measure): a fixed weight
 * per grid index along the axis ({@link #weights}), nonzero outside the slab too. The trapezoid
 * rule instead leaves an error of dx^2 / 12 (rho'(hi) - rho'(lo)) while a packet is on a plane
 * (5e-5 for a packet of sigma 2 on dx = 0.16); this one is exact for a wavefunction the grid
 * resolves (rho's interpolant differs from |psi's interpolant|^2 only by what aliases from the
 * upper half of the k range). Without such an axis (one plane, or one plane per axis) the planes bound no region of
 * the periodic box and there is no budget ({@link #of} gives null).
 *
 * <p>The breakdown of the norm: norm = P_between + P_outside, and 1 - norm = absorbed (with an
 * absorber), so P_between + P_outside + absorbed = 1.
 */
public final class ProbabilityBudget {

    /** A run ends with a warning when |budget_residual| or P_between at the end exceeds this. */
    public static final double TOLERANCE = 1e-4;

    /** Columns of observables.csv (and, with the prefix final_, keys of summary.json). */
    public static final String BETWEEN = "p_between", OUTSIDE = "p_outside", RESIDUAL = "budget_residual";

    private final Grid grid;
    private final List<FluxPlane> planes;
    private final int axis;
    private final int lo;
    private final int hi;
    private final int loPlane;
    private final int hiPlane;
    /** Per index along the slab's axis, rho's weight in P_between, times the other axes' dA ({@link #weights}). */
    private final double[] weight;
    private double start;

    private ProbabilityBudget(Grid grid, List<FluxPlane> planes, int axis, int lo, int hi, int loPlane, int hiPlane) {
        this.grid = grid;
        this.planes = planes;
        this.axis = axis;
        this.lo = lo;
        this.hi = hi;
        this.loPlane = loPlane;
        this.hiPlane = hiPlane;
        this.weight = weights(grid.n(axis), grid.axis(axis).dx(), lo, hi);
        double dA = grid.dV() / grid.axis(axis).dx();
        for (int i = 0; i < weight.length; i++) weight[i] *= dA;
    }

    /**
     * The weights W_j with sum_j W_j f_j = the integral from x_lo to x_hi of the trigonometric
     * interpolant of the samples f_j on n points of spacing dx (numpy's k order, the Nyquist term
     * of an even n as a cosine): W_j = (1/n) Re sum_m w_m e^{-i k_m x_j}, w_m = the integral of
     * e^{i k_m x} from x_lo to x_hi (x measured from the axis' first point). O(n^2), once.
     */
    static double[] weights(int n, double dx, int lo, int hi) {
        double[] cos = new double[n], sin = new double[n];
        for (int r = 0; r < n; r++) {
            cos[r] = Math.cos(2 * Math.PI * r / n);
            sin[r] = Math.sin(2 * Math.PI * r / n);
        }
        double length = n * dx;
        double[] wr = new double[n], wi = new double[n];
        wr[0] = (hi - lo) * dx;
        for (int m = 1; m < n; m++) {
            int signed = 2 * m < n ? m : m - n;
            double k = 2 * Math.PI * signed / length;
            int rb = (int) ((long) m * hi % n), ra = (int) ((long) m * lo % n);
            // the integral of e^{ikx} is e^{ikx} / ik = (sin kx - i cos kx) / k; at Nyquist, of cos(kx): sin(kx) / k
            wr[m] = (sin[rb] - sin[ra]) / k;
            wi[m] = 2 * m == n ? 0 : -(cos[rb] - cos[ra]) / k;
        }
        double[] w = new double[n];
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int m = 0, r = 0; m < n; m++, r += j, r = r >= n ? r - n : r) s += wr[m] * cos[r] + wi[m] * sin[r];
            w[j] = s / n;
        }
        return w;
    }

    /** The budget of these planes on {@code g}, or null when they bound no slab. */
    public static ProbabilityBudget of(Grid g, List<FluxPlane> planes) {
        for (FluxPlane first : planes) {
            int axis = first.axis();
            int lo = Integer.MAX_VALUE, hi = Integer.MIN_VALUE, loPlane = -1, hiPlane = -1;
            for (int p = 0; p < planes.size(); p++) {
                if (planes.get(p).axis() != axis) continue;
                int i = planes.get(p).index(g);
                if (i < lo) {
                    lo = i;
                    loPlane = p;
                }
                if (i > hi) {
                    hi = i;
                    hiPlane = p;
                }
            }
            if (hi > lo) return new ProbabilityBudget(g, List.copyOf(planes), axis, lo, hi, loPlane, hiPlane);
        }
        return null;
    }

    /** The plane at the slab's lower face (an index into the planes given). */
    public int lowPlane() {
        return loPlane;
    }

    /** The plane at the slab's upper face. */
    public int highPlane() {
        return hiPlane;
    }

    /** The probability in the slab: the integral of rho's interpolant between the planes (see the class comment). */
    public double between(RealField rho) {
        double s = 0;
        for (int p = 0; p < grid.points(); p++) s += weight[grid.index(p, axis)] * rho.get(p);
        return s;
    }

    /** {@link #between(RealField)} of |psi|^2. */
    public double between(ComplexField psi) {
        double s = 0;
        for (int p = 0; p < grid.points(); p++) s += weight[grid.index(p, axis)] * psi.abs2(p);
        return s;
    }

    /** Sets P_between at the time the flux integrals start from (t = 0, or a new psi). */
    public void start(double between) {
        this.start = between;
    }

    /** P_between when the flux integrals started. */
    public double start() {
        return start;
    }

    /** through_hi - through_lo + P_between - P_between(0), given P_between now and the two faces' integrals. */
    public double residual(double between, double throughLo, double throughHi) {
        return throughHi - throughLo + between - start;
    }

    /** One line saying what the budget is about: which planes bound the slab. */
    public String describe() {
        return String.format(Locale.ROOT, "the slab between planes %s and %s", planes.get(loPlane).name(), planes.get(hiPlane).name());
    }

    /**
     * The end-of-run line of a run's final values ({@code final_} keys without the prefix, as
     * {@code RunResult.finals} holds them): the residual and the breakdown; null without a budget.
     */
    public static String summary(Map<String, Double> finals) {
        Double r = finals.get(RESIDUAL), b = finals.get(BETWEEN), o = finals.get(OUTSIDE);
        if (r == null || b == null || o == null) return null;
        Double a = finals.get("absorbed");
        return String.format(Locale.ROOT, "probability budget: residual %.2e (through_hi - through_lo + P_between - P_between(0)); "
                + "P_between %.2e, P_outside %.2e%s", r, b, o, a == null ? "" : String.format(Locale.ROOT, ", absorbed %.8f", a));
    }

    /**
     * One warning line when the budget's residual or the probability still between the planes at
     * the end exceeds {@link #TOLERANCE}, saying what that means; null otherwise or without a budget.
     */
    public static String warning(Map<String, Double> finals) {
        Double r = finals.get(RESIDUAL), b = finals.get(BETWEEN);
        if (r == null || b == null) return null;
        List<String> what = new ArrayList<>();
        if (Math.abs(r) > TOLERANCE) {
            what.add(String.format(Locale.ROOT, "the residual is %.2e (is a plane inside the absorber, or the grid too coarse "
                    + "for the current?)", r));
        }
        if (b > TOLERANCE) {
            what.add(String.format(Locale.ROOT, "%.2e is still between the planes at the end, so through_* are not final "
                    + "(run longer, or absorb what circulates: a wider [absorber])", b));
        }
        if (what.isEmpty()) return null;
        return "warning: the probability budget does not close to " + TOLERANCE + ": " + String.join("; ", what);
    }
}
