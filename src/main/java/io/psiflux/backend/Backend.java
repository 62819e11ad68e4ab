package io.psiflux.backend;

import io.psiflux.field.Complex;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Grid;
import io.psiflux.physics.Expr;
import io.psiflux.physics.Hamiltonian;

/**
 * Where the wavefunction lives and the operations of a split-operator step run: the CPU or an
 * OpenCL device. The propagator and the observers are written once against this interface. A
 * backend holds no physics: the phases it applies come as tables from the
 * {@link Hamiltonian} ({@link #prepare}), and it measures raw sums that {@link Moments#of} and the
 * flux meter scale.
 *
 * <p>Conventions every implementation honours:
 * <ul>
 *   <li>Data layout: {@link ComplexField} (interleaved, C order, x slowest).</li>
 *   <li>FFT: over all declared axes, index-based: forward is
 *       {@code phi[m] = sum_j psi[j] e^{-2 pi i j m / N}} unnormalised (positions counted from
 *       each axis's start, so a grid starting at min differs from {@code sum psi(x) e^{-ikx}} by
 *       the phase {@code e^{-i k min}}, which no observable sees),
 *       inverse carries the {@code 1/N}, so forward then inverse is the identity; k in numpy's
 *       fftfreq order (see {@link io.psiflux.grid.Axis#k}).</li>
 *   <li>The complex potential {@code U = V - iW}: V real, W >= 0 an absorber (zero when absent),
 *       each a scalar field on the grid; a potential phase is {@code exp(c U)} pointwise.</li>
 * </ul>
 * Planning (kernels, FFT plans, buffers, phase tables) happens when the backend is opened, a
 * buffer allocated or phases prepared; the stepping calls allocate nothing and move no data
 * between host and device.
 */
public interface Backend extends AutoCloseable {

    /** Short name: "cpu" or "opencl". */
    String name();

    /** The device in words, e.g. "JTransforms on 2 threads" or "NVIDIA H200 (OpenCL 3.0)". */
    String device();

    /**
     * Why a viewer gets this backend's fields through host memory rather than straight into an
     * OpenGL texture (cl_khr_gl_sharing), as one phrase for a status line.
     */
    default String hostCopyReason() {
        return "the " + name() + " backend computes in host memory";
    }

    Grid grid();

    Precision precision();

    /** A new zeroed wavefunction-sized buffer. */
    DeviceBuffer allocate();

    /** Copies a host field (any precision) into a buffer. */
    void upload(ComplexField src, DeviceBuffer dst);

    /** Copies a buffer into a host field of this backend's precision. */
    void download(DeviceBuffer src, ComplexField dst);

    /** dst <- src. */
    void copy(DeviceBuffer src, DeviceBuffer dst);

    // ---- the complex potential U = V - iW ----------------------------------------------------------

    /**
     * Sets V, and W the absorber ({@code null}: zero), both scalar fields on this backend's grid,
     * copied into storage this backend allocated once. Used by {@link #potentialPhase},
     * {@link #strang} and {@link #sums}.
     */
    void setPotential(RealField v, RealField absorber);

    /**
     * Prepares this backend to compute V itself from the expression tree {@code v} of the
     * variables x, y, z, t (see {@link Expr}). Returns true when later {@link #evaluatePotential}
     * calls may be used, false when this backend cannot evaluate it; the caller then samples V on
     * the host and calls {@link #setPotential}. Call after {@link #setPotential} has set the
     * absorber (if any); a second call replaces the first.
     */
    boolean compilePotential(Expr v);

    /**
     * As {@link #compilePotential(Expr)}, but each grid value of V is the average of the tree over
     * the point's cell: {@code subsamples[d]} midpoint sub-samples along axis d at offsets
     * {@code dx_d Sampling.offset(s, subsamples[d])}, summed x slowest and divided by their number
     * (see {@code physics.Sampling}). All ones is {@link #compilePotential(Expr)}; this default
     * declines anything else, and the caller samples on the host.
     */
    default boolean compilePotential(Expr v, int[] subsamples) {
        for (int m : subsamples) if (m != 1) return false;
        return compilePotential(v);
    }

    /**
     * After {@link #compilePotential} returned true: fills this backend's V with V(x, y, z, t) at
     * every grid point (x_i = min + i dx per axis, 0 on inactive axes), keeping the absorber W as
     * last set, exactly as a V given to {@link #setPotential}. Allocates nothing.
     */
    void evaluatePotential(double t);

    // ---- phases and the step ------------------------------------------------------------------------

    /**
     * Prepares the phases of a Strang step (see {@link Phases}): the potential half step
     * {@code exp(c U)} and the kinetic step, the product over the axes of
     * {@code kineticFactors[d]} (interleaved complex, FFT order, {@code 2 n_d} values; every axis,
     * inactive ones included). Planning: may allocate.
     */
    default Phases prepare(Complex potentialCoefficient, double[][] kineticFactors) {
        return prepare(potentialCoefficient, kineticFactors, 0);
    }

    /**
     * As {@link #prepare(Complex, double[][])}, with the Gross-Pitaevskii term: the potential half
     * step also multiplies each point by {@code exp(c g |psi|^2)} with |psi|^2 taken at that moment
     * (after the point's potential factor), and two merged halves by {@code exp(2 c g |psi|^2)}.
     */
    Phases prepare(Complex potentialCoefficient, double[][] kineticFactors, double g);

    /**
     * The phases of a Strang step of tau under {@code h}: the coefficient of the potential half
     * step tau / 2, the nonlinearity, and the kinetic factors of the whole step, prepared here.
     */
    default Phases prepare(Hamiltonian h, Complex tau) {
        double[][] k = new double[3][];
        for (int d = 0; d < 3; d++) k[d] = h.kineticFactors(grid(), d, tau);
        return prepare(h.potentialCoefficient(tau.times(0.5)), k, h.nonlinearity());
    }

    /**
     * Prepares a kinetic step along one axis (see {@link AxisPhases}): the axis's kinetic factors
     * ({@code 2 n_d} values), gamma, and per line of the axis its shift a_l and interleaved factor f_l.
     */
    AxisPhases prepareAxis(int axis, double[] kineticFactors, Complex gamma, double[] lineShift, double[] lineFactors);

    /** The kinetic step of tau along axis d under {@code h} (a field or a rotation), prepared here. */
    default AxisPhases prepareAxis(Hamiltonian h, int axis, Complex tau) {
        return prepareAxis(axis, h.kineticFactors(grid(), axis, tau), h.shiftCoefficient(tau), h.lineShift(grid(), axis),
                h.lineFactors(grid(), axis, tau));
    }

    /** psi <- F_d^-1 (the phases' factors) F_d psi, along axis d only (psi in position space before and after). */
    void axisStep(DeviceBuffer psi, AxisPhases phases);

    /** psi <- exp(c U) psi pointwise in position space, c the phases' potential coefficient. */
    void potentialPhase(DeviceBuffer psi, Phases phases);

    /** In-place FFT over every declared axis (see class doc for the convention). */
    void fft(DeviceBuffer psi, boolean inverse);

    /** phi <- (the phases' kinetic factor) phi, pointwise on a buffer in momentum space. */
    void kineticPhase(DeviceBuffer psi, Phases phases);

    /**
     * {@code steps} Strang steps: potential half step, FFT, kinetic step, inverse FFT, potential
     * half step. Implementations fuse passes (including the two potential halves that meet
     * between consecutive steps); this default composes the primitives and defines the result.
     */
    default void strang(DeviceBuffer psi, Phases phases, int steps) {
        for (int s = 0; s < steps; s++) {
            potentialPhase(psi, phases);
            fft(psi, false);
            kineticPhase(psi, phases);
            fft(psi, true);
            potentialPhase(psi, phases);
        }
    }

    // ---- the Hamiltonian as an operator (Chebyshev propagation, eigensolvers) ------------------------

    /**
     * Prepares the operator of {@link Energies}: per active axis d the real tables e_d (n_d values,
     * FFT order), a_d and b_d (one value per line of the axis), the coefficient g of the drift
     * term, and s, c of the pointwise part s V + c. Planning: may allocate.
     */
    Energies prepareEnergies(double[][] axisEnergies, double shiftCoefficient, double[][] lineShift, double[][] lineEnergy,
                             double potentialScale, double constant);

    /**
     * The operator {@code scale (H - shift)} of {@code h} on this grid (its kinetic part with the
     * drift of a field or a rotation, and V as last set; no absorber, no nonlinearity), prepared
     * here.
     */
    default Energies prepareEnergies(Hamiltonian h, double scale, double shift) {
        int rank = grid().rank();
        double[][] e = new double[rank][], a = new double[rank][], b = new double[rank][];
        for (int d = 0; d < rank; d++) {
            int n = grid().n(d);
            e[d] = new double[n];
            for (int i = 0; i < n; i++) e[d][i] = scale * h.kineticEnergy(grid().axis(d).k(i));
            a[d] = h.axisSplit() ? h.lineShift(grid(), d) : new double[grid().points() / n];
            b[d] = h.lineEnergy(grid(), d);
            for (int l = 0; l < b[d].length; l++) b[d][l] *= scale;
        }
        return prepareEnergies(e, -scale * h.hbar(), a, b, scale, -scale * shift);
    }

    /**
     * {@code out <- alpha E psi + beta out} for the prepared operator E (see {@link Energies});
     * with beta = 0 the old contents of out are not read. psi and out must be different buffers;
     * psi is left unchanged.
     */
    void applyEnergies(Energies op, DeviceBuffer psi, DeviceBuffer out, double alpha, double beta);

    /** A copy of the real scalar field {@code values} (this grid) on this backend, for {@link #multiply}. */
    Table prepareTable(RealField values);

    /** psi <- t psi, pointwise. */
    void multiply(DeviceBuffer psi, Table t);

    /**
     * The inner products of two lists of buffers: {@code g[i][j] = <a_i|b_j>} (see {@link #inner}).
     * Backends may compute them in one pass over memory; this default calls {@link #inner}.
     */
    default Complex[][] gram(java.util.List<DeviceBuffer> a, java.util.List<DeviceBuffer> b) {
        Complex[][] g = new Complex[a.size()][b.size()];
        for (int i = 0; i < a.size(); i++) for (int j = 0; j < b.size(); j++) g[i][j] = inner(a.get(i), b.get(j));
        return g;
    }

    /**
     * Linear combinations: {@code out_j <- sum_i c[i][j] in_i} for every j (c has in.size() rows and
     * out.size() columns). No out buffer may be one of the in buffers. This default uses
     * {@link #scale} and {@link #axpy} (so out must hold finite values); backends may do it in one
     * pass.
     */
    default void combine(java.util.List<DeviceBuffer> in, Complex[][] c, java.util.List<DeviceBuffer> out) {
        for (int j = 0; j < out.size(); j++) {
            DeviceBuffer y = out.get(j);
            scale(y, 0);
            for (int i = 0; i < in.size(); i++) {
                if (c[i][j].re() != 0 || c[i][j].im() != 0) axpy(c[i][j], in.get(i), y);
            }
        }
    }

    // ---- measurements -------------------------------------------------------------------------------

    /**
     * Raw sums of psi: norm, positions, potential, wavenumbers (see {@link Sums}); the mixed
     * moments {@code xj} only when {@code mixed} (a backend may compute them anyway), else zero.
     */
    Sums sums(DeviceBuffer psi, boolean mixed);

    /** {@link #sums(DeviceBuffer, boolean)} with the mixed moments. */
    default Sums sums(DeviceBuffer psi) {
        return sums(psi, true);
    }

    /**
     * The moments of psi under {@code h}: {@link Moments#of} of {@link #sums}, the mixed moments
     * computed when the Hamiltonian needs them (a field or a rotation) or {@code lz} is asked for.
     */
    default Moments moments(DeviceBuffer psi, Hamiltonian h, boolean lz) {
        return Moments.of(sums(psi, lz || h.axisSplit()), grid(), h);
    }

    /** {@link #moments(DeviceBuffer, Hamiltonian, boolean)} with lz. */
    default Moments moments(DeviceBuffer psi, Hamiltonian h) {
        return moments(psi, h, true);
    }

    /** out <- |psi|^2, a scalar field of this backend's precision. */
    void density(DeviceBuffer psi, RealField out);

    /**
     * out <- scale Im(psi* grad psi), gradient taken spectrally; a vector field with one component
     * per declared axis. With {@code scale = hbar / m} ({@code Hamiltonian.currentScale}) this is
     * the probability current j.
     */
    void current(DeviceBuffer psi, double scale, RealField out);

    /**
     * Plans the measurement of raw flux sums through planes of constant coordinate: plane p holds
     * the points with index {@code indices[p]} along axis {@code axes[p]} (see {@link FluxPlanes}).
     * This default goes through {@link #current} and a host scratch field; backends may override
     * it to reduce on the device. Close the result when done.
     */
    default FluxPlanes fluxPlanes(int[] axes, int[] indices) {
        return new HostFluxPlanes(this, axes, indices);
    }

    /**
     * Plans {@code count} particles moved by the velocity field of psi as {@code rule} says (see
     * {@link Particles}). This default downloads psi at both ends of every step and moves them on
     * the host; backends override it to read psi where it lives. Close the result when done.
     */
    default Particles particles(int count, ParticleRule rule) {
        return new HostParticles(this, count, rule);
    }

    /** The inner product {@code <a|b> = sum conj(a) b dV}. */
    Complex inner(DeviceBuffer a, DeviceBuffer b);

    /** y <- y + c x. */
    void axpy(Complex c, DeviceBuffer x, DeviceBuffer y);

    /** x <- s x. */
    void scale(DeviceBuffer x, double s);

    /**
     * Bytes one fused Strang step moves between the processor and main (device) memory, by this
     * backend's own pass count; {@code psiflux bench} divides it by the time per step to report
     * achieved bandwidth. 0 when unknown.
     */
    default long bytesPerStep() {
        return 0;
    }

    /** Blocks until all queued work has finished (a no-op where calls are synchronous). */
    default void finish() {
    }

    /** Releases every resource this backend holds (buffers, plans, threads, contexts). */
    @Override
    void close();
}
