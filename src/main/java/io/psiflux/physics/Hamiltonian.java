package io.psiflux.physics;

import io.psiflux.field.Complex;
import io.psiflux.field.RealField;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;

/**
 * The Hamiltonian {@code H = p^2 / 2m + V(r, t) - i W(r)}: the one home of the equation's physics.
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
 * @param hbar      reduced Planck constant, > 0
 * @param mass      particle mass, > 0
 * @param potential V(r, t), real
 * @param absorber  the absorbing layer W, or null for none
 */
public record Hamiltonian(double hbar, double mass, Potential potential, Absorber absorber) {

    /** hbar and the mass a {@link #builder()} starts from (the config's defaults too). */
    public static final double DEFAULT_HBAR = 1.0;
    public static final double DEFAULT_MASS = 1.0;

    public Hamiltonian {
        if (!(hbar > 0) || !Double.isFinite(hbar)) throw new IllegalArgumentException("hbar must be > 0, got " + hbar);
        if (!(mass > 0) || !Double.isFinite(mass)) throw new IllegalArgumentException("mass must be > 0, got " + mass);
        if (potential == null) potential = Potential.zero();
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
        return new Hamiltonian(hbar, mass, v, absorber);
    }

    /** This Hamiltonian with the absorber replaced (null for none). */
    public Hamiltonian withAbsorber(Absorber w) {
        return new Hamiltonian(hbar, mass, potential, w);
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
            absorber.sample(out);
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

        public Hamiltonian build() {
            return new Hamiltonian(hbar, mass, potential, absorber);
        }
    }
}
