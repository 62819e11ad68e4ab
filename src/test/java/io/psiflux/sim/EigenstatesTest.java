package io.psiflux.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import io.psiflux.physics.Hamiltonian;
import io.psiflux.physics.InitialState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The block eigensolver against exact grid levels: the 2D double well (x^2 - 4)^2 / 8 + y^2 / 2
 * is separable, so its grid Hamiltonian's levels are the sums of the levels of two 1D grid
 * Hamiltonians, each a dense 64 x 64 matrix (the FFT kinetic energy written out as a real
 * symmetric matrix, plus V on the diagonal) diagonalised here by a plain Jacobi routine.
 */
class EigenstatesTest {

    static final Grid G = Grid.of(new Axis(64, -6, 6), new Axis(64, -6, 6));
    static final Hamiltonian WELL = Hamiltonian.builder().potential("(x^2 - 4)^2 / 8 + y^2 / 2").build();

    /**
     * The 1D grid Hamiltonian T + V of one axis as a dense matrix: T_jl = (1/N) sum_m E(k_m)
     * cos(k_m (x_j - x_l)) (the inverse DFT of the kinetic energies; the sines cancel between
     * k and -k, and vanish at the Nyquist bin), V on the diagonal.
     */
    static double[][] dense1d(Axis a, java.util.function.DoubleUnaryOperator v) {
        int n = a.n();
        double[][] h = new double[n][n];
        for (int j = 0; j < n; j++) {
            for (int l = 0; l < n; l++) {
                double s = 0;
                for (int m = 0; m < n; m++) s += a.k(m) * a.k(m) / 2 * Math.cos(a.k(m) * (j - l) * a.dx());
                h[j][l] = s / n;
            }
            h[j][j] += v.applyAsDouble(a.x(j));
        }
        return h;
    }

    /** Eigenvalues (ascending) of a real symmetric matrix by cyclic Jacobi rotations (Numerical Recipes 11.1). */
    static double[] jacobi(double[][] in) {
        int n = in.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) a[i] = in[i].clone();
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) off += a[i][j] * a[i][j];
            if (off < 1e-32) break;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] == 0) continue;
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    double c = 1 / Math.sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < n; k++) {
                        double kp = a[k][p], kq = a[k][q];
                        a[k][p] = c * kp - s * kq;
                        a[k][q] = s * kp + c * kq;
                    }
                    for (int k = 0; k < n; k++) {
                        double pk = a[p][k], qk = a[q][k];
                        a[p][k] = c * pk - s * qk;
                        a[q][k] = s * pk + c * qk;
                    }
                }
            }
        }
        double[] e = new double[n];
        for (int i = 0; i < n; i++) e[i] = a[i][i];
        Arrays.sort(e);
        return e;
    }

    /** The lowest k levels of the 2D well on G: sums of the two axes' dense levels. */
    static double[] exactLevels(int k) {
        double[] ex = jacobi(dense1d(G.axis(0), x -> (x * x - 4) * (x * x - 4) / 8));
        double[] ey = jacobi(dense1d(G.axis(1), y -> y * y / 2));
        List<Double> sums = new ArrayList<>();
        for (double a : ex) for (double b : ey) sums.add(a + b);
        sums.sort(null);
        double[] out = new double[k];
        for (int i = 0; i < k; i++) out[i] = sums.get(i);
        return out;
    }

    static final InitialState START = InitialState.gaussian(new double[] {0, 0}, new double[] {1, 1}, new double[] {0, 0});

    /** The oracle itself: the oscillator's dense grid levels are n + 1/2 (the grid resolves them). */
    @Test
    void theDenseOracleHasTheOscillatorLevels() {
        double[] e = jacobi(dense1d(new Axis(64, -8, 8), x -> x * x / 2));
        for (int n = 0; n < 6; n++) assertEquals(n + 0.5, e[n], 1e-9, "level " + n);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "opencl"})
    void theDoubleWellsLowestLevelsAreTheGridsExactOnes(String backend) {
        double[] exact = exactLevels(3);
        try (Eigenstates solver = Simulation.builder(G, WELL).backend(backend).initial(START).dt(0.01)
                .eigenstates(new Eigenstates.Settings(3, Double.NaN, 1000), 100)) {
            List<Eigenstates.State> got = solver.solve(Progress.NONE);
            StringBuilder msg = new StringBuilder(String.format(Locale.ROOT, "%s: %d iterations, %d H psi, block %d;", backend,
                    solver.iterations(), solver.applications(), solver.blockSize()));
            for (int i = 0; i < 3; i++) {
                msg.append(String.format(Locale.ROOT, " E%d %.12f (exact %.12f, off %.1e, residual %.1e)", i, got.get(i).energy(),
                        exact[i], got.get(i).energy() - exact[i], got.get(i).residual()));
            }
            System.out.println(msg);
            for (int i = 0; i < 3; i++) {
                assertTrue(got.get(i).converged(), msg.toString());
                assertEquals(exact[i], got.get(i).energy(), 1e-8, msg.toString());
            }
            // the tunnelling pair: the gap the per-step energy test of imaginary time missed
            assertEquals(exact[1] - exact[0], got.get(1).energy() - got.get(0).energy(), 1e-9, msg.toString());
            // the states are orthonormal
            ComplexField a = solver.state(0), b = solver.state(1);
            double re = 0, im = 0, na = 0;
            for (int p = 0; p < G.points(); p++) {
                re += a.re(p) * b.re(p) + a.im(p) * b.im(p);
                im += a.re(p) * b.im(p) - a.im(p) * b.re(p);
                na += a.abs2(p);
            }
            double dv = G.dV();
            assertEquals(1, na * dv, 1e-12);
            assertEquals(0, Math.hypot(re, im) * dv, 1e-10);
        }
    }

    /**
     * Single precision, default tolerance (1e-5 of the spectral width): the anisotropic
     * oscillator's five lowest levels (n_x + 1/2) + 1.5 (n_y + 1/2) to 1e-5, on cpu and opencl.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "opencl"})
    void singlePrecisionMeetsItsDefaultTolerance(String backend) {
        Grid g = Grid.of(new Axis(48, -8, 8), new Axis(48, -8, 8));
        Hamiltonian h = Hamiltonian.builder().potential("0.5*(x^2 + 2.25*y^2)").build();
        double[] exact = {1.25, 2.25, 2.75, 3.25, 3.75};
        try (Eigenstates solver = Simulation.builder(g, h).backend(backend).precision(Precision.SINGLE).initial(START).dt(0.01)
                .eigenstates(new Eigenstates.Settings(5, Double.NaN, 1000), 50)) {
            List<Eigenstates.State> got = solver.solve(Progress.NONE);
            for (int i = 0; i < 5; i++) {
                assertTrue(got.get(i).converged(), backend + " state " + i + " " + got.get(i));
                assertEquals(exact[i], got.get(i).energy(), 1e-5, backend + " state " + i + " " + got.get(i));
            }
        }
    }

    /** Without the imaginary-time start it converges to the same levels (from the random block alone). */
    @Test
    void itConvergesWithoutTheImaginaryTimeStart() {
        double[] exact = exactLevels(5);
        try (Eigenstates solver = Simulation.builder(G, WELL).backend("cpu").initial(START).dt(0.01)
                .eigenstates(new Eigenstates.Settings(5, Double.NaN, 1000), 0)) {
            List<Eigenstates.State> got = solver.solve(Progress.NONE);
            for (int i = 0; i < 5; i++) {
                assertTrue(got.get(i).converged(), "state " + i + " " + got.get(i));
                assertEquals(exact[i], got.get(i).energy(), 1e-8, "state " + i);
            }
        }
    }

    /** The Jacobi routine of the Rayleigh-Ritz steps: A V = V diag(values), V unitary, on a random Hermitian matrix. */
    @Test
    void denseHermitianDiagonalises() {
        int n = 17;
        Random rnd = new Random(5);
        double[][] re = new double[n][n], im = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                re[i][j] = re[j][i] = rnd.nextGaussian();
                double v = i == j ? 0 : rnd.nextGaussian();
                im[i][j] = v;
                im[j][i] = -v;
            }
        }
        re[3][3] = re[4][4]; // and some structure
        DenseHermitian e = DenseHermitian.of(re, im);
        for (int j = 0; j < n; j++) {
            if (j > 0) assertTrue(e.values[j] >= e.values[j - 1]);
            for (int i = 0; i < n; i++) {
                double sr = 0, si = 0;
                for (int l = 0; l < n; l++) {
                    sr += re[i][l] * e.vre[l][j] - im[i][l] * e.vim[l][j];
                    si += re[i][l] * e.vim[l][j] + im[i][l] * e.vre[l][j];
                }
                assertEquals(e.values[j] * e.vre[i][j], sr, 1e-12);
                assertEquals(e.values[j] * e.vim[i][j], si, 1e-12);
            }
            for (int k = 0; k < n; k++) {
                double sr = 0, si = 0;
                for (int l = 0; l < n; l++) {
                    sr += e.vre[l][j] * e.vre[l][k] + e.vim[l][j] * e.vim[l][k];
                    si += e.vre[l][j] * e.vim[l][k] - e.vim[l][j] * e.vre[l][k];
                }
                assertEquals(j == k ? 1 : 0, sr, 1e-12);
                assertEquals(0, si, 1e-12);
            }
        }
        // the trace is the sum of the eigenvalues
        double trace = 0, sum = 0;
        for (int i = 0; i < n; i++) {
            trace += re[i][i];
            sum += e.values[i];
        }
        assertEquals(trace, sum, 1e-12);
    }

    @Test
    void refusesANonlinearityAndAnAbsorberSayingWhy() {
        Grid g = Grid.of(new Axis(32, -4, 4));
        InitialState s = InitialState.gaussian(new double[] {0}, new double[] {1}, new double[] {0});
        Hamiltonian[] hs = {Hamiltonian.builder().potential("x^2").nonlinearity(1).build(),
            Hamiltonian.builder().potential("x^2").absorber(1, 1).build()};
        String[] why = new String[2];
        for (int i = 0; i < 2; i++) {
            Hamiltonian h = hs[i];
            why[i] = assertThrows(IllegalArgumentException.class,
                    () -> Simulation.builder(g, h).backend("cpu").precision(Precision.DOUBLE).initial(s).dt(0.01)
                            .eigenstates(Eigenstates.Settings.DEFAULT, 10).close()).getMessage();
        }
        assertTrue(why[0].contains("psi") && why[0].contains("linear"), why[0]);
        assertTrue(why[1].contains("absorber") && why[1].contains("Hermitian"), why[1]);
    }
}
