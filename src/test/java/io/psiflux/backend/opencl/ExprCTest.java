package io.psiflux.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.psiflux.physics.Expr;
import org.junit.jupiter.api.Test;

/** The OpenCL C text of expression trees uses OpenCL's names (no device needed). */
class ExprCTest {

    private static String c(String text) {
        return ExprC.of(Expr.parse(text));
    }

    @Test
    void usesOpenClNames() {
        assertEquals("(pown(x, 2) / 2.0)", c("x^2/2"));
        assertEquals("(2.0 * t)", c("2t"));
        assertEquals("(-pown(x, 2))", c("-x^2"));
        assertEquals("pown(x, -2)", c("x^-2"));
        assertEquals("pow(x, 0.5)", c("x^0.5"));
        assertEquals("fabs(x)", c("abs(x)"));
        assertEquals("fmin(x, fmax(y, 1.0E-4))", c("min(x, max(y, 1e-4))"));
        assertEquals("((x) >= 0 ? 1.0 : 0.0)", c("step(x)"));
        assertEquals("(M_PI * M_E)", c("pi e"));
        assertEquals("pow(2.0, pown(3.0, 2))", c("2^3^2"));
        assertEquals("sign(x)", c("signum(x)"));
    }
}
