package io.psiflux.sim;

import io.psiflux.observe.FluxPlane;
import java.util.List;

/**
 * How a run steps and what it measures beyond the core observables (config [time] and [[flux]]).
 *
 * @param order     2 (Strang) or 4 (triple jump of Strang steps); time.order, default 2
 * @param imaginary imaginary time (ground and excited states); time.imaginary, default false
 * @param tolerance imaginary time stops a state when the fall of E still to come (its stagnating trend, see Relaxation) is <= tolerance |E|; default 1e-10
 * @param states    number of lowest states to find in imaginary time, >= 1; default 1
 * @param flux      planes whose flux is measured every step; [[flux]], default none
 * @param method    split-operator steps, the Chebyshev propagator, or the eigensolver; time.method, default split
 * @param eigen     the eigensolver's settings ([eigen]; used with method eigen)
 */
public record Options(int order, boolean imaginary, double tolerance, int states, List<FluxPlane> flux, Method method,
                      Eigenstates.Settings eigen) {

    /** Order 2, real time, no planes. */
    public static final Options DEFAULT = new Options(2, false, 1e-10, 1, List.of());

    public Options {
        flux = List.copyOf(flux);
        if (method == null) method = Method.SPLIT;
        if (eigen == null) eigen = Eigenstates.Settings.DEFAULT;
    }

    /** Split-operator steps, the eigensolver's defaults. */
    public Options(int order, boolean imaginary, double tolerance, int states, List<FluxPlane> flux) {
        this(order, imaginary, tolerance, states, flux, Method.SPLIT, Eigenstates.Settings.DEFAULT);
    }
}
