package io.psiflux.backend;

import io.psiflux.field.Complex;
import io.psiflux.grid.Grid;

/** Exact solutions the physics tests compare against (free space, no periodic images). */
public final class ClosedForms {
    private ClosedForms() {
    }

    /**
     * One axis of the freely evolving Gaussian whose t = 0 form is {@link
     * io.psiflux.physics.InitialState#gaussian}'s, {@code (2 pi s^2)^(-1/4) exp(-(x-c)^2/(4 s^2) + i k0 x)}:
     * <pre>
     *   psi(x, t) = (2 pi s^2)^(-1/4) (1 + i t/tau)^(-1/2)
     *               exp(-(x - c - v t)^2 / (4 s^2 (1 + i t/tau)) + i k0 x - i w t)
     * </pre>
     * with tau = 2 m s^2 / hbar, v = hbar k0 / m, w = hbar k0^2 / 2m.
     */
    public static Complex freeGaussian1d(double x, double t, double c, double s, double k0, double hbar, double mass) {
        double tau = 2 * mass * s * s / hbar, v = hbar * k0 / mass, w = hbar * k0 * k0 / (2 * mass);
        Complex q = new Complex(1, t / tau);
        // 1 / (1 + i t/tau) and its principal square root
        double q2 = q.re() * q.re() + q.im() * q.im();
        Complex inv = new Complex(q.re() / q2, -q.im() / q2);
        double r = Math.sqrt(inv.abs()), th = 0.5 * Math.atan2(inv.im(), inv.re());
        Complex rootInv = new Complex(r * Math.cos(th), r * Math.sin(th));
        double u = x - c - v * t;
        Complex exponent = inv.times(-u * u / (4 * s * s)).plus(new Complex(0, k0 * x - w * t));
        return exponent.exp().times(rootInv).times(Math.pow(2 * Math.PI * s * s, -0.25));
    }

    /** sigma(t) = s sqrt(1 + (hbar t / (2 m s^2))^2), the width of |psi|^2 of a free Gaussian. */
    public static double freeWidth(double s, double t, double hbar, double mass) {
        double a = hbar * t / (2 * mass * s * s);
        return s * Math.sqrt(1 + a * a);
    }

    /** The free Gaussian on a grid as an interleaved array: the product of {@link #freeGaussian1d} over axes. */
    public static double[] freeGaussian(Grid g, double t, double[] c, double[] s, double[] k0, double hbar, double mass) {
        double[] out = new double[2 * g.points()];
        for (int p = 0; p < g.points(); p++) {
            Complex z = Complex.ONE;
            for (int d : g.activeAxes()) {
                double x = g.axis(d).x(g.index(p, d));
                z = z.times(freeGaussian1d(x, t, c[d], s[d], k0[d], hbar, mass));
            }
            out[2 * p] = z.re();
            out[2 * p + 1] = z.im();
        }
        return out;
    }

    /** Classical harmonic orbit x(t) = x0 cos wt + p0/(m w) sin wt. */
    public static double orbitX(double x0, double p0, double mass, double omega, double t) {
        return x0 * Math.cos(omega * t) + p0 / (mass * omega) * Math.sin(omega * t);
    }

    /** Classical harmonic orbit p(t) = p0 cos wt - m w x0 sin wt. */
    public static double orbitP(double x0, double p0, double mass, double omega, double t) {
        return p0 * Math.cos(omega * t) - mass * omega * x0 * Math.sin(omega * t);
    }
}
