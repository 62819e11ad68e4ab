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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Device listing, the one-sentence refusals of OpenClBackend.open, and the pass accounting. */
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

    /** A wavefunction larger than one allocation may be is refused before anything is allocated. */
    @Test
    void aWavefunctionBeyondTheAllocationLimitIsRefusedWithTheNumbers() {
        OpenClDevice dev = OpenClBackend.devices().stream().filter(d -> d.index() == bestIndex()).findFirst().orElseThrow();
        long points = Long.highestOneBit(dev.maxAllocBytes() / 16) * 2; // complex double just over the limit
        assumeTrue(points <= 1L << 29, "this device allocates more than a grid may hold");
        int side = 1 << (Long.numberOfTrailingZeros(points) / 3);
        int z = (int) (points / ((long) side * side));
        Grid g = Grid.of(new Axis(side, 0, 1), new Axis(side, 0, 1), new Axis(z, 0, 1));
        OpenClUnavailableException e = assertThrows(OpenClUnavailableException.class,
                () -> OpenClBackend.open(g, Precision.DOUBLE, null));
        oneSentence(e);
        assertTrue(e.getMessage().contains("allocates at most") && e.getMessage().contains("GiB"), e.getMessage());
    }

    /** Enough memory in one buffer but not for the run's buffers together: refused with both numbers. */
    @Test
    void aRunBeyondTheGlobalMemoryIsRefusedWithTheNumbers() {
        OpenClDevice dev = OpenClBackend.devices().stream().filter(d -> d.index() == bestIndex()).findFirst().orElseThrow();
        // the largest power-of-two wavefunction that is one allowed allocation
        long points = Long.highestOneBit(dev.maxAllocBytes() / 16);
        assumeTrue(points <= 1L << 29 && 3 * 16 * points > dev.globalMemBytes(),
                "this device has room for three wavefunctions of its largest allocation");
        int side = 1 << (Long.numberOfTrailingZeros(points) / 3);
        Grid g = Grid.of(new Axis(side, 0, 1), new Axis(side, 0, 1), new Axis((int) (points / ((long) side * side)), 0, 1));
        OpenClUnavailableException e = assertThrows(OpenClUnavailableException.class,
                () -> OpenClBackend.open(g, Precision.DOUBLE, null));
        oneSentence(e);
        assertTrue(e.getMessage().contains("needs") && e.getMessage().contains(dev.name()), e.getMessage());
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

    private static int bestIndex() {
        try (OpenClBackend b = OpenClBackend.open(Grid.of(new Axis(2, 0, 1)), Precision.SINGLE, null)) {
            return b.deviceInfo().index();
        }
    }

    private static void oneSentence(RuntimeException e) {
        String m = e.getMessage();
        assertTrue(m != null && !m.isBlank() && !m.contains("\n"), "one line: " + m);
    }
}
