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
     * This potential plus {@code other}: a second term of V (a tilt, a trap, a barrier). Its tree
     * is the sum of the two trees when both have one; sampling adds the two terms, through a
     * scratch field allocated once per grid.
     */
    default Potential plus(Potential other) {
        Potential a = this;
        Expr tree = a.tree() != null && other.tree() != null ? new Expr.Bin('+', a.tree(), other.tree()) : null;
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

    /** A potential given by a math expression of x, y, z, t (see {@link Expressions}). */
    static Potential expression(String text, String key) {
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
                int n1 = g.n(1), n2 = g.n(2);
                int p = 0;
                for (int i = 0; i < g.n(0); i++) {
                    vars[0] = g.axis(0).x(i);
                    for (int j = 0; j < n1; j++) {
                        vars[1] = g.rank() > 1 ? g.axis(1).x(j) : 0.0;
                        for (int k = 0; k < n2; k++, p++) {
                            vars[2] = g.rank() > 2 ? g.axis(2).x(k) : 0.0;
                            double v;
                            if (e == null) {
                                v = tree.eval(vars);
                            } else {
                                try {
                                    v = e.setVariable("x", vars[0]).setVariable("y", vars[1]).setVariable("z", vars[2]).evaluate();
                                } catch (RuntimeException ex) {
                                    v = Double.NaN;
                                }
                            }
                            if (!Double.isFinite(v)) {
                                throw new UserError(key + ": \"" + text + "\" is not finite (" + v + ") at x = "
                                        + g.axis(0).x(i) + (g.rank() > 1 ? ", y = " + g.axis(1).x(j) : "")
                                        + (g.rank() > 2 ? ", z = " + g.axis(2).x(k) : "") + ", t = " + t);
                            }
                            out.set(p, v);
                        }
                    }
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
