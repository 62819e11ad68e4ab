package io.psiflux.physics;

import io.psiflux.UserError;
import java.util.List;
import net.objecthunter.exp4j.Expression;
import net.objecthunter.exp4j.ExpressionBuilder;
import net.objecthunter.exp4j.ValidationResult;
import net.objecthunter.exp4j.function.Function;

/**
 * Math expressions of x, y, z and t, parsed by exp4j (never a script engine: a config can describe
 * a potential, not run code). Operators + - * / ^ (power binds tighter than unary minus);
 * functions sin cos tan exp log sqrt abs sinh cosh tanh, min(a, b), max(a, b) and step(u) (the
 * Heaviside function, step(0) = 1); constants pi and e. Juxtaposition multiplies, as in exp4j:
 * {@code 2t} and {@code x y} mean {@code 2*t} and {@code x*y}.
 */
public final class Expressions {
    /** The variables an expression may use. */
    public static final List<String> VARIABLES = List.of("x", "y", "z", "t");

    private static final Function MIN = new Function("min", 2) {
        @Override
        public double apply(double... a) {
            return Math.min(a[0], a[1]);
        }
    };
    private static final Function MAX = new Function("max", 2) {
        @Override
        public double apply(double... a) {
            return Math.max(a[0], a[1]);
        }
    };
    private static final Function STEP = new Function("step", 1) {
        @Override
        public double apply(double... a) {
            return a[0] >= 0 ? 1.0 : 0.0;
        }
    };

    private Expressions() {
    }

    /**
     * Parses {@code text}; {@code key} names it in error messages (e.g. "potential.expression").
     * Refuses text nested too deep to evaluate without overflowing a thread's stack: brackets,
     * calls, signs and powers more than {@value ExprParser#MAX_NESTING} levels deep, or a tree more
     * than {@value ExprParser#MAX_DEPTH} operations deep (a sum of n terms is about n deep). The
     * result is not thread-safe: give each thread its own {@code new Expression(e)} copy.
     */
    public static Expression compile(String text, String key) {
        if (text == null || text.isBlank()) throw new UserError(key + ": the expression is empty");
        String deep = ExprParser.tooDeep(text);
        if (deep != null) throw new UserError(key + ": " + deep);
        Expression e;
        try {
            e = new ExpressionBuilder(text)
                    .functions(MIN, MAX, STEP)
                    .variables("x", "y", "z", "t")
                    .build();
        } catch (RuntimeException ex) {
            throw new UserError(key + ": cannot parse \"" + text + "\": " + message(ex));
        }
        for (String v : VARIABLES) e.setVariable(v, 0.0);
        ValidationResult r = e.validate(true);
        if (!r.isValid()) {
            throw new UserError(key + ": cannot parse \"" + text + "\": " + String.join("; ", r.getErrors()));
        }
        return e;
    }

    /**
     * True when the expression uses the variable t, as the parser reads it: exp4j multiplies
     * implicitly, so "2t", "sin(3t)" and "x t" all use t although t is not a separate word there.
     */
    public static boolean usesTime(Expression e) {
        return e.getVariableNames().contains("t");
    }

    /** {@link #usesTime(Expression)} of the text; throws {@link UserError} when it does not parse. */
    public static boolean usesTime(String text) {
        return usesTime(compile(text, "expression"));
    }

    /**
     * The first variable of an inactive axis the text uses (y on a 1D grid, z on a 1D or 2D one),
     * or null: such a variable would silently read 0. Throws {@link UserError} (naming {@code key})
     * when the text does not parse.
     */
    public static String inactiveVariable(String text, int rank, String key) {
        java.util.Set<String> used = compile(text, key).getVariableNames();
        for (int d = rank; d < 3; d++) if (used.contains(VARIABLES.get(d))) return VARIABLES.get(d);
        return null;
    }

    private static String message(RuntimeException ex) {
        String m = ex.getMessage();
        if (m == null) return ex.getClass().getSimpleName();
        m = m.replace('\n', ' ').trim();
        if (m.startsWith("Unknown function or variable")) return m.replace("Unknown function or variable", "unknown function or variable");
        return m;
    }
}
