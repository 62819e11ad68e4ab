package io.psiflux.propagate;

import io.psiflux.backend.Backend;
import io.psiflux.backend.DeviceBuffer;
import io.psiflux.backend.Energies;
import io.psiflux.field.Complex;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.physics.Hamiltonian;

/**
 * Steps of {@code psi <- exp(-i H dt / hbar) psi} by the Chebyshev expansion of the propagator
 * (Tal-Ezer and Kosloff 1984), for a static H: exact in time, with no splitting error, up to the
 * round-off of the arithmetic. With the spectrum of H inside [lo, hi] (bounds from the grid:
 * {@link Hamiltonian#kineticRange} plus the range of V), H = c + r X with c the centre, r the half
 * width and X's spectrum in [-1, 1], and
 * <pre>
 *   exp(-i H dt / hbar) = exp(-i c dt / hbar) sum_k (2 - delta_k0) (-i)^k J_k(z) T_k(X),  z = r dt / hbar,
 * </pre>
 * T_k the Chebyshev polynomials, built by T_0 psi = psi, T_1 psi = X psi,
 * T_(k+1) psi = 2 X T_k psi - T_(k-1) psi: one H psi per term ({@link Backend#applyEnergies}).
 * The series is cut where |J_k(z)| falls below the storage precision's round-off (J_k decays
 * faster than exponentially once k > z), so a step costs about z + a few tens of H psi:
 * large steps are cheap per unit time, and the cost per unit time tends to r / hbar.
 *
 * <p>Refuses what the expansion of a fixed Hermitian H cannot do: a potential that depends on t,
 * the nonlinearity (H would depend on psi) and an absorber (H not Hermitian: the spectrum leaves
 * the real interval the polynomials are built for). Observables and outputs are those of any
 * {@link Propagator}; the state is exact at every step, so dt is only the interval at which the
 * simulation looks at it.
 */
public final class Chebyshev implements Propagator {
    /** The bounds are widened by this fraction of the half width, against rounding of the tables. */
    private static final double MARGIN = 1e-3;

    private final Backend backend;
    private final Hamiltonian hamiltonian;
    private final double dt;
    private final double lo, hi;
    /** The expansion's coefficients, exp(-i c dt / hbar) (2 - delta_k0) (-i)^k J_k(z), k < terms. */
    private final Complex[] coefficients;
    /** (H - c) / r on the backend. */
    private final Energies x;
    private final DeviceBuffer psi, prev, cur, acc;
    private final RealField v;
    /** Buffers stepped beside psi ({@link #alsoStep}). */
    private final java.util.List<DeviceBuffer> companions = new java.util.ArrayList<>();
    private long step;
    private double time;

    /**
     * Samples V (at t = 0; it must not depend on t), bounds the spectrum, and prepares the
     * expansion for steps of dt.
     *
     * @throws IllegalArgumentException for a time-dependent potential, a nonlinearity or an absorber, saying why
     */
    public Chebyshev(Backend backend, Hamiltonian h, double dt) {
        if (h.timeDependent()) {
            throw new IllegalArgumentException("the Chebyshev propagator expands exp(-i H dt / hbar) of a fixed H; this potential depends on t");
        }
        if (h.nonlinearity() != 0) {
            throw new IllegalArgumentException("the Chebyshev propagator needs a linear H; g |psi|^2 depends on psi");
        }
        if (h.absorber() != null) {
            throw new IllegalArgumentException("the Chebyshev propagator needs a Hermitian H (a real spectrum); an absorber makes it complex");
        }
        if (!(dt > 0) || !Double.isFinite(dt)) throw new IllegalArgumentException("dt must be > 0, got " + dt);
        this.backend = backend;
        this.hamiltonian = h;
        this.dt = dt;
        this.v = RealField.scalar(backend.grid(), Precision.DOUBLE);
        h.sampleV(0, v);
        backend.setPotential(v, null);
        double vmin = Double.POSITIVE_INFINITY, vmax = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v.length(); i++) {
            vmin = Math.min(vmin, v.get(i));
            vmax = Math.max(vmax, v.get(i));
        }
        if (!Double.isFinite(vmin) || !Double.isFinite(vmax)) throw new IllegalArgumentException("the potential is not finite on the grid");
        double[] t = h.kineticRange(backend.grid());
        double centre = (t[0] + vmin + t[1] + vmax) / 2, half = (t[1] + vmax - t[0] - vmin) / 2;
        half = Math.max(half * (1 + MARGIN), 1e-12 * Math.max(1, Math.abs(centre)));
        this.lo = centre - half;
        this.hi = centre + half;
        double eps = backend.precision() == Precision.DOUBLE ? 0x1p-53 : 0x1p-24;
        this.coefficients = coefficients(half * dt / h.hbar(), centre * dt / h.hbar(), eps);
        this.x = backend.prepareEnergies(h, 1 / half, centre);
        this.psi = backend.allocate();
        this.prev = backend.allocate();
        this.cur = backend.allocate();
        this.acc = backend.allocate();
    }

    /**
     * The coefficients of exp(-i (theta + z X)) = sum_k a_k T_k(X) for X in [-1, 1]:
     * a_k = exp(-i theta) (2 - delta_k0) (-i)^k J_k(z), cut after the last k with
     * 2 |J_k(z)| above eps.
     */
    public static Complex[] coefficients(double z, double theta, double eps) {
        int n = (int) Math.ceil(z) + 40 + (int) (20 * Math.cbrt(z));
        double[] j = besselJ(z, n);
        int terms = n + 1;
        while (terms > 1 && 2 * Math.abs(j[terms - 1]) <= eps) terms--;
        Complex phase = new Complex(Math.cos(theta), -Math.sin(theta));
        Complex[] a = new Complex[terms];
        for (int k = 0; k < terms; k++) {
            double m = (k == 0 ? 1 : 2) * j[k];
            // (-i)^k: 1, -i, -1, i
            Complex ik = switch (k % 4) {
                case 0 -> new Complex(m, 0);
                case 1 -> new Complex(0, -m);
                case 2 -> new Complex(-m, 0);
                default -> new Complex(0, m);
            };
            a[k] = phase.times(ik);
        }
        return a;
    }

    /**
     * J_0(z) .. J_n(z) for z >= 0 by Miller's backward recurrence J_(k-1) = (2k / z) J_k - J_(k+1),
     * started well above max(n, z) and normalised by J_0 + 2 sum_k J_2k = 1 (stable: J is the
     * recurrence's minimal solution).
     */
    public static double[] besselJ(double z, int n) {
        double[] j = new double[n + 1];
        if (z == 0) {
            j[0] = 1;
            return j;
        }
        int top = Math.max(n, (int) Math.ceil(z));
        int m = top + 30 + (int) Math.sqrt(40.0 * top);
        if (m % 2 == 1) m++;
        double next = 0, now = 1e-300, sum = 0;
        for (int k = m; k >= 1; k--) {
            double before = 2 * k / z * now - next;
            next = now;
            now = before;
            // now holds the value at k - 1, next at k
            if (k <= n) j[k] = next;
            if (k % 2 == 0) sum += 2 * next;
            if (Math.abs(now) > 1e250) {
                now *= 1e-250;
                next *= 1e-250;
                sum *= 1e-250;
                for (int i = k; i <= n; i++) j[i] *= 1e-250;
            }
        }
        j[0] = now;
        sum += now;
        for (int k = 0; k <= n; k++) j[k] /= sum;
        return j;
    }

    @Override
    public void reset(ComplexField psi0, long step, double time) {
        backend.upload(psi0, psi);
        this.step = step;
        this.time = time;
    }

    /** Steps {@code b} beside psi from now on, by the same expansion (H is linear: nothing to refuse). */
    @Override
    public void alsoStep(DeviceBuffer b) {
        companions.add(b);
    }

    @Override
    public void advance(int steps) {
        for (int s = 0; s < steps; s++) {
            expand(psi);
            for (DeviceBuffer b : companions) expand(b);
        }
        step += steps;
        time = step * dt;
    }

    /**
     * One step of {@code target}: T_0 = target, T_1 = X target, then T_(k+1) = 2 X T_k - T_(k-1)
     * in two buffers that swap roles, each term added to the sum with its coefficient; terms - 1
     * applications of H.
     */
    private void expand(DeviceBuffer target) {
        backend.copy(target, prev);
        backend.scale(acc, 0);
        backend.axpy(coefficients[0], prev, acc);
        DeviceBuffer older = prev, newer = cur;
        if (coefficients.length > 1) {
            backend.applyEnergies(x, prev, cur, 1, 0);
            backend.axpy(coefficients[1], cur, acc);
        }
        for (int k = 2; k < coefficients.length; k++) {
            backend.applyEnergies(x, newer, older, 2, -1);
            DeviceBuffer t = older;
            older = newer;
            newer = t;
            backend.axpy(coefficients[k], newer, acc);
        }
        backend.copy(acc, target);
    }

    /** Terms of the expansion (H psi per step: one fewer). */
    public int terms() {
        return coefficients.length;
    }

    /** Applications of H per step. */
    public int applicationsPerStep() {
        return Math.max(0, coefficients.length - 1);
    }

    /** The interval [lo, hi] that holds H's spectrum (widened by a small margin). */
    public double[] spectralBounds() {
        return new double[] {lo, hi};
    }

    @Override
    public void syncPotential() {
        // static: V was set once
    }

    @Override
    public RealField potentialField() {
        return v;
    }

    @Override
    public RealField absorberField() {
        return null;
    }

    @Override
    public Hamiltonian hamiltonian() {
        return hamiltonian;
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public DeviceBuffer psi() {
        return psi;
    }

    @Override
    public long step() {
        return step;
    }

    @Override
    public double time() {
        return time;
    }

    @Override
    public double dt() {
        return dt;
    }

    @Override
    public void close() {
        x.close();
        psi.close();
        prev.close();
        cur.close();
        acc.close();
    }
}
