package io.psiflux.propagate;

import io.psiflux.field.Complex;

/**
 * How one time step is composed of Strang steps, and whether time is real or imaginary.
 *
 * <p>Order 2 is one Strang step. Order 4 is the triple jump S(w1 tau) S(w0 tau) S(w1 tau) of
 * symmetric Strang steps with w1 + w0 + w1 = 1 and w1^3 + w0^3 + w1^3 = 0 (Yoshida 1990, Suzuki
 * 1990): in real time the real roots w1 = 1/(2 - 2^(1/3)), w0 = 1 - 2 w1 (the middle step runs
 * backwards); in imaginary time a backward step would amplify the high energies without bound, so
 * the complex roots w1 = 1/(2 - 2^(1/3) e^(2 pi i/3)), w0 = 1 - 2 w1 are used, whose real parts are
 * positive (every sub-step decays), with the same fourth-order conditions.
 *
 * @param order     2 or 4
 * @param imaginary true for imaginary time, tau = -i dt
 */
public record Scheme(int order, boolean imaginary) {

    /** Second-order Strang in real time. */
    public static final Scheme STRANG = new Scheme(2, false);

    public Scheme {
        if (order != 2 && order != 4) throw new IllegalArgumentException("order must be 2 or 4, got " + order);
    }

    /** The sub-step weights w_i (sum 1): tau_i = w_i tau. */
    public Complex[] weights() {
        if (order == 2) return new Complex[] {Complex.ONE};
        double c = Math.cbrt(2);
        Complex w1;
        if (!imaginary) {
            w1 = Complex.real(1 / (2 - c));
        } else {
            // 1 / (2 - c e^{2 pi i / 3})
            double re = 2 + c / 2, im = -c * Math.sqrt(3) / 2, m = re * re + im * im;
            w1 = new Complex(re / m, -im / m);
        }
        Complex w0 = Complex.ONE.plus(w1.times(-2));
        return new Complex[] {w1, w0, w1};
    }

    /** The time step: tau = dt in real time, -i dt in imaginary time. */
    public Complex tau(double dt) {
        return imaginary ? new Complex(0, -dt) : Complex.real(dt);
    }
}
