package io.psiflux.physics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A math expression of x, y, z and t as a tree: the neutral form of a potential expression, which
 * the CPU backend evaluates and the OpenCL backend translates into a kernel. Parsed from exp4j's
 * syntax by {@link #parse}, which accepts a text only when the tree computes what exp4j computes.
 *
 * <p>{@link #eval} follows exp4j's arithmetic (Java's {@code Math}); step(u) is 1 for u >= 0.
 */
public sealed interface Expr {

    /** Index of each variable in the argument of {@link #eval(double[])}: x, y, z, t. */
    List<String> VARIABLES = List.of("x", "y", "z", "t");

    /** The value at {@code v = {x, y, z, t}}. */
    double eval(double[] v);

    /** The operands of this node, in order; none for a number, variable or constant. */
    List<Expr> children();

    /** True when the tree reads the variable t. Walks the tree without recursion, as {@link #depth} does. */
    default boolean usesTime() {
        Deque<Expr> todo = new ArrayDeque<>();
        todo.push(this);
        while (!todo.isEmpty()) {
            Expr e = todo.pop();
            if (e instanceof Var var && var.index() == 3) return true;
            for (Expr c : e.children()) todo.push(c);
        }
        return false;
    }

    /**
     * Nodes on the longest path from here to a leaf (a leaf is 1; {@code x + y + z} is 3, since +
     * is left associative). {@link #eval} recurses this deep; measured without recursion, so a
     * tree of any depth can be checked before it is evaluated.
     */
    default int depth() {
        // iterative post-order: a node's depth is known once its children's are
        java.util.IdentityHashMap<Expr, Integer> known = new java.util.IdentityHashMap<>();
        Deque<Expr> todo = new ArrayDeque<>();
        todo.push(this);
        while (!todo.isEmpty()) {
            Expr e = todo.peek();
            if (known.containsKey(e)) {
                todo.pop();
                continue;
            }
            List<Expr> pending = new ArrayList<>();
            int deepest = 0;
            for (Expr c : e.children()) {
                Integer d = known.get(c);
                if (d == null) pending.add(c);
                else deepest = Math.max(deepest, d);
            }
            if (pending.isEmpty()) {
                known.put(e, deepest + 1);
                todo.pop();
            } else {
                for (Expr c : pending) todo.push(c);
            }
        }
        return known.get(this);
    }

    /**
     * The tree of {@code text}, or null when the text is outside what the parser reads or the tree
     * disagrees with exp4j at a set of sample points (callers then evaluate the text with exp4j).
     */
    static Expr parse(String text) {
        Expr e = ExprParser.parse(text);
        return e != null && ExprParser.agreesWithExp4j(e, text) ? e : null;
    }

    /** A literal number. */
    record Num(double value) implements Expr {
        public List<Expr> children() {
            return List.of();
        }

        public double eval(double[] v) {
            return value;
        }
    }

    /** A variable: index 0 x, 1 y, 2 z, 3 t. */
    record Var(int index) implements Expr {
        public List<Expr> children() {
            return List.of();
        }

        public double eval(double[] v) {
            return v[index];
        }

        public String name() {
            return VARIABLES.get(index);
        }
    }

    /** A named constant: pi or e. */
    record Const(String name, double value) implements Expr {
        public List<Expr> children() {
            return List.of();
        }

        public double eval(double[] v) {
            return value;
        }
    }

    /** -a. */
    record Neg(Expr a) implements Expr {
        public List<Expr> children() {
            return List.of(a);
        }

        public double eval(double[] v) {
            return -a.eval(v);
        }
    }

    /** a op b with op one of + - * /. */
    record Bin(char op, Expr a, Expr b) implements Expr {
        public List<Expr> children() {
            return List.of(a, b);
        }

        public double eval(double[] v) {
            double p = a.eval(v), q = b.eval(v);
            return switch (op) {
                case '+' -> p + q;
                case '-' -> p - q;
                case '*' -> p * q;
                default -> p / q;
            };
        }
    }

    /** base ^ exponent. */
    record Pow(Expr base, Expr exponent) implements Expr {
        public List<Expr> children() {
            return List.of(base, exponent);
        }

        public double eval(double[] v) {
            return Math.pow(base.eval(v), exponent.eval(v));
        }

        /** The exponent when it is an integer literal of magnitude at most 64, else null. */
        public Integer smallIntegerExponent() {
            return smallInteger(exponent);
        }

        private static Integer smallInteger(Expr n) {
            int sign = 1;
            while (n instanceof Neg neg) {
                sign = -sign;
                n = neg.a();
            }
            if (n instanceof Num num && num.value() == Math.rint(num.value()) && Math.abs(num.value()) <= 64) {
                return sign * (int) num.value();
            }
            return null;
        }
    }

    /** A function call; {@link Fn} gives the names and arities. */
    record Call(Fn fn, List<Expr> args) implements Expr {
        public Call {
            args = List.copyOf(args);
            if (args.size() != fn.arity) throw new IllegalArgumentException(fn.text + " takes " + fn.arity + " arguments");
        }

        public List<Expr> children() {
            return args;
        }

        public double eval(double[] v) {
            double a = args.get(0).eval(v);
            return fn.arity == 2 ? fn.apply(a, args.get(1).eval(v)) : fn.apply(a, 0);
        }
    }

    /** The functions an expression may call, as exp4j (and {@link Expressions}) define them. */
    enum Fn {
        SIN("sin", 1), COS("cos", 1), TAN("tan", 1), ASIN("asin", 1), ACOS("acos", 1), ATAN("atan", 1),
        EXP("exp", 1), EXPM1("expm1", 1), LOG("log", 1), LOG10("log10", 1), LOG2("log2", 1), LOG1P("log1p", 1),
        SQRT("sqrt", 1), CBRT("cbrt", 1), ABS("abs", 1), SINH("sinh", 1), COSH("cosh", 1), TANH("tanh", 1),
        FLOOR("floor", 1), CEIL("ceil", 1), SIGNUM("signum", 1), MIN("min", 2), MAX("max", 2), STEP("step", 1);

        /** The name in expression text. */
        public final String text;
        public final int arity;

        Fn(String text, int arity) {
            this.text = text;
            this.arity = arity;
        }

        /** The function of a name, or null. */
        public static Fn of(String name) {
            for (Fn f : values()) if (f.text.equals(name)) return f;
            return null;
        }

        /** f(a), or f(a, b) for the two-argument functions. */
        public double apply(double a, double b) {
            return switch (this) {
                case SIN -> Math.sin(a);
                case COS -> Math.cos(a);
                case TAN -> Math.tan(a);
                case ASIN -> Math.asin(a);
                case ACOS -> Math.acos(a);
                case ATAN -> Math.atan(a);
                case EXP -> Math.exp(a);
                case EXPM1 -> Math.expm1(a);
                case LOG -> Math.log(a);
                case LOG10 -> Math.log10(a);
                case LOG2 -> Math.log(a) / Math.log(2);
                case LOG1P -> Math.log1p(a);
                case SQRT -> Math.sqrt(a);
                case CBRT -> Math.cbrt(a);
                case ABS -> Math.abs(a);
                case SINH -> Math.sinh(a);
                case COSH -> Math.cosh(a);
                case TANH -> Math.tanh(a);
                case FLOOR -> Math.floor(a);
                case CEIL -> Math.ceil(a);
                case SIGNUM -> Math.signum(a);
                case MIN -> Math.min(a, b);
                case MAX -> Math.max(a, b);
                case STEP -> a >= 0 ? 1.0 : 0.0;
            };
        }
    }
}
