package io.psiflux.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.physics.Expr;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OpenCL C of expression trees: flat statements, few temporaries, OpenCL's names (no device needed). */
class ExprCTest {

    /** The statements and the value of a text's tree, as one string: "s1 s2 | value". */
    private static String c(String text) {
        ExprC.Code code = ExprC.of(Expr.parse(text));
        return (String.join(" ", code.statements()) + " | " + code.value()).strip();
    }

    @Test
    void usesOpenClNames() {
        assertEquals("hreal r0; r0 = pown(x, 2); r0 = r0 / 2.0; | r0", c("x^2/2"));
        assertEquals("hreal r0; r0 = 2.0 * t; | r0", c("2t"));
        assertEquals("hreal r0; r0 = pown(x, 2); r0 = -r0; | r0", c("-x^2"));
        assertEquals("hreal r0; r0 = pown(x, -2); | r0", c("x^-2"));
        assertEquals("hreal r0; r0 = pow(x, 0.5); | r0", c("x^0.5"));
        assertEquals("hreal r0; r0 = fabs(x); | r0", c("abs(x)"));
        assertEquals("hreal r0; r0 = fmax(y, 1.0E-4); r0 = fmin(x, r0); | r0", c("min(x, max(y, 1e-4))"));
        assertEquals("hreal r0; r0 = x >= 0 ? 1.0 : 0.0; | r0", c("step(x)"));
        assertEquals("hreal r0; r0 = M_PI * M_E; | r0", c("pi e"));
        assertEquals("hreal r0; r0 = pown(3.0, 2); r0 = pow(2.0, r0); | r0", c("2^3^2"));
        assertEquals("hreal r0; r0 = sign(x); | r0", c("signum(x)"));
        assertEquals("| x", c("x"));
    }

    @Test
    void operandsComputedFirstAreKeptUntilUsed() {
        assertEquals("hreal r0, r1; r0 = pown(x, 2); r0 = 0.5 * r0; r1 = sin(t); r1 = r1 * x; r0 = r0 + r1; | r0",
                c("0.5*x^2 + sin(t)*x"));
    }

    @Test
    void aLongSumIsFlatAndNeedsFewTemporaries() {
        StringBuilder s = new StringBuilder("0.5*x^2");
        for (int i = 0; i < 1000; i++) s.append(" + ").append(0.001 * (i % 7 + 1)).append("*sin(").append(i % 5 + 1).append("t)*x");
        ExprC.Code code = ExprC.of(Expr.parse(s.toString()));
        assertEquals("hreal r0, r1;", code.statements().get(0));
        assertEquals("r0", code.value());
        for (String line : code.statements()) {
            assertTrue(line.chars().filter(ch -> ch == '(').count() <= 1, "nothing nested: " + line);
        }
        assertTrue(code.statements().size() > 3000);
    }

    @Test
    void negativeLiteralsAreBracketed() {
        ExprC.Code code = ExprC.of(new Expr.Bin('-', new Expr.Var(0), new Expr.Num(-1)));
        assertEquals(List.of("hreal r0;", "r0 = x - (-1.0);"), code.statements());
    }
}
