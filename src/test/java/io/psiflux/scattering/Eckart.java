package io.psiflux.scattering;

/**
 * Exact transmission through the Eckart (Poschl-Teller) barrier V(x) = V0 sech^2(x / a)
 * (Landau and Lifshitz, Quantum Mechanics, section 25, problem 4): with k = sqrt(2 m E) / hbar and
 * s = 8 m V0 a^2 / hbar^2,
 * T(E) = sinh^2(pi k a) / (sinh^2(pi k a) + cosh^2((pi/2) sqrt(s - 1)))  for s > 1,
 * with cos^2((pi/2) sqrt(1 - s)) in place of the cosh^2 when s < 1.
 */
public final class Eckart {
    private Eckart() {
    }

    /** T for momentum p (> 0). */
    public static double transmission(double p, double v0, double a, double hbar, double mass) {
        double k = Math.abs(p) / hbar, s = 8 * mass * v0 * a * a / (hbar * hbar);
        double sh = Math.sinh(Math.PI * k * a);
        double c = s > 1 ? Math.cosh(Math.PI / 2 * Math.sqrt(s - 1)) : Math.cos(Math.PI / 2 * Math.sqrt(1 - s));
        // divide through by sinh^2 to stay finite for large k a
        return 1 / (1 + (c / sh) * (c / sh));
    }

    /**
     * T averaged over the momentum distribution of a Gaussian packet with position spread sigma
     * (of |psi|^2) and mean momentum p0: |phi(p)|^2 is a normal density of mean p0 and standard
     * deviation hbar / (2 sigma). Simpson's rule over p0 +- 10 standard deviations (p > 0 only; the
     * packets used have negligible weight at p < 0).
     */
    public static double averaged(double p0, double sigma, double v0, double a, double hbar, double mass) {
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
