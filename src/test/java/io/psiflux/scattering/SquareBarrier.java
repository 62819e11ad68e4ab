package io.psiflux.scattering;

/**
 * Exact transmission through the square barrier V = V0 on |x| < a/2, 0 outside (any textbook, e.g.
 * Griffiths problem 2.33): with E = p^2 / 2m and hbar^2 q^2 / 2m = E - V0,
 * T = 1 / (1 + V0^2 sin^2(q a) / (4 E (E - V0))) above the barrier, sinh^2(kappa a) / (4 E (V0 - E))
 * below (q = i kappa), and 1 / (1 + m a^2 V0 / (2 hbar^2)) at E = V0. Written as one formula that
 * stays finite through E = V0: sin^2(q a) / (E - V0) = (2 m a^2 / hbar^2) sinc^2(q a), and
 * sinh^2(kappa a) / (V0 - E) = (2 m a^2 / hbar^2) sinhc^2(kappa a).
 */
final class SquareBarrier {
    private SquareBarrier() {
    }

    /** T for momentum p (> 0) through a barrier of height v0 and width a. */
    static double transmission(double p, double v0, double a, double hbar, double mass) {
        double e = p * p / (2 * mass);
        double q2 = 2 * mass * (e - v0) / (hbar * hbar);
        double z = Math.sqrt(Math.abs(q2)) * a;
        double f;
        if (z < 1e-4) {
            f = 1 + (q2 >= 0 ? -1 : 1) * z * z / 3; // sinc^2 or sinhc^2 near 0
        } else if (q2 > 0) {
            f = Math.sin(z) / z;
            f *= f;
        } else {
            f = Math.sinh(z) / z;
            f *= f;
        }
        return 1 / (1 + v0 * v0 * (2 * mass * a * a / (hbar * hbar)) * f / (4 * e));
    }

    /**
     * T averaged over the momentum distribution of a Gaussian packet with position spread sigma
     * (of |psi|^2) and mean momentum p0: |phi(p)|^2 is a normal density of mean p0 and standard
     * deviation hbar / (2 sigma). Simpson's rule over p0 +- 10 standard deviations (p > 0 only;
     * the packets used have no weight at p < 0), as {@link Eckart#averaged}.
     */
    static double averaged(double p0, double sigma, double v0, double a, double hbar, double mass) {
        double sp = hbar / (2 * sigma), lo = Math.max(1e-9, p0 - 10 * sp), hi = p0 + 10 * sp;
        int n = 4000;
        double h = (hi - lo) / n, sum = 0;
        for (int i = 0; i <= n; i++) {
            double p = lo + i * h, u = (p - p0) / sp;
            double f = Math.exp(-0.5 * u * u) / (sp * Math.sqrt(2 * Math.PI)) * transmission(p, v0, a, hbar, mass);
            sum += f * (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2);
        }
        return sum * h / 3;
    }
}
