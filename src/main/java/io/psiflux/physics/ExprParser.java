package io.psiflux.physics;

import io.psiflux.UserError;
import java.util.ArrayList;
import java.util.List;
import net.objecthunter.exp4j.Expression;

/**
 * Reads exp4j's expression syntax into an {@link Expr} tree: a small recursive-descent parser with
 * exp4j's rules. + - lowest, then * / and juxtaposition ({@code 2t}, {@code x y}, {@code 2(x)}),
 * then unary minus and plus, then ^ (right associative, so {@code -x^2 = -(x^2)} and
 * {@code 2^3^2 = 2^9}). Names are split as exp4j splits them, the longest known name first
 * ({@code pix} is pi times x, {@code exp} the function).
 *
 * <p>What it cannot read (the % operator, a function without parentheses, an unknown name) gives
 * null, and {@link #agreesWithExp4j} guards against any other reading that differs from exp4j's.
 */
final class ExprParser {

    /**
     * Brackets, function calls, signs and powers nested deeper than this are refused: the parser
     * recurses a few frames per level, so this keeps it far from the end of a default (1 MiB)
     * thread stack. 2,000 nested {@code sin(} would otherwise overflow it.
     */
    static final int MAX_NESTING = 250;

    /**
     * Trees deeper than this ({@link Expr#depth}) are refused: {@link Expr#eval} recurses once per
     * level, on the caller's thread and on the CPU backend's workers. A sum of n terms is about n
     * deep, so sums of over a thousand terms are read; 10,000 terms would overflow the stack.
     */
    static final int MAX_DEPTH = 2500;

    private static final List<String> NAMES;

    static {
        List<String> names = new ArrayList<>();
        for (Expr.Fn f : Expr.Fn.values()) names.add(f.text);
        names.addAll(List.of("x", "y", "z", "t", "pi", "e"));
        names.sort((a, b) -> b.length() - a.length());
        NAMES = List.copyOf(names);
    }

    private ExprParser() {
    }

    /**
     * The parsed tree, or null when the text is outside what this parser reads or nests deeper than
     * {@link #MAX_NESTING} or {@link #MAX_DEPTH} (see {@link #tooDeep}).
     */
    static Expr parse(String text) {
        if (text == null) return null;
        try {
            Expr n = read(text);
            return n != null && n.depth() <= MAX_DEPTH ? n : null;
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }

    /** The tree of the whole text, or null when tokens are left over; throws when unreadable or too nested. */
    private static Expr read(String text) {
        Parser p = new Parser(tokens(text));
        Expr n = p.expr();
        return p.pos == p.toks.size() ? n : null;
    }

    /**
     * Why the text is too deeply nested to evaluate safely, as the end of a sentence that starts
     * with the key; null when it is not (or when this parser does not read it, for then exp4j,
     * which keeps its own stacks, evaluates it).
     */
    static String tooDeep(String text) {
        Expr n;
        try {
            n = read(text);
        } catch (TooNested ex) {
            int brackets = 0, deepest = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '(') deepest = Math.max(deepest, ++brackets);
                else if (c == ')') brackets--;
            }
            return "the expression nests brackets, function calls, signs or powers "
                    + (deepest > MAX_NESTING ? deepest + " levels deep" : "more than " + MAX_NESTING + " levels deep")
                    + ", more than the " + MAX_NESTING + " allowed; simplify it";
        } catch (IllegalArgumentException ex) {
            return null;
        }
        if (n == null) return null;
        int depth = n.depth();
        if (depth <= MAX_DEPTH) return null;
        return "the expression is " + depth + " operations deep (a sum of n terms is about n deep), more than the "
                + MAX_DEPTH + " allowed; group the terms in brackets, e.g. (a + b + c) + (d + e + f), or give the "
                + "potential as a file";
    }

    /** The parser went deeper than {@link #MAX_NESTING}. */
    private static final class TooNested extends IllegalArgumentException {
        TooNested() {
            super("nested more than " + MAX_NESTING + " levels deep", null);
        }
    }

    /** Compares the tree with exp4j at fixed points spread over a few units in x, y, z and t. */
    static boolean agreesWithExp4j(Expr n, String text) {
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
        /** Brackets, calls, signs and powers open at the current position: the parser's own recursion. */
        int nesting;

        Parser(List<Tok> toks) {
            this.toks = toks;
        }

        char peek() {
            return pos < toks.size() ? toks.get(pos).kind() : '\0';
        }

        void enter() {
            if (++nesting > MAX_NESTING) throw new TooNested();
        }

        void expect(char k) {
            if (peek() != k) throw new IllegalArgumentException("expected " + k);
            pos++;
        }

        /** expr := term (('+' | '-') term)* */
        Expr expr() {
            Expr n = term();
            while (peek() == '+' || peek() == '-') {
                char op = toks.get(pos++).kind();
                n = new Expr.Bin(op, n, term());
            }
            return n;
        }

        /** term := unary (('*' | '/') unary | juxtaposed primary-led unary)* */
        Expr term() {
            Expr n = unary();
            while (true) {
                char k = peek();
                if (k == '*' || k == '/') {
                    pos++;
                    n = new Expr.Bin(k, n, unary());
                } else if (k == 'n' || k == 'a' || k == '(') {
                    n = new Expr.Bin('*', n, power());
                } else {
                    return n;
                }
            }
        }

        /** unary := ('-' | '+') unary | power */
        Expr unary() {
            char k = peek();
            if (k == '-' || k == '+') {
                pos++;
                enter();
                Expr a = unary();
                nesting--;
                return k == '-' ? new Expr.Neg(a) : a;
            }
            return power();
        }

        /** power := primary ('^' unary)?, right associative through unary. */
        Expr power() {
            Expr base = primary();
            if (peek() == '^') {
                pos++;
                enter();
                Expr exponent = unary();
                nesting--;
                return new Expr.Pow(base, exponent);
            }
            return base;
        }

        Expr primary() {
            if (pos >= toks.size()) throw new IllegalArgumentException("unexpected end");
            Tok t = toks.get(pos++);
            switch (t.kind()) {
                case 'n':
                    return new Expr.Num(t.value());
                case '(': {
                    enter();
                    Expr n = expr();
                    expect(')');
                    nesting--;
                    return n;
                }
                case 'a':
                    return name(t.text());
                default:
                    throw new IllegalArgumentException("unexpected " + t.kind());
            }
        }

        Expr name(String name) {
            int var = Expr.VARIABLES.indexOf(name);
            if (var >= 0) return new Expr.Var(var);
            if (name.equals("pi")) return new Expr.Const("pi", Math.PI);
            if (name.equals("e")) return new Expr.Const("e", Math.E);
            Expr.Fn fn = Expr.Fn.of(name);
            if (fn == null) throw new IllegalArgumentException("unknown name " + name);
            expect('(');
            enter();
            List<Expr> args = new ArrayList<>();
            args.add(expr());
            while (peek() == ',') {
                pos++;
                args.add(expr());
            }
            expect(')');
            nesting--;
            return new Expr.Call(fn, args);
        }
    }
}
