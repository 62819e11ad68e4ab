package io.psiflux.physics;

import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Grid;
import io.psiflux.UserError;
import net.objecthunter.exp4j.Expression;

/**
 * The real potential V(r, t). Sampled on the grid by the propagator: once for a static potential,
 * at the middle of every step for a time-dependent one (second-order Strang).
 */
public interface Potential {

    /** True when V depends on t, so it must be sampled again every step. */
    boolean timeDependent();

    /** Writes V(r, t) at every grid point into {@code out} (a scalar field). */
    void sample(double t, RealField out);

    /**
     * The potential as an expression tree of x, y, z, t, or null. A backend that evaluates the tree
     * itself (see {@code Backend.compilePotential}) needs no host sampling at every step.
     */
    default Expr tree() {
        return null;
    }

    /**
     * How {@link #tree()} becomes grid values: at the points, or averaged over each point's cell
     * (see {@link Sampling}); a backend that evaluates the tree itself must do the same.
     */
    default Sampling sampling() {
        return Sampling.POINT;
    }

    /**
     * This potential plus {@code other}: a second term of V (a tilt, a trap, a barrier). Its tree
     * is the sum of the two trees when both have one; sampling adds the two terms, through a
     * scratch field allocated once per grid.
     */
    default Potential plus(Potential other) {
        Potential a = this;
        // one tree only when both terms are sampled alike; else each term samples itself on the host
        boolean alike = a.sampling() == other.sampling();
        Expr tree = alike && a.tree() != null && other.tree() != null ? new Expr.Bin('+', a.tree(), other.tree()) : null;
        Sampling sampling = alike ? a.sampling() : Sampling.POINT;
        return new Potential() {
            private RealField scratch;

            @Override
            public boolean timeDependent() {
                return a.timeDependent() || other.timeDependent();
            }

            @Override
            public Expr tree() {
                return tree;
            }

            @Override
            public Sampling sampling() {
                return sampling;
            }

            @Override
            public synchronized void sample(double t, RealField out) {
                a.sample(t, out);
                if (scratch == null || !scratch.grid().equals(out.grid())) scratch = RealField.scalar(out.grid(), Precision.DOUBLE);
                other.sample(t, scratch);
                for (int i = 0; i < out.length(); i++) out.set(i, out.get(i) + scratch.get(i));
            }

            @Override
            public String toString() {
                return a + " + " + other;
            }
        };
    }

    /** V = 0 everywhere. */
    static Potential zero() {
        return new Potential() {
            @Override
            public boolean timeDependent() {
                return false;
            }

            @Override
            public void sample(double t, RealField out) {
                for (int i = 0; i < out.length(); i++) out.set(i, 0.0);
            }

            @Override
            public Expr tree() {
                return new Expr.Num(0);
            }

            @Override
            public String toString() {
                return "0";
            }
        };
    }

    /** A potential given by a math expression of x, y, z, t (see {@link Expressions}), sampled at the grid points. */
    static Potential expression(String text, String key) {
        return expression(text, key, Sampling.POINT);
    }

    /**
     * A potential given by a math expression of x, y, z, t (see {@link Expressions}), sampled at
     * the grid points or averaged over their cells ({@link Sampling}); {@code key} names it in
     * errors.
     */
    static Potential expression(String text, String key, Sampling sampling) {
        Expression parsed = Expressions.compile(text, key);
        boolean usesT = Expressions.usesTime(parsed);
        Expr tree = Expr.parse(text);
        return new Potential() {
            @Override
            public boolean timeDependent() {
                return usesT;
            }

            @Override
            public Expr tree() {
                return tree;
            }

            @Override
            public Sampling sampling() {
                return sampling;
            }

            @Override
            public String toString() {
                return text;
            }

            @Override
            public void sample(double t, RealField out) {
                Grid g = out.grid();
                // the tree where it reads the text as exp4j does (allocation-free), exp4j otherwise
                Expression e = tree == null ? new Expression(parsed) : null;
                double[] vars = {0, 0, 0, t};
                if (e != null) e.setVariable("t", t);
                int[] m = sampling.subsamples(g);
                double[][] off = new double[3][];
                for (int d = 0; d < 3; d++) {
                    off[d] = new double[m[d]];
                    for (int s = 0; s < m[d]; s++) off[d][s] = d < g.rank() ? g.axis(d).dx() * Sampling.offset(s, m[d]) : 0.0;
                }
                double count = m[0] * m[1] * m[2];
                int n1 = g.n(1), n2 = g.n(2);
                int p = 0;
                for (int i = 0; i < g.n(0); i++) {
                    double x = g.axis(0).x(i);
                    for (int j = 0; j < n1; j++) {
                        double y = g.rank() > 1 ? g.axis(1).x(j) : 0.0;
                        for (int k = 0; k < n2; k++, p++) {
                            double z = g.rank() > 2 ? g.axis(2).x(k) : 0.0;
                            double sum = 0;
                            for (int a = 0; a < m[0]; a++) {
                                vars[0] = x + off[0][a];
                                for (int b = 0; b < m[1]; b++) {
                                    vars[1] = y + off[1][b];
                                    for (int c = 0; c < m[2]; c++) {
                                        vars[2] = z + off[2][c];
                                        double v = value(e, vars);
                                        if (!Double.isFinite(v)) {
                                            throw new UserError(key + ": \"" + text + "\" is not finite (" + v + ") at x = " + vars[0]
                                                    + (g.rank() > 1 ? ", y = " + vars[1] : "") + (g.rank() > 2 ? ", z = " + vars[2] : "")
                                                    + ", t = " + t);
                                        }
                                        sum += v;
                                    }
                                }
                            }
                            out.set(p, sum / count);
                        }
                    }
                }
            }

            private double value(Expression e, double[] vars) {
                if (e == null) return tree.eval(vars);
                try {
                    return e.setVariable("x", vars[0]).setVariable("y", vars[1]).setVariable("z", vars[2]).evaluate();
                } catch (RuntimeException ex) {
                    return Double.NaN;
                }
            }
        };
    }

    /** A static potential given as values on the grid (e.g. read from an .npy file). */
    static Potential sampled(RealField values) {
        return new Potential() {
            @Override
            public boolean timeDependent() {
                return false;
            }

            @Override
            public void sample(double t, RealField out) {
                for (int i = 0; i < out.length(); i++) out.set(i, values.get(i));
            }
        };
    }
}
