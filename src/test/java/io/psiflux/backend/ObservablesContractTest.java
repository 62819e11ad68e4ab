package io.psiflux.backend;

import static io.psiflux.backend.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.field.Complex;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Grid;
import io.psiflux.physics.Hamiltonian;
import io.psiflux.physics.InitialState;
import io.psiflux.physics.Potential;
import io.psiflux.observe.FluxMeter;
import io.psiflux.observe.FluxPlane;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a backend measures: inner products and vector operations, the density, the probability
 * current against closed forms, symmetries and the spectral definition, the moments of a Gaussian,
 * and flux through planes; over every backend factory. hbar and m are not 1, so a swapped or
 * missing constant shows.
 */
class ObservablesContractTest {

    @ParameterizedTest(name = "{0} {1}D {2}")
    @MethodSource("io.psiflux.backend.Fixtures#allRanks")
    void innerAxpyScaleCopyAndDensityMatchHandComputedValues(BackendFactory f, int rank, Precision precision) {
        Grid g = mixedGrid(rank);
        double dV = g.dV();
        Hamiltonian h = free(1.0, 1.0);
        try (Backend b = f.open(g, precision);
             DeviceBuffer xb = b.allocate(); DeviceBuffer yb = b.allocate(); DeviceBuffer zb = b.allocate()) {
            double[] x = stored(b, xb, randomComplex(g, 1));
            double[] y = stored(b, yb, randomComplex(g, 2));
            double tol = precision.tolerance(4);

            // upload of a double field rounds to the storage type and nothing else
            double[] raw = randomComplex(g, 1);
            for (int i = 0; i < raw.length; i++) {
                assertEquals(raw[i], x[i], precision.epsilon * Math.abs(raw[i]), "upload keeps values");
            }

            double sre = 0, sim = 0, sabs = 0;
            for (int p = 0; p < g.points(); p++) {
                double ar = x[2 * p], ai = x[2 * p + 1], br = y[2 * p], bi = y[2 * p + 1];
                sre += ar * br + ai * bi;
                sim += ar * bi - ai * br;
                sabs += Math.hypot(ar, ai) * Math.hypot(br, bi);
            }
            Complex in = b.inner(xb, yb);
            double tolIn = precision.tolerance(4 + log2(g.points())) * sabs * dV;
            assertEquals(sre * dV, in.re(), tolIn, "Re <x|y> = sum conj(x) y dV");
            assertEquals(sim * dV, in.im(), tolIn, "Im <x|y>");
            Complex self = b.inner(xb, xb);
            assertEquals(0.0, self.im(), tolIn, "<x|x> is real");

            b.copy(yb, zb);
            assertClose(y, download(b, zb), 0.0, "copy is exact");

            Complex c = new Complex(0.3, -1.7);
            b.axpy(c, xb, zb);
            double[] expected = new double[y.length];
            for (int p = 0; p < g.points(); p++) {
                expected[2 * p] = y[2 * p] + c.re() * x[2 * p] - c.im() * x[2 * p + 1];
                expected[2 * p + 1] = y[2 * p + 1] + c.re() * x[2 * p + 1] + c.im() * x[2 * p];
            }
            assertClose(expected, download(b, zb), tol * 3, "axpy: y + c x");

            b.scale(xb, -2.5);
            double[] scaled = download(b, xb);
            for (int i = 0; i < x.length; i++) assertEquals(-2.5 * x[i], scaled[i], tol * 3 * Math.abs(x[i]), "scale");

            RealField rho = RealField.scalar(g, precision);
            b.density(yb, rho);
            for (int p = 0; p < g.points(); p++) {
                double e = y[2 * p] * y[2 * p] + y[2 * p + 1] * y[2 * p + 1];
                assertEquals(e, rho.get(p), tol * e, "density = |psi|^2");
            }
        }
    }

    /** psi = A e^{ik.x} + B e^{-ik.x} carries the uniform current (hbar k / m)(|A|^2 - |B|^2). */
    @ParameterizedTest(name = "{0} {1}D {2}")
    @MethodSource("io.psiflux.backend.Fixtures#allRanks")
    void planeWavesCarryTheCurrentHbarKOverM(BackendFactory f, int rank, Precision precision) {
        double hbar = 0.7, mass = 1.9;
        Grid g = mixedGrid(rank);
        int[] bin = {3, 10, 2}; // 10 of 12 is k = -2 (2 pi / L)
        double[] k = new double[3];
        for (int d = 0; d < rank; d++) k[d] = g.axis(d).k(bin[d]);
        Complex[][] amplitudes = {
            {new Complex(0.8, 0.3), new Complex(0.2, -0.5)},
            {new Complex(0.0, 1.1), Complex.ZERO},
            {new Complex(0.4, -0.4), new Complex(-0.4, 0.4)}, // equal magnitude: a standing wave, no current
        };
        Hamiltonian h = free(hbar, mass);
        try (Backend be = f.open(g, precision); DeviceBuffer buf = be.allocate()) {
            RealField j = RealField.vector(g, precision);
            for (Complex[] ab : amplitudes) {
                Complex a = ab[0], bb = ab[1];
                double[] psi = new double[2 * g.points()];
                for (int p = 0; p < g.points(); p++) {
                    double ph = 0;
                    for (int d : g.activeAxes()) ph += k[d] * g.axis(d).x(g.index(p, d));
                    Complex z = a.times(new Complex(Math.cos(ph), Math.sin(ph)))
                            .plus(bb.times(new Complex(Math.cos(ph), -Math.sin(ph))));
                    psi[2 * p] = z.re();
                    psi[2 * p + 1] = z.im();
                }
                be.upload(field(g, precision, psi), buf);
                be.current(buf, h.currentScale(), j);
                double weight = a.abs() * a.abs() - bb.abs() * bb.abs();
                double scale = hbar / mass * maxKDerivative(g) * Math.pow(a.abs() + bb.abs(), 2);
                double tol = precision.tolerance(8 * (1 + log2(g.points()))) * scale;
                for (int d = 0; d < rank; d++) {
                    for (int p = 0; p < g.points(); p++) {
                        assertEquals(hbar * k[d] / mass * weight, j.get(d, p), tol, "j_" + d + " at " + p + " for A=" + a + " B=" + bb);
                    }
                }
            }
        }
    }

    /** Real states carry no current: a real Gaussian, a standing wave and rough real noise (with Nyquist content). */
    @ParameterizedTest(name = "{0} {1}D {2}")
    @MethodSource("io.psiflux.backend.Fixtures#allRanks")
    void realStatesCarryNoCurrent(BackendFactory f, int rank, Precision precision) {
        double hbar = 1.3, mass = 0.6;
        Grid g = mixedGrid(rank);
        List<double[]> states = new ArrayList<>();
        double[] zero = new double[3], sig = {0.9, 0.7, 0.6}, ctr = {0.2, -0.3, 0.1};
        states.add(interleaved(InitialState.gaussian(ctr, sig, zero).create(g, Precision.DOUBLE, hbar)));
        double[] standing = new double[2 * g.points()], noise = randomComplex(g, 5);
        for (int p = 0; p < g.points(); p++) {
            double ph = 0;
            for (int d : g.activeAxes()) ph += g.axis(d).k(2) * g.axis(d).x(g.index(p, d));
            standing[2 * p] = Math.cos(ph);
            noise[2 * p + 1] = 0;
        }
        states.add(standing);
        states.add(noise);
        Hamiltonian h = free(hbar, mass);
        try (Backend b = f.open(g, precision); DeviceBuffer buf = b.allocate()) {
            RealField j = RealField.vector(g, precision);
            String[] names = {"real Gaussian", "standing wave cos(k.x)", "real noise"};
            for (int s = 0; s < states.size(); s++) {
                double[] psi = states.get(s);
                b.upload(field(g, precision, psi), buf);
                b.current(buf, h.currentScale(), j);
                double dmax = 0;
                for (int d = 0; d < rank; d++) dmax = Math.max(dmax, maxAbs(NaiveDft.derivative(g, psi, d)));
                double tol = precision.tolerance(8 * (1 + log2(g.points()))) * hbar / mass * maxAbs(psi) * dmax;
                for (int i = 0; i < j.length(); i++) assertEquals(0.0, j.get(i), tol, names[s] + ", component-point " + i);
            }
        }
    }

    /** j depends on psi only up to its global phase: j(e^{i alpha} psi) = j(psi). */
    @ParameterizedTest(name = "{0} {1}D {2}")
    @MethodSource("io.psiflux.backend.Fixtures#allRanks")
    void globalPhaseLeavesTheCurrentUnchanged(BackendFactory f, int rank, Precision precision) {
        double hbar = 1.0, mass = 1.0, alpha = 1.234;
        Grid g = mixedGrid(rank);
        double[] psi = smoothComplex(g, 3);
        double[] rotated = new double[psi.length];
        for (int p = 0; p < g.points(); p++) {
            rotated[2 * p] = Math.cos(alpha) * psi[2 * p] - Math.sin(alpha) * psi[2 * p + 1];
            rotated[2 * p + 1] = Math.sin(alpha) * psi[2 * p] + Math.cos(alpha) * psi[2 * p + 1];
        }
        Hamiltonian h = free(hbar, mass);
        try (Backend b = f.open(g, precision); DeviceBuffer buf = b.allocate()) {
            RealField j1 = RealField.vector(g, Precision.DOUBLE), j2 = RealField.vector(g, Precision.DOUBLE);
            RealField jt = RealField.vector(g, precision);
            b.upload(field(g, precision, psi), buf);
            b.current(buf, h.currentScale(), jt);
            for (int i = 0; i < jt.length(); i++) j1.set(i, jt.get(i));
            b.upload(field(g, precision, rotated), buf);
            b.current(buf, h.currentScale(), jt);
            for (int i = 0; i < jt.length(); i++) j2.set(i, jt.get(i));
            double max = maxAbs(psi);
            double tol = precision.tolerance(8 * (1 + log2(g.points()))) * hbar / mass * maxKDerivative(g) * max * max;
            for (int i = 0; i < j1.length(); i++) assertEquals(j1.get(i), j2.get(i), tol, "j at component-point " + i);
        }
    }

    /** The current against the oracle j = (hbar/m) Im(psi* d psi) with the naive spectral derivative. */
    @ParameterizedTest(name = "{0} shape {1}, {2}")
    @MethodSource("io.psiflux.backend.Fixtures#shapes")
    void currentMatchesTheSpectralDefinition(BackendFactory f, int[] shape, Precision precision) {
        double hbar = 0.9, mass = 1.4;
        Grid g = gridOf(shape);
        Hamiltonian h = free(hbar, mass);
        try (Backend b = f.open(g, precision); DeviceBuffer buf = b.allocate()) {
            double[] psi = stored(b, buf, randomComplex(g, 21));
            RealField j = RealField.vector(g, precision);
            b.current(buf, h.currentScale(), j);
            for (int d = 0; d < g.rank(); d++) {
                double[] dpsi = NaiveDft.derivative(g, psi, d);
                double tol = precision.tolerance(8 * (1 + log2(g.points()))) * hbar / mass * maxAbs(psi) * maxAbs(dpsi);
                for (int p = 0; p < g.points(); p++) {
                    double e = hbar / mass * (psi[2 * p] * dpsi[2 * p + 1] - psi[2 * p + 1] * dpsi[2 * p]);
                    assertEquals(e, j.get(d, p), tol, "j_" + d + " at " + p);
                }
            }
        }
    }

    /**
     * sum j dV = <p>/m (neither normalised), exactly on the grid for any state, Nyquist content
     * included, because both use the same derivative wavenumbers (Parseval).
     */
    @ParameterizedTest(name = "{0} {1}D {2}")
    @MethodSource("io.psiflux.backend.Fixtures#allRanks")
    void integratedCurrentIsMeanMomentumOverMass(BackendFactory f, int rank, Precision precision) {
        double hbar = 0.8, mass = 1.7;
        Grid g = mixedGrid(rank);
        Hamiltonian h = free(hbar, mass);
        try (Backend b = f.open(g, precision); DeviceBuffer buf = b.allocate()) {
            RealField j = RealField.vector(g, precision);
            stored(b, buf, randomComplex(g, 8));
            b.current(buf, h.currentScale(), j);
            Moments m = b.moments(buf, h);
            // |sum j dV| <= (hbar/m) ||psi|| ||grad psi|| <= (hbar/m) kMax norm; each term has log2 N roundings
            double tol = precision.tolerance(8 * (1 + log2(g.points()))) * hbar / mass * maxKDerivative(g) * m.norm();
            for (int d = 0; d < rank; d++) {
                assertEquals(m.p()[d] / mass, sum(j, d) * g.dV(), tol, "random state, axis " + d);
            }
        }
    }

    /**
     * For a normalised Gaussian with momentum p0, sum j dV = p0 / m (the closed form); the grid
     * error is bounded by the neglected tails of |phi(k)|^2 at kMax and of |psi|^2 at the box edge.
     */
    @ParameterizedTest(name = "{0} {1}D {2}")
    @MethodSource("io.psiflux.backend.Fixtures#allRanks")
    void integratedCurrentOfAGaussianIsP0OverM(BackendFactory f, int rank, Precision precision) {
        double hbar = 0.8, mass = 1.7, length = 16, s = 1.0;
        Grid g = box(rank, 32, length);
        double[] c = {0.3, -0.2, 0.1}, p0 = {0.9, -1.4, 0.5};
        Hamiltonian h = free(hbar, mass);
        try (Backend b = f.open(g, precision); DeviceBuffer buf = b.allocate()) {
            RealField j = RealField.vector(g, precision);
            b.upload(InitialState.gaussian(c, new double[] {s, s, s}, p0).create(g, precision, hbar), buf);
            b.current(buf, h.currentScale(), j);
            for (int d = 0; d < rank; d++) {
                double kGap = g.axis(d).kMax() - Math.abs(p0[d] / hbar), xGap = length / 2 - Math.abs(c[d]);
                double disc = 10 * Math.max(Math.exp(-2 * s * s * kGap * kGap), Math.exp(-xGap * xGap / (2 * s * s)));
                double scale = hbar / mass * g.axis(d).kMax();
                double tol = disc * scale + precision.tolerance(8 * (1 + log2(g.points()))) * scale;
                assertEquals(p0[d] / mass, sum(j, d) * g.dV(), tol, "sum j dV = p0 / m, axis " + d);
            }
        }
    }

    /**
     * Moments of a Gaussian in V = sum_d a_d x_d^2 against the closed forms: norm 1, <x> = c,
     * <p> = p0, kinetic sum (p0^2/2m + hbar^2/(8 m s^2)), potential sum a (s^2 + c^2).
     */
    @ParameterizedTest(name = "{0} {1}D {2}")
    @MethodSource("io.psiflux.backend.Fixtures#allRanks")
    void momentsOfAGaussianMatchTheClosedForms(BackendFactory f, int rank, Precision precision) {
        double hbar = 0.8, mass = 1.25;
        Grid g = box(rank, 48, 24);
        double[] c = {-0.6, 0.4, 1.1}, s = {1.0, 1.2, 0.9}, p0 = {0.8, -0.4, 0.6}, a = {0.3, 0.7, 0.5};
        double[] v = new double[g.points()];
        for (int p = 0; p < g.points(); p++) {
            for (int d : g.activeAxes()) {
                double x = g.axis(d).x(g.index(p, d));
                v[p] += a[d] * x * x;
            }
        }
        double kinetic = 0, potential = 0, disc = 0;
        for (int d = 0; d < rank; d++) {
            kinetic += p0[d] * p0[d] / (2 * mass) + hbar * hbar / (8 * mass * s[d] * s[d]);
            potential += a[d] * (s[d] * s[d] + c[d] * c[d]);
            double kGap = g.axis(d).kMax() - Math.abs(p0[d] / hbar), xGap = 12 - Math.abs(c[d]);
            disc = Math.max(disc, 100 * Math.max(Math.exp(-2 * s[d] * s[d] * kGap * kGap), Math.exp(-xGap * xGap / (2 * s[d] * s[d]))));
        }
        double tol = disc + precision.tolerance(8 * log2(g.points()));
        Hamiltonian h = free(hbar, mass);
        try (Backend b = f.open(g, precision); DeviceBuffer psi = b.allocate()) {
            b.setPotential(scalar(g, v), null);
            b.upload(InitialState.gaussian(c, s, p0).create(g, precision, hbar), psi);
            Moments m = b.moments(psi, h);
            assertEquals(1.0, m.norm(), tol, "norm");
            assertEquals(rank, m.x().length, "one x moment per declared axis");
            assertEquals(rank, m.p().length, "one p moment per declared axis");
            for (int d = 0; d < rank; d++) {
                assertEquals(c[d], m.meanX(d), tol * 12, "<x> axis " + d);
                assertEquals(p0[d], m.meanP(d), tol * hbar * g.axis(d).kMax(), "<p> axis " + d);
            }
            assertEquals(kinetic, m.kinetic(), tol * kinetic * 4, "kinetic energy");
            assertEquals(potential, m.potential(), tol * potential * 4, "potential energy");
            assertEquals(kinetic + potential, m.energy(), tol * (kinetic + potential) * 4, "energy");
        }
    }

    // ---- flux through planes ------------------------------------------------------------------------------

    /** Planes on every axis: at the middle, a third of the way, and the first index. */
    static int[][] planes(Grid g) {
        int r = g.rank();
        int[] axes = new int[3 * r], idx = new int[3 * r];
        for (int d = 0; d < r; d++) {
            axes[3 * d] = axes[3 * d + 1] = axes[3 * d + 2] = d;
            idx[3 * d] = g.n(d) / 2;
            idx[3 * d + 1] = g.n(d) / 3;
            idx[3 * d + 2] = 0;
        }
        return new int[][] {axes, idx};
    }

    static Stream<Arguments> fluxShapes() {
        List<Object[]> a = new ArrayList<>();
        for (Precision p : Precision.values()) {
            for (int[] s : new int[][] {{48}, {30, 14}, {12, 10, 9}}) a.add(new Object[] {s, p});
        }
        return cross(BackendFactory.all(), a);
    }

    /**
     * The raw flux sum of a plane is sum over its points of Im(psi* d psi) with the spectral
     * derivative, for a random state (every frequency): against the oracle's derivative.
     */
    @ParameterizedTest(name = "{0} shape {1}, {2}")
    @MethodSource("fluxShapes")
    void fluxSumsAreTheSpectralDefinitionSummedOverThePlane(BackendFactory f, int[] shape, Precision precision) {
        Grid g = gridOf(shape);
        int[][] pl = planes(g);
        try (Backend b = f.open(g, precision); DeviceBuffer buf = b.allocate(); FluxPlanes planes = b.fluxPlanes(pl[0], pl[1])) {
            double[] psi = stored(b, buf, randomComplex(g, 11));
            double[] out = new double[FluxPlanes.SUMS * pl[0].length];
            planes.measure(buf, out);
            for (int q = 0; q < pl[0].length; q++) {
                int d = pl[0][q];
                double[] dpsi = NaiveDft.derivative(g, psi, d);
                double sum = 0, scale = 0;
                double[] rx = new double[3], rxScale = new double[3];
                for (int pt = 0; pt < g.points(); pt++) {
                    if (g.index(pt, d) != pl[1][q]) continue;
                    sum += psi[2 * pt] * dpsi[2 * pt + 1] - psi[2 * pt + 1] * dpsi[2 * pt];
                    scale += Math.hypot(psi[2 * pt], psi[2 * pt + 1]) * Math.hypot(dpsi[2 * pt], dpsi[2 * pt + 1]);
                    double rho = psi[2 * pt] * psi[2 * pt] + psi[2 * pt + 1] * psi[2 * pt + 1];
                    for (int e = 0; e < g.rank(); e++) {
                        double x = g.axis(e).x(g.index(pt, e));
                        rx[e] += rho * x;
                        rxScale[e] += rho * Math.abs(x);
                    }
                }
                String where = "plane " + q + " (axis " + d + ", index " + pl[1][q] + ")";
                double tol = precision.tolerance(8 * (1 + log2(g.points())));
                assertEquals(sum, out[FluxPlanes.SUMS * q], tol * scale, where);
                for (int e = 0; e < 3; e++) {
                    assertEquals(rx[e], out[FluxPlanes.SUMS * q + 1 + e], tol * rxScale[e] + 1e-300, where + ", rho x_" + e);
                }
            }
        }
    }

    /**
     * Through the flux meter, the one place raw sums become fluxes: a plane wave A e^{ik.x}
     * carries hbar k_d A^2 / m times the plane's area.
     */
    @ParameterizedTest(name = "{0} shape {1}, {2}")
    @MethodSource("fluxShapes")
    void fluxMeterGivesThePlaneWaveClosedForm(BackendFactory f, int[] shape, Precision precision) {
        double hbar = 0.8, mass = 1.7, amp = 0.7;
        Grid g = gridOf(shape);
        Hamiltonian h = free(hbar, mass);
        int[][] pl = planes(g);
        List<FluxPlane> named = new ArrayList<>();
        for (int q = 0; q < pl[0].length; q++) named.add(new FluxPlane("p" + q, pl[0][q], g.axis(pl[0][q]).x(pl[1][q])));
        int[] modes = {2, -1, 3};
        double[] k = new double[3];
        double[] wave = new double[2 * g.points()];
        for (int d = 0; d < g.rank(); d++) k[d] = 2 * Math.PI * modes[d] / g.axis(d).length();
        for (int q = 0; q < g.points(); q++) {
            double phase = 0;
            for (int d = 0; d < g.rank(); d++) phase += k[d] * g.axis(d).x(g.index(q, d));
            wave[2 * q] = amp * Math.cos(phase);
            wave[2 * q + 1] = amp * Math.sin(phase);
        }
        try (Backend b = f.open(g, precision); DeviceBuffer buf = b.allocate(); FluxMeter meter = new FluxMeter(b, h, named)) {
            b.upload(field(g, precision, wave), buf);
            meter.start(buf);
            double tol = precision.tolerance(8 * (1 + log2(g.points())));
            for (int q = 0; q < named.size(); q++) {
                int d = pl[0][q];
                double area = 1;
                for (int e = 0; e < g.rank(); e++) if (e != d) area *= g.axis(e).length();
                double expect = hbar * k[d] / mass * amp * amp * area;
                assertEquals(expect, meter.flux(q), tol * hbar / mass * maxKDerivative(g) * amp * amp * area, "plane wave, plane " + q);
            }
        }
    }

    /**
     * A Gaussian g e^{i k0.x} (g real) has j = (hbar k0 / m) |psi|^2 pointwise, so the flux through
     * a plane is (hbar k0_d / m) sum_plane |psi|^2 dA. The packet's spectral amplitude at the
     * Nyquist wavenumber is below e^-40 and its amplitude at the box edge below e^-23 (the
     * derivative's error is linear in both): only round-off remains.
     */
    @ParameterizedTest(name = "{0} {1}D {2}")
    @MethodSource("io.psiflux.backend.Fixtures#allRanks")
    void aPacketsFluxIsItsVelocityTimesThePlaneDensity(BackendFactory f, int rank, Precision precision) {
        double hbar = 0.8, mass = 1.7;
        Grid g = box(rank, rank == 3 ? 48 : 64, 24);
        Hamiltonian h = free(hbar, mass);
        int[][] pl = planes(g);
        List<FluxPlane> named = new ArrayList<>();
        for (int q = 0; q < pl[0].length; q++) named.add(new FluxPlane("p" + q, pl[0][q], g.axis(pl[0][q]).x(pl[1][q])));
        double[] k0 = {1.0, -0.7, 0.5}, p0 = new double[3];
        for (int d = 0; d < 3; d++) p0[d] = hbar * k0[d];
        ComplexField packet = InitialState.gaussian(new double[] {0.4, -0.3, 0.2}, new double[] {1.2, 1.2, 1.2}, p0)
                .create(g, Precision.DOUBLE, hbar);
        try (Backend b = f.open(g, precision); DeviceBuffer buf = b.allocate(); FluxMeter meter = new FluxMeter(b, h, named)) {
            b.upload(packet, buf);
            meter.start(buf);
            double tol = precision.tolerance(8 * (1 + log2(g.points())));
            for (int q = 0; q < named.size(); q++) {
                int d = pl[0][q];
                double sum = 0;
                for (int pt = 0; pt < g.points(); pt++) if (g.index(pt, d) == pl[1][q]) sum += packet.abs2(pt);
                double dA = g.dV() / g.axis(d).dx(), expect = hbar * k0[d] / mass * sum * dA;
                // |j| <= (hbar / m) |psi| |grad psi|: rounding relative to the peak density times kMax over the plane
                double peak = Math.pow(2 * Math.PI * 1.44, -rank / 2.0), planePoints = (double) g.points() / g.n(d);
                double scale = hbar / mass * maxKDerivative(g) * peak * dA * planePoints;
                assertEquals(expect, meter.flux(q), tol * scale, "plane " + q + " (axis " + d + ")");
            }
        }
    }
}
