package io.psiflux.backend.opencl;

import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The FFT planner and the fused-pass scheduler, without a device. */
class FftPlanTest {

    private static final FftPlan.Limits GPU_LIKE = new FftPlan.Limits(48 * 1024, 1024, 8, FftPlan.DEFAULT_MAX_LOCAL_LENGTH);

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5, 7, 8, 16, 27, 25, 49, 64, 125, 343, 512, 1000, 1024, 2187, 4096, 6, 12, 210, 2048})
    void radicesMultiplyToTheLength(int n) {
        int product = 1;
        for (int r : FftPlan.radices(n)) {
            assertTrue(List.of(2, 3, 4, 5, 7, 8).contains(r), "radix " + r);
            product *= r;
        }
        assertEquals(n, product);
    }

    @Test
    void powersOfTwoUseEightsFirst() {
        assertArrayEquals(new int[]{8, 8, 8, 8}, FftPlan.radices(4096));
        assertArrayEquals(new int[]{8, 8, 4, 4}, FftPlan.radices(1024));
        assertArrayEquals(new int[]{2}, FftPlan.radices(2));
        assertArrayEquals(new int[]{4}, FftPlan.radices(4));
    }

    @Test
    void supportedSizesAndTheirNeighbours() {
        assertTrue(FftPlan.supported(2 * 3 * 5 * 7 * 64));
        assertFalse(FftPlan.supported(11));
        assertFalse(FftPlan.supported(1009));
        assertArrayEquals(new int[]{1008, 1024}, FftPlan.nearestSupported(1009));
        assertArrayEquals(new int[]{10, 12}, FftPlan.nearestSupported(11));
    }

    @Test
    void longAxesSplitIntoLinesThatFit() {
        assertArrayEquals(new int[]{4096}, FftPlan.split(4096, 4096));
        int[] two = FftPlan.split(1 << 20, 4096);
        assertEquals(2, two.length);
        assertEquals(1 << 20, two[0] * two[1]);
        int[] three = FftPlan.split(4096, 16);
        assertArrayEquals(new int[]{16, 16, 16}, three);
        for (int len : FftPlan.split(3 * 5 * 7 * 1024, 64)) assertTrue(len <= 64, "len " + len);
    }

    @Test
    void passesCoverTheGrid() {
        Grid g = Grid.of(new Axis(12, 0, 1), new Axis(35, 0, 1), new Axis(16, 0, 1));
        for (int d = 0; d < 3; d++) {
            List<FftPlan.Pass> ps = FftPlan.axisPasses(g, d, GPU_LIKE);
            assertEquals(1, ps.size());
            FftPlan.Pass p = ps.get(0);
            assertEquals(g.size(), p.lines() * p.len());
            assertEquals(g.stride(d), p.stride());
            assertTrue(p.groupSize() <= 256);
            long local = FftPlan.lineBytes(p.len(), 8) * p.linesPerGroup();
            assertTrue(local <= 48 * 1024 - 1024, "local memory " + local);
        }
    }

    /** Strided axes batch 16 neighbouring lines (coalesced rows) where they fit; long lines go alone. */
    @Test
    void stridedAxesBatchNeighbouringLines() {
        Grid g = Grid.of(new Axis(256, 0, 1), new Axis(256, 0, 1), new Axis(256, 0, 1));
        FftPlan.Pass x = FftPlan.axisPasses(g, 0, GPU_LIKE).get(0), z = FftPlan.axisPasses(g, 2, GPU_LIKE).get(0);
        assertTrue(x.linesPerGroup() >= 8, "lines per group on the strided axis: " + x.linesPerGroup());
        assertTrue(x.groupSize() <= 256 && z.groupSize() <= 256);
        FftPlan.Pass longLine = FftPlan.axisPasses(Grid.of(new Axis(4096, 0, 1)), 0, GPU_LIKE).get(0);
        assertEquals(1, longLine.linesPerGroup());
        assertEquals(1, longLine.stages());
        FftPlan.Pass tiny = FftPlan.axisPasses(Grid.of(new Axis(4, 0, 1), new Axis(2, 0, 1)), 1, GPU_LIKE).get(0);
        assertEquals(256, tiny.groupSize());
    }

    @Test
    void aSplitAxisPassesPingPongWithGrowingStageProducts() {
        Grid g = Grid.of(new Axis(4096, 0, 1));
        List<FftPlan.Pass> ps = FftPlan.axisPasses(g, 0, new FftPlan.Limits(48 * 1024, 1024, 8, 16));
        assertEquals(3, ps.size());
        assertEquals(1, ps.get(0).nsb());
        assertEquals(16, ps.get(1).nsb());
        assertEquals(256, ps.get(2).nsb());
        assertFalse(ps.get(0).inPlace());
    }

    /** Steady-state Strang steps take 1 pass in 1D, 2 in 2D, 4 in 3D when every axis fits in local memory. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void strangStepsAreFused(int rank) {
        Axis[] axes = new Axis[rank];
        for (int d = 0; d < rank; d++) axes[d] = new Axis(16 + 8 * d, 0, 1);
        Grid g = Grid.of(axes);
        Map<Integer, List<FftPlan.Pass>> passes = new HashMap<>();
        for (int d = 0; d < 3; d++) passes.put(d, FftPlan.axisPasses(g, d, GPU_LIKE));
        Schedule.Strang s = Schedule.strang(rank, passes);
        assertEquals(new int[]{0, 1, 2, 4}[rank], s.repeat().size());
        // Each step applies K once and V^2 once; the single-step schedule applies V twice.
        assertEquals(1, count(s.repeat(), Op.K));
        assertEquals(1, count(s.repeat(), Op.V2));
        assertEquals(2, count(s.once(), Op.V));
        assertEquals(rank, count(s.repeat(), Op.FWD));
        assertEquals(rank, count(s.repeat(), Op.INV));
        assertEquals(1, count(s.first(), Op.V));
        assertEquals(1, count(s.last(), Op.V));
    }

    @Test
    void splitAxesKeepPhasesAtNaturalOrderBoundaries() {
        Grid g = Grid.of(new Axis(96, 0, 1), new Axis(6, 0, 1));
        Map<Integer, List<FftPlan.Pass>> passes = new HashMap<>();
        FftPlan.Limits small = new FftPlan.Limits(48 * 1024, 1024, 8, 16);
        for (int d = 0; d < 3; d++) passes.put(d, FftPlan.axisPasses(g, d, small));
        Schedule.Strang s = Schedule.strang(2, passes);
        for (List<Schedule.Launch> ls : List.of(s.once(), s.first(), s.repeat(), s.last())) {
            for (Schedule.Launch l : ls) {
                FftPlan.Pass p = l.pass();
                if (p == null || p.stages() == 1) continue;
                int firstFft = l.ops().indexOf(Op.FWD) >= 0 ? l.ops().indexOf(Op.FWD) : l.ops().indexOf(Op.INV);
                assertEquals(1, l.ops().stream().filter(Op::isFft).count(), "one transform per split launch");
                if (firstFft > 0) assertEquals(0, p.stage(), "ops before the transform only on the first stage");
                if (firstFft < l.ops().size() - 1) assertEquals(p.stages() - 1, p.stage(), "ops after only on the last");
            }
        }
    }

    private static long count(List<Schedule.Launch> launches, Op op) {
        return launches.stream().flatMap(l -> l.ops().stream()).filter(o -> o == op).count();
    }
}
