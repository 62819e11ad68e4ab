package io.psiflux.backend.opencl;

import io.psiflux.physics.Expr;

/**
 * Writes an {@link Expr} as an OpenCL C expression of the variables {@code x y z t}: floating
 * literals unsuffixed (double; a device without fp64 builds with -cl-single-precision-constant),
 * pi and e as M_PI and M_E, abs/min/max/signum as fabs/fmin/fmax/sign, step(u) as a conditional,
 * ^ as pown for small integer exponents and pow otherwise. Every other function keeps its name.
 */
final class ExprC {
    private ExprC() {
    }

    static String of(Expr e) {
        if (e instanceof Expr.Num n) return Double.toString(n.value());
        if (e instanceof Expr.Var v) return v.name();
        if (e instanceof Expr.Const c) return c.name().equals("pi") ? "M_PI" : "M_E";
        if (e instanceof Expr.Neg n) return "(-" + of(n.a()) + ")";
        if (e instanceof Expr.Bin b) return "(" + of(b.a()) + " " + b.op() + " " + of(b.b()) + ")";
        if (e instanceof Expr.Pow p) {
            Integer k = p.smallIntegerExponent();
            return k != null ? "pown(" + of(p.base()) + ", " + k + ")" : "pow(" + of(p.base()) + ", " + of(p.exponent()) + ")";
        }
        Expr.Call c = (Expr.Call) e;
        if (c.fn() == Expr.Fn.STEP) return "((" + of(c.args().get(0)) + ") >= 0 ? 1.0 : 0.0)";
        String name = switch (c.fn()) {
            case ABS -> "fabs";
            case MIN -> "fmin";
            case MAX -> "fmax";
            case SIGNUM -> "sign";
            default -> c.fn().text;
        };
        StringBuilder s = new StringBuilder(name).append('(');
        for (int i = 0; i < c.args().size(); i++) s.append(i > 0 ? ", " : "").append(of(c.args().get(i)));
        return s.append(')').toString();
    }
}
