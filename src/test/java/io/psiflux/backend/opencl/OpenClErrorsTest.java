package io.psiflux.backend.opencl;

import io.psiflux.backend.DeviceBuffer;
import io.psiflux.field.Complex;
import io.psiflux.field.Precision;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Device listing, the one-sentence refusals of OpenClBackend.open (memory and fp64 on described
 * devices, so every refusal is checked on any machine), buffer ownership, and the pass accounting.
 */
class OpenClErrorsTest {

    @BeforeAll
    static void needsOpenCl() {
        OpenClAvailable.require();
    }

    @Test
    void devicesAreListedWithTheirLimits() {
        assertNull(OpenClBackend.unavailableReason());
        List<OpenClDevice> ds = OpenClBackend.devices();
        assertFalse(ds.isEmpty());
        for (OpenClDevice d : ds) {
            assertTrue(d.globalMemBytes() > 0 && d.localMemBytes() > 0 && d.maxAllocBytes() > 0, d.describe());
        }
        List<String> lines = OpenClBackend.describeDevices();
        assertEquals(ds.size(), lines.size());
        assertTrue(lines.get(0).startsWith("[0] ") && lines.get(0).contains("fp64"), lines.get(0));
        for (int i = 0; i < ds.size(); i++) {
            assertTrue(lines.get(i).endsWith("GL sharing " + (ds.get(i).glSharing() ? "yes" : "no")), lines.get(i));
        }
    }

    @Test
    void unsupportedAxisLengthsNameTheNearestSupportedOnes() {
        OpenClUnavailableException e = assertThrows(OpenClUnavailableException.class,
                () -> OpenClBackend.open(Grid.of(new Axis(64, 0, 1), new Axis(1009, 0, 1)), Precision.SINGLE, null));
        oneSentence(e);
        assertTrue(e.getMessage().contains("axis 1") && e.getMessage().contains("1009")
                && e.getMessage().contains("1008 or 1024"), e.getMessage());
    }

    @Test
    void unknownDevicesAreRefusedWithTheList() {
        OpenClUnavailableException byIndex = assertThrows(OpenClUnavailableException.class,
                () -> OpenClBackend.open(Grid.of(new Axis(8, 0, 1)), Precision.SINGLE, "99"));
        oneSentence(byIndex);
        assertTrue(byIndex.getMessage().contains("no OpenCL device 99"), byIndex.getMessage());
        OpenClUnavailableException byName = assertThrows(OpenClUnavailableException.class,
                () -> OpenClBackend.open(Grid.of(new Axis(8, 0, 1)), Precision.SINGLE, "no-such-device"));
        oneSentence(byName);
        assertTrue(byName.getMessage().contains("no-such-device"), byName.getMessage());
    }

    /** A device as psiflux info would list it: 8 GiB, 2 GiB per allocation, 64 KiB local, fp64. */
    private static OpenClDevice device(long global, long maxAlloc) {
        return new OpenClDevice(0, "Test platform", "Test GPU", "GPU", "OpenCL 3.0", global, 64 << 10, maxAlloc, 100, true, false);
    }

    /** A wavefunction larger than one allocation may be is refused before anything is allocated. */
    @Test
    void aWavefunctionBeyondTheAllocationLimitIsRefusedWithTheNumbers() {
        Grid g = Grid.of(new Axis(1024, 0, 1), new Axis(1024, 0, 1), new Axis(256, 0, 1)); // 2^28 points: 4 GiB complex double
        OpenClUnavailableException e = assertThrows(OpenClUnavailableException.class,
                () -> OpenClBackend.plan(g, Precision.DOUBLE, device(8L << 30, 2L << 30), 256, FftPlan.DEFAULT_MAX_LOCAL_LENGTH));
        oneSentence(e);
        assertTrue(e.getMessage().contains("one wavefunction on Grid[1024 x 1024 x 256] needs 4.0 GiB")
                && e.getMessage().contains("allocates at most 2.0 GiB") && e.getMessage().contains("--precision single"), e.getMessage());
        // in single precision it is one allocation of 2 GiB, and the run's 3 complex and 3 real fields (9 GiB) do not fit 8 GiB
        OpenClUnavailableException f = assertThrows(OpenClUnavailableException.class,
                () -> OpenClBackend.plan(g, Precision.SINGLE, device(8L << 30, 2L << 30), 256, FftPlan.DEFAULT_MAX_LOCAL_LENGTH));
        oneSentence(f);
        assertTrue(f.getMessage().contains("needs 9.0 GiB of device memory (3 complex fields of 2.0 GiB")
                && f.getMessage().contains("3 real fields of 1.0 GiB") && f.getMessage().contains("device Test GPU has 8.0 GiB"), f.getMessage());
    }

    /** Enough memory in one buffer but not for the run's buffers together: refused with both numbers; it fits a larger device. */
    @Test
    void aRunBeyondTheGlobalMemoryIsRefusedWithTheNumbers() {
        Grid g = Grid.of(new Axis(512, 0, 1), new Axis(512, 0, 1), new Axis(512, 0, 1)); // 2 GiB complex double
        assertThrows(OpenClUnavailableException.class,
                () -> OpenClBackend.plan(g, Precision.DOUBLE, device(8L << 30, 4L << 30), 256, FftPlan.DEFAULT_MAX_LOCAL_LENGTH));
        // a lowered local-line limit splits the axes, and the second scratch is named
        OpenClUnavailableException e = assertThrows(OpenClUnavailableException.class,
                () -> OpenClBackend.plan(g, Precision.DOUBLE, device(9L << 30, 4L << 30), 256, 64));
        oneSentence(e);
        assertTrue(e.getMessage().contains("4 complex fields") && e.getMessage().contains("second scratch"), e.getMessage());
        assertEquals(3, OpenClBackend.plan(g, Precision.DOUBLE, device(12L << 30, 4L << 30), 256, 64).size());
        assertEquals(3, OpenClBackend.plan(g, Precision.SINGLE, device(8L << 30, 4L << 30), 256, FftPlan.DEFAULT_MAX_LOCAL_LENGTH).size());
    }

    /** Double precision on a device without fp64 is refused, naming the fix. */
    @Test
    void doublePrecisionNeedsFp64() {
        OpenClDevice noFp64 = new OpenClDevice(0, "P", "Old GPU", "GPU", "OpenCL 1.2", 1L << 30, 32 << 10, 1L << 28, 8, false, false);
        OpenClUnavailableException e = assertThrows(OpenClUnavailableException.class,
                () -> OpenClBackend.plan(Grid.of(new Axis(64, 0, 1)), Precision.DOUBLE, noFp64, 256, FftPlan.DEFAULT_MAX_LOCAL_LENGTH));
        oneSentence(e);
        assertTrue(e.getMessage().contains("Old GPU lacks cl_khr_fp64") && e.getMessage().contains("--precision single"), e.getMessage());
    }

    @Test
    void buffersBelongToTheirBackend() {
        Grid g = Grid.of(new Axis(8, 0, 1));
        try (OpenClBackend a = OpenClBackend.open(g, Precision.SINGLE, null);
             OpenClBackend b = OpenClBackend.open(g, Precision.SINGLE, null);
             DeviceBuffer x = a.allocate()) {
            assertThrows(IllegalArgumentException.class, () -> b.scale(x, 2));
        }
        OpenClBackend c = OpenClBackend.open(g, Precision.SINGLE, null);
        DeviceBuffer y = c.allocate();
        c.close();
        assertThrows(IllegalStateException.class, () -> c.scale(y, 2));
        y.close();
    }

    /** A 3D step is 4 passes: [F1], [F2 K I2], [I1], [I0 V2 F0]; the last reads the potential table too. */
    @Test
    void aThreeDimensionalStepIsFourPasses() {
        Grid g = Grid.of(new Axis(8, 0, 1), new Axis(6, 0, 1), new Axis(10, 0, 1));
        try (OpenClBackend b = OpenClBackend.open(g, Precision.DOUBLE, null); DeviceBuffer psi = b.allocate()) {
            assertEquals(4, b.passesPerStep());
            assertEquals(9L * 16 * g.size(), b.bytesPerStep());
            try (io.psiflux.backend.Phases p = b.prepare(io.psiflux.physics.Hamiltonian.free(1, 1), Complex.real(0.01))) {
                b.strang(psi, p, 3);
            }
            b.finish();
        }
    }

    private static void oneSentence(RuntimeException e) {
        String m = e.getMessage();
        assertTrue(m != null && !m.isBlank() && !m.contains("\n"), "one line: " + m);
    }
}
