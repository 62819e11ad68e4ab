package io.psiflux.physics;

import io.psiflux.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.objecthunter.exp4j.Expression;

/**
 * Translates an expression of {@link Expressions} (exp4j syntax) into an OpenCL C expression of the
 * variables {@code x y z t}, for a backend that evaluates the potential in a kernel instead of
 * sampling it on the host.
 *
 * <p>A small recursive-descent parser with exp4j's rules: + - lowest, then * / and juxtaposition
 * ({@code 2t}, {@code x y}, {@code 2(x)}), then unary minus and plus, then ^ (right associative,
 * so {@code -x^2 = -(x^2)} and {@code 2^3^2 = 2^9}). Names are split as exp4j splits them, the
 * longest known name first ({@code pix} is pi times x, {@code exp} the function). Output: floating
 * literals unsuffixed (double; a backend without fp64 builds with -cl-single-precision-constant),
 * pi and e as M_PI and M_E, abs/min/max as fabs/fmin/fmax, step(u) as a conditional, ^ as pown for
 * small integer exponents and pow otherwise.
 *
 * <p>Whatever it cannot translate (the % operator, a function without parentheses, an unknown
 * name) gives null, and so does any disagreement with exp4j: the parsed tree is evaluated in Java
 * at a set of sample points and must match exp4j's value there, so a parse that reads the text
 * differently from exp4j falls back to host sampling instead of computing another potential.
 */
public final class ExpressionSource {

    /** Functions with their OpenCL names and arity. */
    private static final Map<String, String> FUNCTIONS = Map.ofEntries(
            Map.entry("sin", "sin"), Map.entry("cos", "cos"), Map.entry("tan", "tan"),
            Map.entry("asin", "asin"), Map.entry("acos", "acos"), Map.entry("atan", "atan"),
            Map.entry("exp", "exp"), Map.entry("expm1", "expm1"), Map.entry("log", "log"),
            Map.entry("log10", "log10"), Map.entry("log2", "log2"), Map.entry("log1p", "log1p"),
            Map.entry("sqrt", "sqrt"), Map.entry("cbrt", "cbrt"), Map.entry("abs", "fabs"),
            Map.entry("sinh", "sinh"), Map.entry("cosh", "cosh"), Map.entry("tanh", "tanh"),
            Map.entry("floor", "floor"), Map.entry("ceil", "ceil"), Map.entry("signum", "sign"),
            Map.entry("min", "fmin"), Map.entry("max", "fmax"), Map.entry("step", "step"));
    private static final List<String> NAMES;

    static {
        List<String> names = new ArrayList<>(FUNCTIONS.keySet());
        names.addAll(List.of("x", "y", "z", "t", "pi", "e"));
        names.sort((a, b) -> b.length() - a.length());
        NAMES = List.copyOf(names);
    }

    private ExpressionSource() {
    }

    /**
     * The OpenCL C form of {@code text}, or null when it cannot be translated faithfully (the
     * caller then samples the expression on the host).
     */
    public static String openCl(String text) {
        Node n = parse(text);
        if (n == null || !agreesWithExp4j(n, text)) return null;
        return n.c();
    }

    /** The parsed tree, or null when the text is outside what this translator reads. */
    static Node parse(String text) {
        if (text == null) return null;
        try {
            Parser p = new Parser(tokens(text));
            Node n = p.expr();
            return p.pos == p.toks.size() ? n : null;
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }

    /** Compares the tree with exp4j at fixed points spread over a few units in x, y, z and t. */
    static boolean agreesWithExp4j(Node n, String text) {
        Expression e;
        try {
            e = new Expression(Expressions.compile(text, "expression"));
        } catch (UserError ex) {
            return false;
        }
        long seed = 0x5DEECE66DL;
        for (int s = 0; s < 24; s++) {
            double[] v = new double[4];
            for (int i = 0; i < 4; i++) {
                seed = seed * 6364136223846793005L + 1442695040888963407L;
                double u = (seed >>> 11) * 0x1.0p-53;
                v[i] = i == 3 ? 4 * u : 8 * u - 4;
            }
            if (s == 0) v = new double[] {0, 0, 0, 0};
            double want;
            try {
                e.setVariable("x", v[0]).setVariable("y", v[1]).setVariable("z", v[2]).setVariable("t", v[3]);
                want = e.evaluate();
            } catch (RuntimeException ex) {
                continue; // exp4j refuses the point (division by zero): the host sampler would too
            }
            double got = n.eval(v);
            if (Double.isNaN(want) || Double.isNaN(got)) {
                if (Double.isNaN(want) != Double.isNaN(got)) return false;
                continue;
            }
            if (Double.isInfinite(want) || Double.isInfinite(got)) {
                if (want != got) return false;
                continue;
            }
            if (Math.abs(want - got) > 1e-12 * Math.max(1, Math.abs(want))) return false;
        }
        return true;
    }

    // ---- tree ----

    /** A parsed expression: its value in Java (as exp4j computes it) and its OpenCL C text. */
    interface Node {
        /** v = {x, y, z, t}. */
        double eval(double[] v);

        String c();
    }

    private record Num(double value) implements Node {
        public double eval(double[] v) {
            return value;
        }

        public String c() {
            return Double.toString(value);
        }
    }

    private record Var(int index, String name) implements Node {
        public double eval(double[] v) {
            return v[index];
        }

        public String c() {
            return name;
        }
    }

    private record Const(double value, String cName) implements Node {
        public double eval(double[] v) {
            return value;
        }

        public String c() {
            return cName;
        }
    }

    private record Neg(Node a) implements Node {
        public double eval(double[] v) {
            return -a.eval(v);
        }

        public String c() {
            return "(-" + a.c() + ")";
        }
    }

    private record Bin(char op, Node a, Node b) implements Node {
        public double eval(double[] v) {
            double p = a.eval(v), q = b.eval(v);
            return switch (op) {
                case '+' -> p + q;
                case '-' -> p - q;
                case '*' -> p * q;
                default -> p / q;
            };
        }

        public String c() {
            return "(" + a.c() + " " + op + " " + b.c() + ")";
        }
    }

    private record Pow(Node a, Node b) implements Node {
        public double eval(double[] v) {
            return Math.pow(a.eval(v), b.eval(v));
        }

        public String c() {
            Integer k = smallInteger(b);
            return k != null ? "pown(" + a.c() + ", " + k + ")" : "pow(" + a.c() + ", " + b.c() + ")";
        }

        private static Integer smallInteger(Node n) {
            if (n instanceof Num num && num.value == Math.rint(num.value) && Math.abs(num.value) <= 64) return (int) num.value;
            if (n instanceof Neg neg) {
                Integer k = smallInteger(neg.a);
                return k == null ? null : -k;
            }
            return null;
        }
    }

    private record Call(String name, List<Node> args) implements Node {
        public double eval(double[] v) {
            double a = args.get(0).eval(v);
            return switch (name) {
                case "sin" -> Math.sin(a);
                case "cos" -> Math.cos(a);
                case "tan" -> Math.tan(a);
                case "asin" -> Math.asin(a);
                case "acos" -> Math.acos(a);
                case "atan" -> Math.atan(a);
                case "exp" -> Math.exp(a);
                case "expm1" -> Math.expm1(a);
                case "log" -> Math.log(a);
                case "log10" -> Math.log10(a);
                case "log2" -> Math.log(a) / Math.log(2);
                case "log1p" -> Math.log1p(a);
                case "sqrt" -> Math.sqrt(a);
                case "cbrt" -> Math.cbrt(a);
                case "abs" -> Math.abs(a);
                case "sinh" -> Math.sinh(a);
                case "cosh" -> Math.cosh(a);
                case "tanh" -> Math.tanh(a);
                case "floor" -> Math.floor(a);
                case "ceil" -> Math.ceil(a);
                case "signum" -> Math.signum(a);
                case "min" -> Math.min(a, args.get(1).eval(v));
                case "max" -> Math.max(a, args.get(1).eval(v));
                case "step" -> a >= 0 ? 1.0 : 0.0;
                default -> throw new IllegalStateException(name);
            };
        }

        public String c() {
            if (name.equals("step")) return "((" + args.get(0).c() + ") >= 0 ? 1.0 : 0.0)";
            StringBuilder s = new StringBuilder(FUNCTIONS.get(name)).append('(');
            for (int i = 0; i < args.size(); i++) s.append(i > 0 ? ", " : "").append(args.get(i).c());
            return s.append(')').toString();
        }
    }

    // ---- tokens ----

    /** A token: kind 'n' number (value), 'a' name (text), or the character of an operator or bracket. */
    private record Tok(char kind, double value, String text) {
    }

    private static List<Tok> tokens(String s) {
        List<Tok> out = new ArrayList<>();
        int i = 0, len = s.length();
        while (i < len) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isDigit(c) || c == '.') {
                int j = i;
                while (j < len && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '.')) j++;
                if (j < len && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
                    int k = j + 1;
                    if (k < len && (s.charAt(k) == '+' || s.charAt(k) == '-')) k++;
                    if (k < len && Character.isDigit(s.charAt(k))) {
                        while (k < len && Character.isDigit(s.charAt(k))) k++;
                        j = k;
                    }
                }
                double v;
                try {
                    v = Double.parseDouble(s.substring(i, j));
                } catch (NumberFormatException ex) {
                    throw new IllegalArgumentException(ex);
                }
                if (!Double.isFinite(v)) throw new IllegalArgumentException("number out of range");
                out.add(new Tok('n', v, null));
                i = j;
            } else if (Character.isLetter(c)) {
                String name = null;
                for (String n : NAMES) {
                    if (s.startsWith(n, i)) {
                        name = n;
                        break;
                    }
                }
                if (name == null) throw new IllegalArgumentException("unknown name at " + i);
                out.add(new Tok('a', 0, name));
                i += name.length();
            } else if ("+-*/^(),".indexOf(c) >= 0) {
                out.add(new Tok(c, 0, null));
                i++;
            } else {
                throw new IllegalArgumentException("unsupported character " + c);
            }
        }
        return out;
    }

    // ---- parser ----

    private static final class Parser {
        final List<Tok> toks;
        int pos;

        Parser(List<Tok> toks) {
            this.toks = toks;
        }

        char peek() {
            return pos < toks.size() ? toks.get(pos).kind() : '\0';
        }

        void expect(char k) {
            if (peek() != k) throw new IllegalArgumentException("expected " + k);
            pos++;
        }

        /** expr := term (('+' | '-') term)* */
        Node expr() {
            Node n = term();
            while (peek() == '+' || peek() == '-') {
                char op = toks.get(pos++).kind();
                n = new Bin(op, n, term());
            }
            return n;
        }

        /** term := unary (('*' | '/') unary | juxtaposed primary-led unary)* */
        Node term() {
            Node n = unary();
            while (true) {
                char k = peek();
                if (k == '*' || k == '/') {
                    pos++;
                    n = new Bin(k, n, unary());
                } else if (k == 'n' || k == 'a' || k == '(') {
                    n = new Bin('*', n, power());
                } else {
                    return n;
                }
            }
        }

        /** unary := ('-' | '+') unary | power */
        Node unary() {
            char k = peek();
            if (k == '-') {
                pos++;
                return new Neg(unary());
            }
            if (k == '+') {
                pos++;
                return unary();
            }
            return power();
        }

        /** power := primary ('^' unary)?, right associative through unary. */
        Node power() {
            Node base = primary();
            if (peek() == '^') {
                pos++;
                return new Pow(base, unary());
            }
            return base;
        }

        Node primary() {
            if (pos >= toks.size()) throw new IllegalArgumentException("unexpected end");
            Tok t = toks.get(pos++);
            switch (t.kind()) {
                case 'n':
                    return new Num(t.value());
                case '(': {
                    Node n = expr();
                    expect(')');
                    return n;
                }
                case 'a':
                    return name(t.text());
                default:
                    throw new IllegalArgumentException("unexpected " + t.kind());
            }
        }

        Node name(String name) {
            switch (name) {
                case "x":
                    return new Var(0, "x");
                case "y":
                    return new Var(1, "y");
                case "z":
                    return new Var(2, "z");
                case "t":
                    return new Var(3, "t");
                case "pi":
                    return new Const(Math.PI, "M_PI");
                case "e":
                    return new Const(Math.E, "M_E");
                default:
                    break;
            }
            expect('(');
            List<Node> args = new ArrayList<>();
            args.add(expr());
            while (peek() == ',') {
                pos++;
                args.add(expr());
            }
            expect(')');
            int arity = name.equals("min") || name.equals("max") ? 2 : 1;
            if (args.size() != arity) throw new IllegalArgumentException(name + " takes " + arity + " arguments");
            return new Call(name, List.copyOf(args));
        }
    }
}
