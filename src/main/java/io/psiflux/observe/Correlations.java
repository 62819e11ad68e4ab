package io.psiflux.observe;

import io.psiflux.backend.AxisPhases;
import io.psiflux.backend.Backend;
import io.psiflux.backend.DeviceBuffer;
import io.psiflux.field.Complex;
import io.psiflux.field.ComplexField;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import io.psiflux.physics.Hamiltonian;
import java.util.Arrays;

/**
 * Time correlation functions of a run, measured on the backend, for spectra ({@link Spectrum}):
 * <ul>
 *   <li>the autocorrelation {@code C(t) = <psi(0)|psi(t)>}, whose spectrum has a line at each
 *       level E_n of weight |<n|psi(0)>|^2;</li>
 *   <li>optionally the current correlation {@code C_J(t) = <psi(0)| J_d(t) J_d(0) |psi(0)>} of the
 *       total current operator along axis d, J_d = integral of j_d dV = (p_d - q A_d)/m - (Omega z
 *       x r)_d, the velocity (the probability current; times q, the charge current). In the
 *       Heisenberg picture J(t) = U(t)^dagger J U(t), so with psi(t) = U(t) psi(0) and
 *       phi(t) = U(t) J psi(0), propagated beside psi by the same steps,
 *       {@code C_J(t) = <psi(t)| J |phi(t)>}. Its spectrum has lines at the transition energies
 *       E_m - E_n (n a level of psi, m one that J psi(0) reaches), unlike the product
 *       <J>(t) <J>(0) of expectation values.</li>
 * </ul>
 * J is applied spectrally along its axis: {@code F_d^-1 (hbar kappa / m) F_d} with kappa the
 * derivative wavenumber (Nyquist bin dropped, as for the current), minus the drift
 * {@code (D r)_d} of a field or a rotation (see {@code Hamiltonian.drift}), which does not depend
 * on x_d and so is a factor per line of the axis. Both go through {@link Backend#axisStep}.
 *
 * <p>The samples of C (and C_J) at the times the owner records them are kept here, in order;
 * with psi(0) and phi they are what a checkpoint must carry to go on.
 */
public final class Correlations implements AutoCloseable {
    private final Backend backend;
    /** The axis of J, or -1 for the autocorrelation only. */
    private final int axis;
    private final DeviceBuffer psi0;
    private final DeviceBuffer phi;
    private final DeviceBuffer scratch;
    /** The drift part's own buffer (J's two parts are summed out of place), or null without a drift. */
    private final DeviceBuffer driftPart;
    private final AxisPhases velocity;
    /** The drift part of J as an axis step, or null where the drift along the axis is zero. */
    private final AxisPhases drift;
    private double[] c = new double[0], cj = new double[0];
    private int count;

    /**
     * @param axis the axis of J for the current correlation, or -1 for none
     */
    public Correlations(Backend backend, Hamiltonian h, int axis) {
        Grid g = backend.grid();
        if (axis >= g.rank()) throw new IllegalArgumentException("J along axis " + axis + " on a " + g.rank() + "D grid");
        if (axis >= 0 && h.nonlinearity() != 0) {
            throw new IllegalArgumentException("the current correlation propagates J psi(0) by the same linear steps as psi: "
                    + "not with a nonlinear term");
        }
        this.backend = backend;
        this.axis = axis;
        this.psi0 = backend.allocate();
        if (axis < 0) {
            phi = scratch = driftPart = null;
            velocity = drift = null;
            return;
        }
        this.phi = backend.allocate();
        this.scratch = backend.allocate();
        Axis a = g.axis(axis);
        int lines = g.points() / a.n();
        double[] k = new double[2 * a.n()];
        for (int i = 0; i < a.n(); i++) k[2 * i] = h.currentScale() * a.kDerivative(i);
        double[] ones = new double[2 * lines], zero = new double[lines];
        for (int l = 0; l < lines; l++) ones[2 * l] = 1;
        this.velocity = backend.prepareAxis(axis, k, Complex.ZERO, zero, ones);
        double[] shift = h.lineShift(g, axis);
        boolean any = false;
        double[] minus = new double[2 * lines], unit = new double[2 * a.n()];
        for (int l = 0; l < lines; l++) {
            minus[2 * l] = -shift[l];
            any |= shift[l] != 0;
        }
        for (int i = 0; i < a.n(); i++) unit[2 * i] = 1;
        this.drift = any ? backend.prepareAxis(axis, unit, Complex.ZERO, zero, minus) : null;
        this.driftPart = any ? backend.allocate() : null;
    }

    /** True when the current correlation is measured too. */
    public boolean current() {
        return axis >= 0;
    }

    /** The axis of J, or -1. */
    public int axis() {
        return axis;
    }

    /** phi(t) = U(t) J psi(0), which the propagator must step beside psi; null without the current correlation. */
    public DeviceBuffer phi() {
        return phi;
    }

    /** Starts over from psi as psi(0): phi = J psi(0), no samples. */
    public void start(DeviceBuffer psi) {
        backend.copy(psi, psi0);
        if (phi != null) applyJ(psi0, phi);
        count = 0;
    }

    /** out <- J in (in is left as it was; out must not be in; the drift part goes through its own buffer). */
    private void applyJ(DeviceBuffer in, DeviceBuffer out) {
        backend.copy(in, out);
        backend.axisStep(out, velocity);
        if (drift != null) {
            backend.copy(in, driftPart);
            backend.axisStep(driftPart, drift);
            backend.axpy(Complex.ONE, driftPart, out);
        }
    }

    /** C(t) = <psi(0)|psi> now. */
    public Complex autocorrelation(DeviceBuffer psi) {
        return backend.inner(psi0, psi);
    }

    /** C_J(t) = <psi| J |phi> now (psi = psi(t) and phi(t) as propagated), or null without it. */
    public Complex currentCorrelation(DeviceBuffer psi) {
        if (phi == null) return null;
        applyJ(phi, scratch);
        return backend.inner(psi, scratch);
    }

    /** Appends the sample of C (and C_J) now to the recorded series. */
    public void record(DeviceBuffer psi) {
        Complex a = autocorrelation(psi), j = currentCorrelation(psi);
        if (2 * count + 2 > c.length) {
            c = Arrays.copyOf(c, Math.max(64, 2 * c.length));
            cj = Arrays.copyOf(cj, c.length);
        }
        c[2 * count] = a.re();
        c[2 * count + 1] = a.im();
        if (j != null) {
            cj[2 * count] = j.re();
            cj[2 * count + 1] = j.im();
        }
        count++;
    }

    /** The newest sample of C (current = false) or C_J (true). */
    public Complex last(boolean current) {
        if (count == 0) throw new IllegalStateException("no sample recorded");
        double[] s = current ? cj : c;
        return new Complex(s[2 * count - 2], s[2 * count - 1]);
    }

    /** How many samples are recorded. */
    public int samples() {
        return count;
    }

    /** The recorded samples of C (current = false) or C_J (true): {re, im}, each of {@link #samples()} values. */
    public double[][] series(boolean current) {
        double[] s = current ? cj : c;
        double[] re = new double[count], im = new double[count];
        for (int k = 0; k < count; k++) {
            re[k] = s[2 * k];
            im[k] = s[2 * k + 1];
        }
        return new double[][] {re, im};
    }

    /** psi(0), downloaded into a new host field. */
    public ComplexField psi0() {
        ComplexField f = new ComplexField(backend.grid(), backend.precision());
        backend.download(psi0, f);
        return f;
    }

    /** phi now, downloaded into a new host field; null without the current correlation. */
    public ComplexField phiNow() {
        if (phi == null) return null;
        ComplexField f = new ComplexField(backend.grid(), backend.precision());
        backend.download(phi, f);
        return f;
    }

    /**
     * Goes on from saved parts: psi(0), phi (null without the current correlation) and the
     * series of C and C_J as {re, im} pairs (C_J null without it).
     */
    public void restore(ComplexField psi0, ComplexField phiNow, double[][] c, double[][] cj) {
        if ((phi == null) != (phiNow == null) || (phi == null) != (cj == null)) {
            throw new IllegalArgumentException("the saved correlations " + (phiNow == null ? "lack" : "have") + " the current correlation");
        }
        int n = c[0].length;
        if (c[1].length != n || (cj != null && (cj[0].length != n || cj[1].length != n))) {
            throw new IllegalArgumentException("the saved correlation series differ in length");
        }
        backend.upload(psi0, this.psi0);
        if (phi != null) backend.upload(phiNow, phi);
        this.c = new double[2 * Math.max(n, 32)];
        this.cj = new double[this.c.length];
        for (int k = 0; k < n; k++) {
            this.c[2 * k] = c[0][k];
            this.c[2 * k + 1] = c[1][k];
            if (cj != null) {
                this.cj[2 * k] = cj[0][k];
                this.cj[2 * k + 1] = cj[1][k];
            }
        }
        count = n;
    }

    @Override
    public void close() {
        if (velocity != null) velocity.close();
        if (drift != null) drift.close();
        if (phi != null) phi.close();
        if (scratch != null) scratch.close();
        if (driftPart != null) driftPart.close();
        psi0.close();
    }
}
