package io.psiflux.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.UserError;
import io.psiflux.backend.NaiveDft;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * InitialState.gaussian against its closed form, prod_d (2 pi s_d^2)^(-1/4)
 * exp(-(x_d - c_d)^2 / (4 s_d^2) + i p_d x_d / hbar). Grids resolve the packet: the neglected tails
 * (at the box edge and at kMax) and the Poisson-summation error of the grid sums are below 1e-12.
 */
class InitialStateTest {
    private static final double HBAR = 0.7;
    private static final double[] C = {0.5, -1.0, 0.3}, S = {1.0, 0.8, 1.2}, P = {0.7, -0.35, 0.14};

    static Stream<Arguments> ranksAndPrecisions() {
        List<Arguments> a = new ArrayList<>();
        for (int r = 1; r <= 3; r++) for (Precision p : Precision.values()) a.add(Arguments.of(r, p));
        return a.stream();
    }

    /** 32 points on [-10, 10) per axis (dx 0.625): 9 sigma to the edge, kMax - k0 > 4.5 / sigma. */
    private static Grid grid(int rank) {
        Axis[] a = new Axis[rank];
        for (int d = 0; d < rank; d++) a[d] = new Axis(32, -10, 10);
        return Grid.of(a);
    }

    private static double tol(Precision p) {
        return 1e-11 + p.tolerance(16);
    }

    @ParameterizedTest(name = "{0}D {1}")
    @MethodSource("ranksAndPrecisions")
    void gaussianIsNormalisedAndMatchesItsClosedFormPointwise(int rank, Precision precision) {
        Grid g = grid(rank);
        ComplexField psi = InitialState.gaussian(C, S, P).create(g, precision, HBAR);
        assertEquals(precision, psi.precision());
        double norm = 0, peak = 1;
        for (int d = 0; d < rank; d++) peak *= Math.pow(2 * Math.PI * S[d] * S[d], -0.25);
        for (int p = 0; p < g.points(); p++) {
            norm += psi.abs2(p);
            double amp = 1, ph = 0;
            for (int d = 0; d < rank; d++) {
                double x = g.axis(d).x(g.index(p, d)), u = x - C[d];
                amp *= Math.pow(2 * Math.PI * S[d] * S[d], -0.25) * Math.exp(-u * u / (4 * S[d] * S[d]));
                ph += P[d] * x / HBAR;
            }
            assertEquals(amp * Math.cos(ph), psi.re(p), tol(precision) * peak, "Re psi at " + p);
            assertEquals(amp * Math.sin(ph), psi.im(p), tol(precision) * peak, "Im psi at " + p);
        }
        assertEquals(1.0, norm * g.dV(), precision.tolerance(2 * Math.log(g.points())), "sum |psi|^2 dV = 1");
    }

    @ParameterizedTest(name = "{0}D {1}")
    @MethodSource("ranksAndPrecisions")
    void gaussianMomentsAreCenterSigmaAndMomentum(int rank, Precision precision) {
        Grid g = grid(rank);
        ComplexField psi = InitialState.gaussian(C, S, P).create(g, precision, HBAR);
        double[] mean = new double[3], sq = new double[3];
        double norm = 0;
        for (int p = 0; p < g.points(); p++) {
            double r = psi.abs2(p);
            norm += r;
            for (int d = 0; d < rank; d++) {
                double x = g.axis(d).x(g.index(p, d));
                mean[d] += x * r;
                sq[d] += x * x * r;
            }
        }
        double[] a = new double[2 * g.points()];
        for (int p = 0; p < g.points(); p++) {
            a[2 * p] = psi.re(p);
            a[2 * p + 1] = psi.im(p);
        }
        for (int d = 0; d < rank; d++) {
            double mx = mean[d] / norm, var = sq[d] / norm - mx * mx;
            assertEquals(C[d], mx, tol(precision) * 10, "<x> = center, axis " + d);
            assertEquals(S[d] * S[d], var, tol(precision) * 100, "variance = sigma^2, axis " + d);
            // <p> = hbar sum k |phi_k|^2 / sum |phi_k|^2 along axis d (Parseval), the naive DFT as oracle
            double[] phi = a.clone();
            NaiveDft.transformAxis(g, phi, d, false);
            double num = 0, den = 0;
            for (int p = 0; p < g.points(); p++) {
                double r = phi[2 * p] * phi[2 * p] + phi[2 * p + 1] * phi[2 * p + 1];
                num += g.axis(d).k(g.index(p, d)) * r;
                den += r;
            }
            assertEquals(P[d], HBAR * num / den, tol(precision) * 100, "<p> = momentum, axis " + d);
        }
    }

    @Test
    void aStateThatVanishesOnTheGridIsAUserError() {
        Grid g = grid(1);
        UserError e = assertThrows(UserError.class,
                () -> InitialState.gaussian(new double[] {500}, new double[] {0.5}, new double[] {0}).create(g, Precision.DOUBLE, 1));
        assertTrue(e.getMessage().contains("zero"), e.getMessage());
    }

    @Test
    void aGivenStateIsNormalisedAndKeepsItsShape() {
        Grid g = Grid.of(new Axis(4, 0, 2), new Axis(3, 0, 1.5));
        ComplexField f = new ComplexField(g, Precision.DOUBLE);
        for (int p = 0; p < g.points(); p++) f.set(p, 3 * (p + 1), -2 * p);
        for (Precision precision : Precision.values()) {
            ComplexField psi = InitialState.given(f, "initial.file").create(g, precision, 1);
            double norm = 0;
            for (int p = 0; p < g.points(); p++) norm += psi.abs2(p);
            assertEquals(1.0, norm * g.dV(), precision.tolerance(16));
            double scale = psi.re(0) / f.re(0);
            for (int p = 0; p < g.points(); p++) {
                assertEquals(f.re(p) * scale, psi.re(p), precision.tolerance(4) * Math.abs(f.re(p) * scale), "re " + p);
                assertEquals(f.im(p) * scale, psi.im(p), precision.tolerance(4) * Math.abs(f.im(p) * scale), "im " + p);
            }
        }
        assertEquals(3.0, f.re(0), 0.0, "the given field is not modified");
        ComplexField zero = new ComplexField(g, Precision.DOUBLE);
        UserError e = assertThrows(UserError.class, () -> InitialState.given(zero, "initial.file").create(g, Precision.DOUBLE, 1));
        assertTrue(e.getMessage().startsWith("initial.file:"), e.getMessage());
    }
}
