package io.psiflux.backend.opencl;

import io.psiflux.grid.Grid;

import java.util.ArrayList;
import java.util.List;

/**
 * How the FFT along each axis of a grid is split into launches of the line kernel
 * (kernels/fft.cl). Planning only, no OpenCL here, so the decisions are testable without a device.
 *
 * <p>An axis of n points whose line fits in local memory is one pass (one global read and write).
 * A longer axis is split into super-stages {@code n = len_0 * len_1 * ...} of a Stockham FFT, each
 * a pass that reads and writes global memory once, alternating between the wavefunction and a
 * scratch buffer. Within a pass every line is a Stockham FFT of radix 8, 4, 2, 7, 5 and 3 stages.
 */
final class FftPlan {

    /** Largest line held in local memory by default; longer axes are split into passes. */
    static final int DEFAULT_MAX_LOCAL_LENGTH = Tuning.DEFAULT.maxLine();
    /** Local memory per line besides its elements: four ints and one complex of bookkeeping. */
    static final int LINE_OVERHEAD = 16 + 16;

    /**
     * Device limits that shape a plan.
     *
     * @param localMemBytes  local memory per work-group ({@code CL_DEVICE_LOCAL_MEM_SIZE})
     * @param maxGroupSize   {@code CL_DEVICE_MAX_WORK_GROUP_SIZE}
     * @param elementBytes   bytes of one complex element (8 single, 16 double)
     * @param tuning         the work-group target, local-memory budgets (a batch of lines aims at
     *                       a small budget so several groups share a multiprocessor, since the
     *                       passes are bound by memory bandwidth; strided axes get more, to hold
     *                       the neighbouring lines that make their reads and writes coalesce:
     *                       16 x 8 B = 128 B runs in single precision by default) and the longest
     *                       line kept in local memory (tests lower it to exercise splits)
     */
    record Limits(long localMemBytes, long maxGroupSize, int elementBytes, Tuning tuning) {

        /** The default tuning with the longest line kept in local memory lowered to maxLocalLength. */
        Limits(long localMemBytes, long maxGroupSize, int elementBytes, int maxLocalLength) {
            this(localMemBytes, maxGroupSize, elementBytes, Tuning.DEFAULT.withMaxLine(maxLocalLength));
        }

        /** Bytes of local memory a pass may use. */
        long budget() {
            return Math.min(localMemBytes - 1024, tuning.local());
        }

        int targetGroup() {
            return (int) Math.min(tuning.group(), maxGroupSize);
        }

        /** Longest line that fits in local memory (padding, skew and bookkeeping included). */
        int maxLine() {
            int len = (int) Math.min(tuning.maxLine(), budget() / elementBytes);
            while (len > 1 && lineBytes(len, elementBytes) > budget()) len--;
            return Math.max(1, len);
        }
    }

    /**
     * Local memory one line of len points takes in fft.cl: the odd pitch, the bank skew of one
     * slot per 128 bytes (see LI in fft.cl) and the per-line bookkeeping.
     */
    static long lineBytes(int len, int elementBytes) {
        long pitch = len % 2 == 0 ? len + 1 : len;
        long perRow = 128 / elementBytes;
        return (pitch + pitch / perRow + 1) * elementBytes + LINE_OVERHEAD;
    }

    /**
     * One launch geometry of the line kernel: the grid seen along {@code axis} as
     * (before, nax, stride), {@code len}-point transforms (nax / len of them per line of the axis),
     * super-stage {@code stage} of {@code stages} with {@code nsb} the product of the earlier lens.
     *
     * @param radices        the local Stockham stages of one len-point transform
     * @param linesPerGroup  B, transforms per work-group
     * @param threadsPerLine TPL, work-items per transform
     */
    record Pass(int axis, int nax, int len, int nsb, int stride, int before, int[] radices,
                int linesPerGroup, int threadsPerLine, int stage, int stages) {

        /** Number of len-point transforms per line of the axis. */
        int nsup() {
            return nax / len;
        }

        /** Transforms in the whole launch. */
        long lines() {
            return (long) before * nsup() * stride;
        }

        int groupSize() {
            return linesPerGroup * threadsPerLine;
        }

        long globalSize() {
            return (lines() + linesPerGroup - 1) / linesPerGroup * groupSize();
        }

        /** Local-memory distance between lines, padded to an odd count against bank conflicts. */
        int pitch() {
            return linesPerGroup > 1 && len % 2 == 0 ? len + 1 : len;
        }

        /** True when the pass reads and writes the same positions, so it may run in place. */
        boolean inPlace() {
            return stages == 1;
        }

        /** Neighbouring lines are neighbours in memory on input: spread work-items over lines. */
        boolean loadLinesFast() {
            return stride > 1 || nsup() > 1;
        }

        boolean storeLinesFast() {
            return stride > 1 || nsb > 1;
        }

        /**
         * The compile-time defines of kernels/fft.cl for this pass: the line geometry only, so
         * passes of different axes and grids with equal geometry share one program.
         */
        String defines() {
            StringBuilder b = new StringBuilder();
            def(b, "LEN", len);
            def(b, "NAX", nax);
            def(b, "NSUP", nsup());
            def(b, "NSB", nsb);
            def(b, "B", linesPerGroup);
            def(b, "TPL", threadsPerLine);
            def(b, "PITCH", pitch());
            def(b, "NRAD", radices.length);
            java.util.Arrays.stream(radices).distinct().forEach(r -> b.append(" -DUSE_R").append(r));
            int ns = 1;
            for (int i = 0; i < radices.length; i++) {
                def(b, "RAD" + i, radices[i]);
                def(b, "NS" + i, ns);
                ns *= radices[i];
            }
            return b.toString().trim();
        }

        private static void def(StringBuilder b, String name, long value) {
            b.append(" -D").append(name).append('=').append(value);
        }
    }

    private FftPlan() {
    }

    /** True when n has no prime factor other than 2, 3, 5 and 7. */
    static boolean supported(int n) {
        if (n < 1) return false;
        for (int p : new int[]{2, 3, 5, 7}) while (n % p == 0) n /= p;
        return n == 1;
    }

    /** The nearest supported sizes at or below and at or above n (below is 0 when there is none). */
    static int[] nearestSupported(int n) {
        int below = n;
        while (below > 0 && !supported(below)) below--;
        int above = Math.max(n, 1);
        while (!supported(above)) above++;
        return new int[]{below, above};
    }

    /** The passes along {@code axis}, empty for an inactive axis (n = 1). */
    static List<Pass> axisPasses(Grid grid, int axis, Limits limits) {
        int n = grid.n(axis);
        if (n == 1) return List.of();
        if (!supported(n)) throw new IllegalArgumentException("axis length " + n + " has a prime factor above 7");
        int stride = grid.stride(axis);
        int before = (int) (grid.size() / ((long) n * stride));
        int[] lens = split(n, limits.maxLine());
        List<Pass> passes = new ArrayList<>();
        int nsb = 1;
        for (int s = 0; s < lens.length; s++) {
            int len = lens[s];
            int[] rad = radices(len);
            int maxRad = 1;
            for (int r : rad) maxRad = Math.max(maxRad, r);
            // Lines per group: enough for a full group at one largest-radix butterfly per thread,
            // at least tuning.stridedLines() on a strided axis, within the batch budget (one line at least).
            int tplMax = Math.max(1, len / maxRad);
            boolean strided = stride > 1 || n / len > 1;
            long lineBytes = lineBytes(len, limits.elementBytes());
            long batch = Math.min(limits.budget(), strided ? limits.tuning().stridedBatch() : limits.tuning().batch());
            int want = Math.max(limits.targetGroup() / tplMax, strided ? limits.tuning().stridedLines() : 1);
            int b = (int) Math.max(1, Math.min(want, batch / lineBytes));
            // Not capped by the number of lines, so the geometry (and the program) is the grid's own.
            int tpl = Math.max(1, Math.min(tplMax, limits.targetGroup() / b));
            passes.add(new Pass(axis, n, len, nsb, stride, before, rad, b, tpl, s, lens.length));
            nsb *= len;
        }
        return passes;
    }

    /** Splits n into factors of at most maxLine, two balanced ones where possible. */
    static int[] split(int n, int maxLine) {
        if (n <= maxLine) return new int[]{n};
        int best = 0;
        for (int d = 2; (long) d * d <= n; d++) {
            if (n % d == 0 && d <= maxLine && n / d <= maxLine) best = d;
        }
        if (best > 0) return new int[]{n / best, best};
        int chunk = 1;
        for (int d = Math.min(maxLine, n); d >= 2; d--) {
            if (n % d == 0) {
                chunk = d;
                break;
            }
        }
        if (chunk == 1) throw new IllegalArgumentException("cannot split an axis of " + n + " into lines of " + maxLine);
        int[] rest = split(n / chunk, maxLine);
        int[] all = new int[rest.length + 1];
        all[0] = chunk;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    /** Radix stages for a line of n points: eights (with fours and a two for the remainder), then 7, 5, 3. */
    static int[] radices(int n) {
        List<Integer> r = new ArrayList<>();
        int twos = 0;
        while (n % 2 == 0) {
            n /= 2;
            twos++;
        }
        int eights = twos / 3;
        int rem = twos % 3;
        if (rem == 1 && eights > 0) {
            eights--;
            r.add(4);
            r.add(4);
        } else if (rem == 1) {
            r.add(2);
        } else if (rem == 2) {
            r.add(4);
        }
        for (int i = 0; i < eights; i++) r.add(0, 8);
        for (int p : new int[]{7, 5, 3}) {
            while (n % p == 0) {
                n /= p;
                r.add(p);
            }
        }
        if (n != 1) throw new IllegalArgumentException("line length has a prime factor above 7");
        return r.stream().mapToInt(Integer::intValue).toArray();
    }
}
