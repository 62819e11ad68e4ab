package io.psiflux.backend;

import static io.psiflux.backend.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.psiflux.UserError;
import io.psiflux.backend.cpu.CpuBackend;
import io.psiflux.backend.opencl.OpenClFactories;
import io.psiflux.backend.opencl.Tuning;
import io.psiflux.field.Complex;
import io.psiflux.field.Precision;
import io.psiflux.grid.Grid;
import io.psiflux.physics.Hamiltonian;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The OpenCL launch shapes a device is tuned with (PSIFLUX_TUNING, bench --tuning) change the
 * speed only: with small and large groups, few and many strided lines, lines split into passes
 * and other reduction groups, the FFT still matches the naive DFT, the inner product the host's
 * sum, and ten Strang steps the CPU backend's, to round-off.
 */
class TunedOpenClTest {

    static final String[] SPECS = {"group=32,strided_lines=2", "group=1024,batch=64k,strided_batch=64k,strided_lines=32",
        "max_line=8,rwg=32", "local=8k,batch=1k,rwg=512"};

    static Stream<Arguments> cases() {
        int[][] shapes = {{210}, {60, 48}, {8, 12, 10}};
        List<Arguments> a = new ArrayList<>();
        for (String s : SPECS) for (int[] shape : shapes) for (Precision p : Precision.values()) a.add(Arguments.of(s, shape, p));
        return a.stream();
    }

    @ParameterizedTest(name = "{0} shape {1}, {2}")
    @MethodSource("cases")
    void aTunedBackendGivesTheSameAnswers(String spec, int[] shape, Precision precision) {
        Grid g = gridOf(shape);
        Hamiltonian h = Hamiltonian.builder().potential(g.rank() == 1 ? "x^2/2" : g.rank() == 2 ? "(x^2+y^2)/2" : "(x^2+y^2+z^2)/2")
                .build();
        double[] x = randomComplex(g, 5);
        double tol = precision.tolerance(8 * (g.rank() + log2(g.points())));
        try (Backend b = OpenClFactories.tuned(spec).open(g, precision); DeviceBuffer buf = b.allocate()) {
            double[] stored = stored(b, buf, x);
            double sum = 0;
            for (double v : stored) sum += v * v;
            assertEquals(sum * g.dV(), b.inner(buf, buf).re(), tol * sum * g.dV(), "<psi|psi>");

            b.fft(buf, false);
            double[] expected = stored.clone();
            NaiveDft.transform(g, expected, false);
            assertClose(expected, download(b, buf), tol * maxAbs(expected), "forward FFT");

            double[] smooth = smoothComplex(g, 3);
            stored(b, buf, smooth);
            double[] tuned;
            try (Backend cpu = new CpuBackend(g, precision, 2); DeviceBuffer c = cpu.allocate()) {
                stored(cpu, c, smooth);
                strang(cpu, h, c, Complex.real(0.01), 10);
                strang(b, h, buf, Complex.real(0.01), 10);
                tuned = download(b, buf);
                double[] ref = download(cpu, c);
                assertClose(ref, tuned, 10 * tol * maxAbs(ref), "10 Strang steps against the CPU backend");
            }
        }
    }

    @Test
    void aBadSpecNamesItsSourceAndKey() {
        assertEquals("group=128,rwg=64", Tuning.parse(" group = 128 , rwg=64", "x").spec());
        assertEquals("default", Tuning.parse("", "x").spec());
        assertEquals(48 * 1024, Tuning.parse("local=48k", "x").local());
        assertEquals("PSIFLUX_TUNING: unknown key \"grup\" (keys: group, local, batch, strided_batch, strided_lines, max_line, rwg)",
                assertThrows(UserError.class, () -> Tuning.parse("grup=1", "PSIFLUX_TUNING")).getMessage());
        assertEquals("x: rwg must be a power of two, got 48", assertThrows(UserError.class, () -> Tuning.parse("rwg=48", "x")).getMessage());
        assertEquals("x: group must be in [1, 2^31), got 0", assertThrows(UserError.class, () -> Tuning.parse("group=0", "x")).getMessage());
        assertEquals("x: expected key=value, got \"group\" (keys: group, local, batch, strided_batch, strided_lines, max_line, rwg)",
                assertThrows(UserError.class, () -> Tuning.parse("group", "x")).getMessage());
    }
}
