package io.psiflux.physics;

import io.psiflux.field.Complex;
import io.psiflux.field.RealField;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;

/**
 * The Hamiltonian {@code H = (p - qA)^2 / 2m + V(r, t) + g |psi|^2 - i W(r) - Omega L_z}: the one
 * home of the equation's physics (A = 0, g = 0, Omega = 0 unless set).
 * Everything a backend needs to step or measure comes from here as tables or numbers, and no
 * backend holds a physical constant:
 * <ul>
 *   <li>the kinetic part as per-axis factors {@link #kineticFactors} (the kinetic phase of a
 *       momentum-space point is their product over the axes);</li>
 *   <li>the pointwise part as the complex potential {@code U = V - iW} (V sampled by
 *       {@link #sampleV}, or its tree {@link #potentialTree} evaluated by the backend; W by
 *       {@link #sampleW}) and the rule {@code phase = exp(c U)} with c from
 *       {@link #potentialCoefficient};</li>
 *   <li>the scales that turn raw sums into observables: {@link #momentumScale},
 *       {@link #kineticScale}, {@link #currentScale}.</li>
 * </ul>
 * Time steps are complex, {@code tau}: real time is {@code tau = dt}, imaginary time
 * {@code tau = -i dt}; every phase is {@code exp(-i H tau / hbar)} for its part of H.
 *
 * <p>A new term of the equation is a part of this class: a real pointwise term that does not
 * depend on psi is a {@link Potential} added with {@link Builder#potential} (it reaches every
 * backend through V, nothing else changes); a term that does (a vector potential, a rotation, a
 * nonlinearity) adds its tables or rule here and one kernel per backend that applies them.
 * Immutable.
 *
 * <p>Conventions: the charge q multiplies A (H contains p - qA, so an electron has q = -1 in units
 * of e); B = curl A; L_z = x p_y - y p_x is canonical; Omega > 0 is a counter-clockwise rotation of
 * the frame about z; psi is normalised to 1 and g carries the particle number.
 *
 * @param hbar         reduced Planck constant, > 0
 * @param mass         particle mass, > 0
 * @param potential    V(r, t), real
 * @param absorber     the absorbing layer W, or null for none
 * @param charge       q, the coupling to A
 * @param magnetic     the uniform field and its gauge, or null for none
 * @param rotation     Omega, the angular velocity of the frame about z (0: an inertial frame)
 * @param nonlinearity g of the Gross-Pitaevskii term g |psi|^2
 */
public record Hamiltonian(double hbar, double mass, Potential potential, Absorber absorber, double charge,
                          MagneticField magnetic, double rotation, double nonlinearity) {

    /** hbar and the mass a {@link #builder()} starts from (the config's defaults too). */
    public static final double DEFAULT_HBAR = 1.0;
    public static final double DEFAULT_MASS = 1.0;

    /** The charge when none is given (the config's default). */
    public static final double DEFAULT_CHARGE = 1.0;

    public Hamiltonian {
        if (!(hbar > 0) || !Double.isFinite(hbar)) throw new IllegalArgumentException("hbar must be > 0, got " + hbar);
        if (!(mass > 0) || !Double.isFinite(mass)) throw new IllegalArgumentException("mass must be > 0, got " + mass);
        if (!Double.isFinite(charge)) throw new IllegalArgumentException("the charge must be finite, got " + charge);
        if (!Double.isFinite(rotation)) throw new IllegalArgumentException("the rotation must be finite, got " + rotation);
        if (!Double.isFinite(nonlinearity)) throw new IllegalArgumentException("g must be finite, got " + nonlinearity);
        if (potential == null) potential = Potential.zero();
        if (magnetic != null && magnetic.zero()) magnetic = null;
    }

    /** H = p^2/2m + V - iW: no field, no rotation, no nonlinearity. */
    public Hamiltonian(double hbar, double mass, Potential potential, Absorber absorber) {
        this(hbar, mass, potential, absorber, DEFAULT_CHARGE, null, 0, 0);
    }

    /** A free particle: V = 0, no absorber. */
    public static Hamiltonian free(double hbar, double mass) {
        return new Hamiltonian(hbar, mass, Potential.zero(), null);
    }

    /** A builder starting from hbar = mass = 1, V = 0, no absorber. */
    public static Builder builder() {
        return new Builder();
    }

    /** This Hamiltonian with V replaced. */
    public Hamiltonian withPotential(Potential v) {
        return new Hamiltonian(hbar, mass, v, absorber, charge, magnetic, rotation, nonlinearity);
    }

    /** This Hamiltonian with the absorber replaced (null for none). */
    public Hamiltonian withAbsorber(Absorber w) {
        return new Hamiltonian(hbar, mass, potential, w, charge, magnetic, rotation, nonlinearity);
    }

    /** This Hamiltonian with a uniform magnetic field (null for none) and the charge q. */
    public Hamiltonian withMagnetic(MagneticField b, double q) {
        return new Hamiltonian(hbar, mass, potential, absorber, q, b, rotation, nonlinearity);
    }

    /** This Hamiltonian in a frame rotating at Omega about z. */
    public Hamiltonian withRotation(double omega) {
        return new Hamiltonian(hbar, mass, potential, absorber, charge, magnetic, omega, nonlinearity);
    }

    /** This Hamiltonian with the Gross-Pitaevskii term g |psi|^2. */
    public Hamiltonian withNonlinearity(double g) {
        return new Hamiltonian(hbar, mass, potential, absorber, charge, magnetic, rotation, g);
    }

    /** True when V depends on t, so it is sampled again at every (sub-)step. */
    public boolean timeDependent() {
        return potential.timeDependent();
    }

    // ---- the kinetic part ----------------------------------------------------------------------

    /** The kinetic energy of wavenumber k along one axis, {@code hbar^2 k^2 / 2m}. */
    public double kineticEnergy(double k) {
        return hbar * hbar * k * k / (2 * mass);
    }

    /**
     * The kinetic phase of a step tau along axis {@code d}: {@code exp(-i hbar k^2 tau / 2m)} for
     * k = {@link Axis#k}(i) in FFT order, interleaved re, im (2 n values); exactly 1 on an inactive
     * axis. The phase of a momentum-space point is the product of its axes' factors.
     */
    public double[] kineticFactors(Grid g, int d, Complex tau) {
        Axis a = g.axis(d);
        double[] t = new double[2 * a.n()];
        for (int i = 0; i < a.n(); i++) {
            double c = a.n() == 1 ? 0 : kineticEnergy(a.k(i)) / hbar;
            // -i c (re + i im) = c im - i c re
            double mag = Math.exp(c * tau.im()), ang = -c * tau.re();
            t[2 * i] = mag * Math.cos(ang);
            t[2 * i + 1] = mag * Math.sin(ang);
        }
        return t;
    }

    // ---- the vector potential and the rotating frame: the kinetic part axis by axis --------------------

    /**
     * True when the kinetic part is not diagonal in k alone: a magnetic field or a rotating frame.
     * The step then treats the axes one after the other (see {@link #lineShift}).
     */
    public boolean axisSplit() {
        return magnetic != null || rotation != 0;
    }

    /** M of A = M r (zeros without a field). */
    public double[][] vectorPotential() {
        return magnetic == null ? new double[3][3] : magnetic.matrix();
    }

    /**
     * The drift matrix D: the velocity field (q/m) A(r) + Omega z x r, linear in r, that the
     * kinetic part along axis d shifts k by and the current subtracts (row d, D[d][d] = 0).
     * j = (hbar/m) Im(psi* grad psi) - rho D r is the gauge-invariant current, in the rotating frame
     * the rotating-frame current.
     */
    public double[][] drift() {
        double[][] m = vectorPotential();
        double[][] d = new double[3][3];
        for (int i = 0; i < 3; i++) for (int e = 0; e < 3; e++) d[i][e] = charge / mass * m[i][e];
        d[0][1] -= rotation;
        d[1][0] += rotation;
        return d;
    }

    /**
     * The kinetic part along axis d is {@code E_d(k, r) = hbar^2 k^2 / 2m - hbar k a(r) + b(r)} with
     * a = (D r)_d (the drift, independent of x_d) and b = q^2 A_d^2 / 2m; this is a per line of the
     * axis, in the order of {@link Grid#lineStart}.
     */
    public double[] lineShift(Grid g, int d) {
        double[][] drift = drift();
        int lines = g.points() / g.n(d);
        double[] a = new double[lines];
        for (int l = 0; l < lines; l++) {
            int p = g.lineStart(d, l);
            double s = 0;
            for (int e = 0; e < 3; e++) if (e != d) s += drift[d][e] * g.axis(e).x(g.index(p, e));
            a[l] = s;
        }
        return a;
    }

    /** exp(-i tau b / hbar) per line of axis d (interleaved), b = q^2 A_d^2 / 2m (see {@link #lineShift}). */
    public double[] lineFactors(Grid g, int d, Complex tau) {
        double[][] m = vectorPotential();
        int lines = g.points() / g.n(d);
        double[] f = new double[2 * lines];
        for (int l = 0; l < lines; l++) {
            int p = g.lineStart(d, l);
            double ad = 0;
            for (int e = 0; e < 3; e++) if (e != d) ad += m[d][e] * g.axis(e).x(g.index(p, e));
            double b = charge * charge * ad * ad / (2 * mass);
            // -i tau b / hbar = (tau.im - i tau.re) b / hbar
            double mag = Math.exp(tau.im() * b / hbar), ang = -tau.re() * b / hbar;
            f[2 * l] = mag * Math.cos(ang);
            f[2 * l + 1] = mag * Math.sin(ang);
        }
        return f;
    }

    /** b = q^2 A_d^2 / 2m per line of axis d (see {@link #lineShift}); zeros without a field. */
    public double[] lineEnergy(Grid g, int d) {
        double[][] m = vectorPotential();
        int lines = g.points() / g.n(d);
        double[] b = new double[lines];
        if (magnetic == null) return b;
        for (int l = 0; l < lines; l++) {
            int p = g.lineStart(d, l);
            double ad = 0;
            for (int e = 0; e < 3; e++) if (e != d) ad += m[d][e] * g.axis(e).x(g.index(p, e));
            b[l] = charge * charge * ad * ad / (2 * mass);
        }
        return b;
    }

    /**
     * Bounds [lo, hi] of the spectrum of the kinetic part on the grid, sum_d E_d: each E_d is
     * diagonal in (k, line), so its extremes over the grid's wavenumbers and lines bound it, and
     * the sum of the axes' bounds bounds the sum. Without a field or rotation this is
     * [0, sum_d hbar^2 k_max,d^2 / 2m]; with them it holds the (hbar k - q A)^2 / 2m growth and
     * the rotation's negative energies exactly (not the looser (hbar k_max + |q A|max)^2 / 2m).
     */
    public double[] kineticRange(Grid g) {
        double lo = 0, hi = 0;
        for (int d = 0; d < g.rank(); d++) {
            Axis ax = g.axis(d);
            double[] a = axisSplit() ? lineShift(g, d) : new double[] {0};
            double[] b = magnetic != null ? lineEnergy(g, d) : new double[a.length];
            double dlo = Double.POSITIVE_INFINITY, dhi = Double.NEGATIVE_INFINITY;
            for (int l = 0; l < a.length; l++) {
                for (int i = 0; i < ax.n(); i++) {
                    double e = kineticEnergy(ax.k(i)) - hbar * ax.kDerivative(i) * a[l] + b[l];
                    dlo = Math.min(dlo, e);
                    dhi = Math.max(dhi, e);
                }
            }
            lo += dlo;
            hi += dhi;
        }
        return new double[] {lo, hi};
    }

    /** gamma with exp(gamma k a) the shift part of the axis phase of a step tau: gamma = i tau. */
    public Complex shiftCoefficient(Complex tau) {
        return new Complex(-tau.im(), tau.re());
    }

    // ---- the pointwise part --------------------------------------------------------------------

    /**
     * The coefficient c of the potential phase of a step tau: {@code exp(-i (V - iW) tau / hbar)}
     * is {@code exp(c U)} with {@code U = V - iW} and {@code c = -i tau / hbar}. In parts, with
     * c = a + ib: magnitude {@code exp(a V + b W)}, angle {@code b V - a W}.
     */
    public Complex potentialCoefficient(Complex tau) {
        return new Complex(tau.im() / hbar, -tau.re() / hbar);
    }

    /** V(r, t) on the grid of {@code out} (a scalar field). */
    public void sampleV(double t, RealField out) {
        potential.sample(t, out);
    }

    /** V as an expression tree of x, y, z, t, or null when it is not one. */
    public Expr potentialTree() {
        return potential.tree();
    }

    /** W(r) on the grid of {@code out}, zero without an absorber. */
    public void sampleW(RealField out) {
        if (absorber != null) {
            absorber.sample(out, hbar, mass);
        } else {
            for (int i = 0; i < out.length(); i++) out.set(i, 0.0);
        }
    }

    // ---- scales of raw sums ----------------------------------------------------------------------

    /** hbar: momentum per unit wavenumber. */
    public double momentumScale() {
        return hbar;
    }

    /** {@code hbar^2 / 2m}: kinetic energy per unit |k|^2. */
    public double kineticScale() {
        return hbar * hbar / (2 * mass);
    }

    /** {@code hbar / m}: the probability current per unit {@code Im(psi* grad psi)}. */
    public double currentScale() {
        return hbar / mass;
    }

    /** Builds a Hamiltonian; each {@link #potential} call adds a term to V. */
    public static final class Builder {
        private double hbar = DEFAULT_HBAR;
        private double mass = DEFAULT_MASS;
        private Potential potential;
        private Absorber absorber;
        private double charge = DEFAULT_CHARGE;
        private MagneticField magnetic;
        private double rotation;
        private double nonlinearity;

        private Builder() {
        }

        public Builder hbar(double hbar) {
            this.hbar = hbar;
            return this;
        }

        public Builder mass(double mass) {
            this.mass = mass;
            return this;
        }

        /** Adds a term to V. */
        public Builder potential(Potential term) {
            this.potential = potential == null ? term : potential.plus(term);
            return this;
        }

        /** Adds an expression term to V (see {@link Expressions}). */
        public Builder potential(String expression) {
            return potential(Potential.expression(expression, "potential"));
        }

        /** An absorbing layer of this width and peak strength at every face of the box. */
        public Builder absorber(double width, double strength) {
            this.absorber = new Absorber(width, strength);
            return this;
        }

        public Builder absorber(Absorber absorber) {
            this.absorber = absorber;
            return this;
        }

        /** A uniform field B = (bx, by, bz) in the given gauge. */
        public Builder magnetic(double[] b, MagneticField.Gauge gauge) {
            this.magnetic = new MagneticField(b, gauge);
            return this;
        }

        /** The charge q (default 1). */
        public Builder charge(double q) {
            this.charge = q;
            return this;
        }

        /** A frame rotating at Omega about z. */
        public Builder rotation(double omega) {
            this.rotation = omega;
            return this;
        }

        /** The Gross-Pitaevskii term g |psi|^2 (psi normalised to 1). */
        public Builder nonlinearity(double g) {
            this.nonlinearity = g;
            return this;
        }

        public Hamiltonian build() {
            return new Hamiltonian(hbar, mass, potential, absorber, charge, magnetic, rotation, nonlinearity);
        }
    }
}
