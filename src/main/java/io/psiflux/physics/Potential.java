package io.psiflux.physics;

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

    /** The source text of an expression potential, or null (used to compile it into kernels). */
    default String expression() {
        return null;
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
        };
    }

    /** A potential given by a math expression of x, y, z, t (see {@link Expressions}). */
    static Potential expression(String text, String key) {
        Expression parsed = Expressions.compile(text, key);
        boolean usesT = Expressions.usesTime(parsed);
        return new Potential() {
            @Override
            public boolean timeDependent() {
                return usesT;
            }

            @Override
            public String expression() {
                return text;
            }

            @Override
            public void sample(double t, RealField out) {
                Grid g = out.grid();
                Expression e = new Expression(parsed);
                e.setVariable("t", t);
                int n1 = g.n(1), n2 = g.n(2);
                int p = 0;
                for (int i = 0; i < g.n(0); i++) {
                    e.setVariable("x", g.axis(0).x(i));
                    for (int j = 0; j < n1; j++) {
                        e.setVariable("y", g.rank() > 1 ? g.axis(1).x(j) : 0.0);
                        for (int k = 0; k < n2; k++, p++) {
                            e.setVariable("z", g.rank() > 2 ? g.axis(2).x(k) : 0.0);
                            double v;
                            try {
                                v = e.evaluate();
                            } catch (RuntimeException ex) {
                                v = Double.NaN;
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
