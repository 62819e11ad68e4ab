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
 * is zero at every step up to the quadratures (the trapezoid rule in time of the fluxes, the
 * trapezoid rule in space of P_between), where lo and hi are the planes at the lowest and highest
 * grid index along their axis. For a packet that starts between the planes P_between(0) = 1 and
 * this is the scattering budget T + R + P_between(t) = 1 (T = through_hi, R = -through_lo).
 * Planes at positions in between, and planes along other axes, do not enter it.
 *
 * <p>The slab: the first axis, in the order the planes are given, with planes at two different
 * grid indices; along it the points from lo to hi, the two plane points with weight 1/2 (the
 * trapezoid rule, so a packet half across a plane counts half), the whole extent of the other
 * axes. Without such an axis (one plane, or one plane per axis) the planes bound no region of
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
    private double start;

    private ProbabilityBudget(Grid grid, List<FluxPlane> planes, int axis, int lo, int hi, int loPlane, int hiPlane) {
        this.grid = grid;
        this.planes = planes;
        this.axis = axis;
        this.lo = lo;
        this.hi = hi;
        this.loPlane = loPlane;
        this.hiPlane = hiPlane;
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

    /** The probability in the slab, sum of rho dV with weight 1/2 on the two plane points. */
    public double between(RealField rho) {
        double s = 0;
        for (int p = 0; p < grid.points(); p++) s += weight(p) * rho.get(p);
        return s * grid.dV();
    }

    /** {@link #between(RealField)} of |psi|^2. */
    public double between(ComplexField psi) {
        double s = 0;
        for (int p = 0; p < grid.points(); p++) s += weight(p) * psi.abs2(p);
        return s * grid.dV();
    }

    private double weight(int p) {
        int i = grid.index(p, axis);
        return i < lo || i > hi ? 0 : i == lo || i == hi ? 0.5 : 1;
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
