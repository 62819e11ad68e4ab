package io.psiflux.backend.opencl;

import io.psiflux.physics.Expr;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Writes an {@link Expr} as flat OpenCL C over the variables {@code x y z t}: one assignment per
 * operation, {@code r0 = pown(x, 2);}, whose operands are temporaries, variables or literals, so
 * the compiler never sees nested parentheses (PoCL's compiler crashed on a sum of 250 terms
 * written as one nested expression).
 *
 * <p>Temporaries are reused as on a stack machine: a node's result goes to the first free one and
 * frees those of its operands, so a sum of a thousand terms needs three, not thousands. (One
 * {@code const} per node made every work item's frame hold them all when PoCL built without
 * optimisation, and the kernel overflowed its stack.)
 *
 * <p>Floating literals are unsuffixed (double; a device without fp64 builds with
 * -cl-single-precision-constant), pi and e are M_PI and M_E, abs/min/max/signum are
 * fabs/fmin/fmax/sign, step(u) is a conditional, ^ is pown for small integer exponents and pow
 * otherwise; every other function keeps its name. The tree is walked without recursion.
 */
final class ExprC {
    private ExprC() {
    }

    /**
     * The code of a tree: {@code statements}, the declaration of the temporaries then one
     * assignment per operation, and {@code value}, the temporary (or, for a tree that is a leaf,
     * the variable or literal) that holds the result.
     */
    record Code(List<String> statements, String value) {
    }

    /** A node being written: its operands (done so far) and the first temporary it may use. */
    private static final class Frame {
        final Expr node;
        final List<Expr> operands;
        final int base;
        final List<String> done = new ArrayList<>();

        Frame(Expr node, int base) {
            this.node = node;
            // pown takes a small integer exponent as an int literal: only the base is computed
            this.operands = node instanceof Expr.Pow p && p.smallIntegerExponent() != null ? List.of(p.base()) : node.children();
            this.base = base;
        }
    }

    static Code of(Expr root) {
        String leaf = leaf(root);
        if (leaf != null) return new Code(List.of(), leaf);
        List<String> lines = new ArrayList<>();
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(root, 0));
        int used = 0, most = 0;
        String result = null;
        while (!stack.isEmpty()) {
            Frame f = stack.peek();
            if (f.done.size() < f.operands.size()) {
                Expr next = f.operands.get(f.done.size());
                String l = leaf(next);
                if (l != null) f.done.add(l);
                else stack.push(new Frame(next, used));
                continue;
            }
            stack.pop();
            // the operands' temporaries are free again; the result takes the first of them
            String name = "r" + f.base;
            lines.add(name + " = " + operation(f.node, f.done) + ";");
            used = f.base + 1;
            most = Math.max(most, used);
            if (stack.isEmpty()) result = name;
            else stack.peek().done.add(name);
        }
        StringBuilder decl = new StringBuilder("hreal");
        for (int i = 0; i < most; i++) decl.append(i == 0 ? " r" : ", r").append(i);
        lines.add(0, decl.append(';').toString());
        return new Code(List.copyOf(lines), result);
    }

    /** A number, variable or constant as an operand, or null for an operation. */
    private static String leaf(Expr e) {
        if (e instanceof Expr.Num n) {
            String s = Double.toString(n.value());
            return n.value() < 0 ? "(" + s + ")" : s;
        }
        if (e instanceof Expr.Var v) return v.name();
        if (e instanceof Expr.Const c) return c.name().equals("pi") ? "M_PI" : "M_E";
        return null;
    }

    /** The right-hand side of an operation on its written operands {@code o}. */
    private static String operation(Expr e, List<String> o) {
        if (e instanceof Expr.Neg) return "-" + o.get(0);
        if (e instanceof Expr.Bin b) return o.get(0) + " " + b.op() + " " + o.get(1);
        if (e instanceof Expr.Pow p) {
            Integer k = p.smallIntegerExponent();
            return k != null ? "pown(" + o.get(0) + ", " + k + ")" : "pow(" + o.get(0) + ", " + o.get(1) + ")";
        }
        Expr.Call c = (Expr.Call) e;
        if (c.fn() == Expr.Fn.STEP) return o.get(0) + " >= 0 ? 1.0 : 0.0";
        String name = switch (c.fn()) {
            case ABS -> "fabs";
            case MIN -> "fmin";
            case MAX -> "fmax";
            case SIGNUM -> "sign";
            default -> c.fn().text;
        };
        return name + "(" + String.join(", ", o) + ")";
    }
}
