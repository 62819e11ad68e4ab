package io.psiflux.backend.opencl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Packs a sequence of axis FFTs and pointwise multiplies into launches of the fused line kernel
 * (planning only, no OpenCL). A pointwise op rides on the neighbouring launch when the data there
 * is in natural order (before the first super-stage of an axis, after its last); two transforms of
 * the same one-pass axis share a launch when only pointwise ops lie between them, as in
 * [FFT, K, IFFT] on the last axis and [IFFT, V^2, FFT] on the first axis between two Strang steps.
 */
final class Schedule {

    /** One item of the sequence to pack. */
    sealed interface Item permits AxisFft, Pointwise {
    }

    /** The FFT along one axis. */
    record AxisFft(int axis, boolean inverse) implements Item {
    }

    /** A pointwise op ({@link Op#V}, {@link Op#V2}, {@link Op#K}, {@link Op#GRAD}, {@link Op#AXIS} or {@link Op#HAXIS}); axis is for the last three. */
    record Pointwise(Op op, int axis) implements Item {
        Pointwise(Op op) {
            this(op, 0);
        }
    }

    /**
     * One kernel launch: a pass of the line kernel with its op program, or, when {@code pass} is
     * null, the pointwise kernel (apply_ops) over the whole grid, with {@code axis} for GRAD.
     */
    record Launch(FftPlan.Pass pass, int axis, List<Op> ops) {
        Launch {
            ops = List.copyOf(ops);
        }

        Launch withFirst(Op op) {
            List<Op> o = new ArrayList<>(ops);
            o.add(0, op);
            return new Launch(pass, axis, o);
        }

        Launch withLast(Op op) {
            List<Op> o = new ArrayList<>(ops);
            o.add(op);
            return new Launch(pass, axis, o);
        }

        /** Global-memory passes over a wavefunction-sized array: read and write psi, read tables. */
        int arrayTraffic() {
            int t = 2;
            for (Op op : ops) if (op == Op.V || op == Op.V2) t++;
            if (pass != null && pass.stages() > 1 && pass.stage() == pass.stages() - 1 && pass.stages() % 2 == 1) t += 2;
            return t;
        }
    }

    /**
     * The launches of {@code steps} Strang steps: {@code once} for a single step, otherwise
     * {@code first}, then {@code repeat} steps - 2 times, then {@code last}. The potential table
     * holds the half step, so V is a half step and V2 the two merged halves between steps.
     */
    record Strang(List<Launch> once, List<Launch> first, List<Launch> repeat, List<Launch> last) {

        /** Global-memory passes over wavefunction-sized arrays in one repeated step. */
        int arrayTrafficPerStep() {
            return repeat.stream().mapToInt(Launch::arrayTraffic).sum();
        }
    }

    private Schedule() {
    }

    /** Packs items into launches; {@code passes} gives each axis's passes (empty when inactive). */
    static List<Launch> pack(List<Item> items, Map<Integer, List<FftPlan.Pass>> passes) {
        List<Launch> out = new ArrayList<>();
        List<Op> pending = new ArrayList<>();
        int pendingAxis = 0;
        FftPlan.Pass curPass = null;
        List<Op> curOps = null;
        boolean curNatural = false;
        for (Item item : items) {
            if (item instanceof Pointwise pw) {
                if (curOps != null && curNatural && curOps.size() < Op.MAX_PER_LAUNCH) {
                    curOps.add(pw.op());
                } else {
                    if (curOps != null) {
                        out.add(new Launch(curPass, curPass.axis(), curOps));
                        curOps = null;
                    }
                    boolean axial = pw.op() == Op.GRAD || pw.op() == Op.AXIS || pw.op() == Op.HAXIS;
                    if (pending.size() == Op.MAX_PER_LAUNCH || (!pending.isEmpty() && axial && pw.axis() != pendingAxis)) {
                        out.add(new Launch(null, pendingAxis, pending));
                        pending = new ArrayList<>();
                    }
                    if (axial) pendingAxis = pw.axis();
                    pending.add(pw.op());
                }
            } else if (item instanceof AxisFft fft) {
                List<FftPlan.Pass> ps = passes.get(fft.axis());
                Op op = fft.inverse() ? Op.INV : Op.FWD;
                for (int s = 0; s < ps.size(); s++) {
                    FftPlan.Pass p = ps.get(s);
                    boolean join = ps.size() == 1 && curOps != null && curPass == p && curNatural
                            && pending.isEmpty() && curOps.size() < Op.MAX_PER_LAUNCH;
                    if (join) {
                        curOps.add(op);
                    } else {
                        if (curOps != null) out.add(new Launch(curPass, curPass.axis(), curOps));
                        if (pending.size() == Op.MAX_PER_LAUNCH) {
                            out.add(new Launch(null, pendingAxis, pending));
                            pending = new ArrayList<>();
                        }
                        curPass = p;
                        curOps = new ArrayList<>(pending);
                        curOps.add(op);
                        pending = new ArrayList<>();
                    }
                    curNatural = s == ps.size() - 1;
                }
            }
        }
        if (curOps != null) out.add(new Launch(curPass, curPass.axis(), curOps));
        if (!pending.isEmpty()) out.add(new Launch(null, pendingAxis, pending));
        return out;
    }

    /** FFT over every declared axis: forward 0, 1, 2; inverse 2, 1, 0. */
    static List<Item> fft(int rank, boolean inverse) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < rank; i++) items.add(new AxisFft(inverse ? rank - 1 - i : i, inverse));
        return items;
    }

    /** The Strang schedule for a grid of the given rank. */
    static Strang strang(int rank, Map<Integer, List<FftPlan.Pass>> passes) {
        List<Item> body = new ArrayList<>(fft(rank, false));
        body.add(new Pointwise(Op.K));
        body.addAll(fft(rank, true));
        List<Launch> once = pack(concat(List.of(new Pointwise(Op.V)), body, List.of(new Pointwise(Op.V))), passes);
        List<Launch> lb = pack(body, passes);
        Launch l0 = lb.get(0), lm = lb.get(lb.size() - 1);
        boolean fft0 = l0.pass() != null && l0.ops().get(0).isFft();
        if (lb.size() == 1 && fft0 && l0.ops().size() + 2 <= Op.MAX_PER_LAUNCH) {
            Launch first = l0.withFirst(Op.V);
            Launch repeat = l0.withFirst(Op.V2);
            return new Strang(once, List.of(first), List.of(repeat), List.of(repeat.withLast(Op.V)));
        }
        if (lb.size() >= 2 && fft0 && lm.pass() == l0.pass() && l0.pass().stages() == 1
                && lm.ops().size() + 1 + l0.ops().size() <= Op.MAX_PER_LAUNCH) {
            List<Op> joined = new ArrayList<>(lm.ops());
            joined.add(Op.V2);
            joined.addAll(l0.ops());
            Launch join = new Launch(l0.pass(), l0.axis(), joined);
            List<Launch> middle = lb.subList(1, lb.size() - 1);
            List<Launch> first = new ArrayList<>();
            first.add(l0.withFirst(Op.V));
            first.addAll(middle);
            first.add(join);
            List<Launch> repeat = new ArrayList<>(middle);
            repeat.add(join);
            List<Launch> last = new ArrayList<>(middle);
            last.add(lm.withLast(Op.V));
            return new Strang(once, first, repeat, last);
        }
        return new Strang(once,
                pack(concat(List.of(new Pointwise(Op.V)), body, List.of(new Pointwise(Op.V2))), passes),
                pack(concat(List.of(), body, List.of(new Pointwise(Op.V2))), passes),
                pack(concat(List.of(), body, List.of(new Pointwise(Op.V))), passes));
    }

    @SafeVarargs
    private static List<Item> concat(List<? extends Item>... parts) {
        List<Item> all = new ArrayList<>();
        for (List<? extends Item> p : parts) all.addAll(p);
        return all;
    }
}
