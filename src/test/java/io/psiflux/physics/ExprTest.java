package io.psiflux.physics;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The expression tree: what it parses must compute what exp4j computes (checked at sample points,
 * which also guards every parse at run time), and what it cannot read must give null (exp4j then
 * samples on the host).
 */
class ExprTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "0.5*x^2 - 0.5*sin(2*t)*x", "x^2/2 - 0.5 sin(2t) x", "-x^2", "-2^2", "2^3^2", "2^-x", "2^-x^2", "-x^-2",
            "2x^2", "x^2y", "1/2x", "-x y", "xy", "x y z t", "2(x+1)", "(x)(y)", "x(y)", "sin(x)cos(y)", "2pi x",
            "e^(-x^2)", "pix", "ex", "tx", "2e", "1e-3 x", "2.5E2*y", ".5x", "x.5", "--x", "+x", "x*-y", "1/-x",
            "x - -y", "2--x", "abs(-x)", "min(x, y) + max(x, 2t)", "step(x - 1) * 3", "step(-x)", "sqrt(x^2 + y^2 + 1)",
            "exp(-(x^2 + y^2)/2) * cos(t)", "log(1 + x^2)", "tan(0.1x)", "sinh(x/4) + cosh(y/4) + tanh(z)",
            "100 * step(x) * step(2 - x)", "0", "t", "x^0.5", "(x^2)^1.5", "x^64 * 1e-40", "log10(2 + x^2) + log2(3 + t)",
            "atan(x) + asin(0.1x) + acos(0.1y) + cbrt(z) + floor(x) + ceil(y) + signum(z) + expm1(0.1x) + log1p(x^2)"})
    void translatesWhatExp4jComputes(String text) {
        Expr n = ExprParser.parse(text);
        assertNotNull(n, text);
        assertTrue(ExprParser.agreesWithExp4j(n, text), text + " parsed as " + n);
        assertNotNull(Expr.parse(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"3 % 2", "sinx", "cot(x)", "π x", "", "x +", "min(x)", "sin(x", "2 3", "1e+x",
            "x $ y", "q"})
    void refusesWhatItCannotReadFaithfully(String text) {
        assertNull(Expr.parse(text), text);
    }

    @Test
    void readsTimeWhereExp4jDoes() {
        assertTrue(Expr.parse("sin(3t) x").usesTime());
        assertTrue(Expr.parse("x t").usesTime());
        assertTrue(!Expr.parse("x^2 + exp(-y)").usesTime());
    }
}
