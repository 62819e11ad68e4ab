package io.psiflux.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.UserError;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import java.util.concurrent.atomic.AtomicReference;
import net.objecthunter.exp4j.Expression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The expression language of potentials: what the Expressions javadoc promises. */
class ExpressionsTest {
    private static final String KEY = "potential.expression";

    private static double eval(String text, double x, double y, double z, double t) {
        Expression e = Expressions.compile(text, KEY);
        e.setVariable("x", x).setVariable("y", y).setVariable("z", z).setVariable("t", t);
        return e.evaluate();
    }

    private static double eval(String text) {
        return eval(text, 0, 0, 0, 0);
    }

    @Test
    void arithmeticOperatorsFollowTheUsualPrecedence() {
        assertEquals(5.0, eval("1 + 2*3 - 4/2"), 0.0);
        assertEquals(9.0, eval("(1 + 2)*3"), 0.0);
        assertEquals(1024.0, eval("2^10"), 0.0);
        assertEquals(0.5, eval("2^-1"), 0.0);
        assertEquals(512.0, eval("2^3^2"), 0.0, "^ is right-associative, as in mathematics");
        assertEquals(2.0, eval("8/2/2"), 0.0, "/ is left-associative");
    }

    @Test
    void powerBindsTighterThanUnaryMinus() {
        assertEquals(-4.0, eval("-2^2"), 0.0);
        assertEquals(4.0, eval("(-2)^2"), 0.0);
        assertEquals(-9.0, eval("-x^2", 3, 0, 0, 0), 0.0, "-x^2 is -(x^2), so a well is written -x^2");
        assertEquals(-8.0, eval("-3^2 + 1"), 0.0);
    }

    @Test
    void variablesAreXYZAndT() {
        assertEquals(1 + 20 + 300 + 4000, eval("x + 10*y + 100*z + 1000*t", 1, 2, 3, 4), 0.0);
    }

    @Test
    void functionsMatchTheirMathematicalDefinitions() {
        double u = 0.7;
        assertEquals(Math.sin(u), eval("sin(x)", u, 0, 0, 0), 0.0);
        assertEquals(Math.cos(u), eval("cos(x)", u, 0, 0, 0), 0.0);
        assertEquals(Math.tan(u), eval("tan(x)", u, 0, 0, 0), 0.0);
        assertEquals(Math.exp(u), eval("exp(x)", u, 0, 0, 0), 0.0);
        assertEquals(Math.log(u), eval("log(x)", u, 0, 0, 0), 0.0, "log is the natural logarithm");
        assertEquals(Math.sqrt(u), eval("sqrt(x)", u, 0, 0, 0), 0.0);
        assertEquals(u, eval("abs(x)", -u, 0, 0, 0), 0.0);
        assertEquals(Math.sinh(u), eval("sinh(x)", u, 0, 0, 0), 1e-15);
        assertEquals(Math.cosh(u), eval("cosh(x)", u, 0, 0, 0), 1e-15);
        assertEquals(Math.tanh(u), eval("tanh(x)", u, 0, 0, 0), 1e-15);
    }

    @Test
    void minMaxAndStep() {
        assertEquals(-1.0, eval("min(3, -1)"), 0.0);
        assertEquals(3.0, eval("max(3, -1)"), 0.0);
        assertEquals(2.0, eval("min(x, 2)", 5, 0, 0, 0), 0.0);
        assertEquals(0.0, eval("step(x)", -0.5, 0, 0, 0), 0.0);
        assertEquals(1.0, eval("step(x)", 0, 0, 0, 0), 0.0, "step(0) = 1");
        assertEquals(1.0, eval("step(x)", 2, 0, 0, 0), 0.0);
        // a square barrier of height 5 on [-1, 1]
        String barrier = "5*step(x + 1)*step(1 - x)";
        assertEquals(5.0, eval(barrier, 0.3, 0, 0, 0), 0.0);
        assertEquals(0.0, eval(barrier, 1.5, 0, 0, 0), 0.0);
    }

    @Test
    void constantsPiAndE() {
        assertEquals(Math.PI, eval("pi"), 0.0);
        assertEquals(Math.E, eval("e"), 0.0);
        assertEquals(-1.0, eval("cos(pi)"), 0.0);
        assertEquals(1.0, eval("log(e)"), 0.0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"x + w|w", "foo(x)|foo", "X*2|X", "sin(x)*omega|omega"})
    void unknownNamesAreUserErrorsNamingTheKeyAndTheName(String text, String unknown) {
        UserError e = assertThrows(UserError.class, () -> Expressions.compile(text, KEY));
        assertTrue(e.getMessage().startsWith(KEY + ": cannot parse \"" + text + "\""), e.getMessage());
        assertTrue(e.getMessage().contains("'" + unknown + "'"), "names '" + unknown + "': " + e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"x +* 2", "sin(x", "((x)", "x)", "3 +", "2**3", "min(1)", "max(1, 2, 3)", "sin()", "3..4"})
    void syntaxErrorsAreUserErrorsNamingTheKey(String text) {
        UserError e = assertThrows(UserError.class, () -> Expressions.compile(text, KEY));
        assertTrue(e.getMessage().startsWith(KEY + ": cannot parse \"" + text + "\""), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void emptyExpressionsAreRefused(String text) {
        UserError e = assertThrows(UserError.class, () -> Expressions.compile(text, KEY));
        assertEquals(KEY + ": the expression is empty", e.getMessage());
        assertThrows(UserError.class, () -> Expressions.compile(null, KEY));
    }

    @Test
    void timeIsDetectedWhereverTheParserSeesIt() {
        for (String s : new String[] {"t", "sin(t)", "exp(-t)*x", "cos(2*pi*t)", "x t", "2t", "sin(2t)", "xt", "t^2"}) {
            assertTrue(Expressions.usesTime(s), s + " depends on t");
        }
        for (String s : new String[] {"x^2", "tan(x)", "sqrt(x)", "step(x)", "exp(-y^2)", "cosh(z)", "pi*e"}) {
            assertEquals(false, Expressions.usesTime(s), s + " does not depend on t");
        }
    }

    // ---- depth limits: nothing a config can say overflows a thread's stack ----

    /** A time-dependent sum of {@code n} terms after a trap, like a generated drive. */
    static String sum(int n) {
        StringBuilder s = new StringBuilder("0.5*x^2");
        for (int i = 0; i < n; i++) s.append(" + ").append(0.001 * (i % 7 + 1)).append("*sin(").append(i % 5 + 1).append("t)*x");
        return s.toString();
    }

    static String nestedSin(int n) {
        return "0.01*t*" + "sin(".repeat(n) + "x" + ")".repeat(n);
    }

    /** Runs {@code r} on a thread with half the default stack (1 MiB on 64-bit Linux), rethrowing what it threw. */
    private static void onSmallStack(Runnable r) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread th = new Thread(null, () -> {
            try {
                r.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "small-stack", 512 * 1024);
        th.start();
        th.join();
        Throwable f = failure.get();
        if (f instanceof RuntimeException e) throw e;
        if (f instanceof Error e) throw e;
    }

    @Test
    void theDeepestAcceptedExpressionsParseAndEvaluateOnHalfADefaultStack() throws InterruptedException {
        Grid g = Grid.of(new Axis(4, -1, 1));
        String[] deepest = {sum(ExprParser.MAX_DEPTH - 8), nestedSin(ExprParser.MAX_NESTING - 1),
                "x*" + "-".repeat(ExprParser.MAX_NESTING - 1) + "t", "t" + "^1".repeat(ExprParser.MAX_NESTING - 1),
                "(".repeat(ExprParser.MAX_NESTING - 1) + "x + t" + ")".repeat(ExprParser.MAX_NESTING - 1)};
        onSmallStack(() -> {
            for (String text : deepest) {
                Potential p = Potential.expression(text, KEY);
                assertNotNull(p.tree(), "read into a tree: " + text.substring(0, 40));
                assertTrue(p.tree().depth() <= ExprParser.MAX_DEPTH);
                assertTrue(p.timeDependent());
                RealField v = RealField.scalar(g, Precision.DOUBLE);
                p.sample(0.3, v);
                Expression e = Expressions.compile(text, KEY);
                e.setVariable("x", g.axis(0).x(1)).setVariable("y", 0).setVariable("z", 0).setVariable("t", 0.3);
                assertEquals(e.evaluate(), v.get(1), 1e-12 * Math.max(1, Math.abs(v.get(1))), "the tree agrees with exp4j");
            }
        });
    }

    @Test
    void aThousandTermSumIsReadIntoATree() {
        Expr tree = Expr.parse(sum(1000));
        assertNotNull(tree);
        assertTrue(tree.usesTime());
        assertEquals(1005, tree.depth(), "a left-leaning sum: one level per term, over 0.001*sin(1t)*x, 5 deep");
    }

    @Test
    void overDeepExpressionsAreRefusedNamingTheKeyAndTheLimit() throws InterruptedException {
        onSmallStack(() -> {
            UserError terms = assertThrows(UserError.class, () -> Expressions.compile(sum(10_000), KEY));
            assertTrue(terms.getMessage().startsWith(KEY + ": "), terms.getMessage());
            assertTrue(terms.getMessage().contains(Integer.toString(ExprParser.MAX_DEPTH)), terms.getMessage());
            UserError nested = assertThrows(UserError.class, () -> Expressions.compile(nestedSin(2000), KEY));
            assertTrue(nested.getMessage().startsWith(KEY + ": "), nested.getMessage());
            assertTrue(nested.getMessage().contains(Integer.toString(ExprParser.MAX_NESTING)), nested.getMessage());
            for (String text : new String[] {"x*" + "-".repeat(5000) + "t", "t" + "^1".repeat(5000)}) {
                assertThrows(UserError.class, () -> Potential.expression(text, KEY));
            }
            assertNull(Expr.parse(sum(10_000)), "the tree reader declines what it cannot evaluate safely");
        });
    }
}
