package io.psiflux.sim;

import io.psiflux.observe.FluxPlane;
import io.psiflux.physics.Absorber;
import java.util.List;

/**
 * How a run steps and what it measures beyond the core observables (config [time], [absorber],
 * [[flux]]).
 *
 * @param order     2 (Strang) or 4 (triple jump of Strang steps); time.order, default 2
 * @param imaginary imaginary time (ground and excited states); time.imaginary, default false
 * @param tolerance imaginary time stops a state when |E_n - E_(n-1)| <= tolerance |E_n|; default 1e-10
 * @param states    number of lowest states to find in imaginary time, >= 1; default 1
 * @param absorber  the absorbing layer, or null; [absorber]
 * @param flux      planes whose flux is measured every step; [[flux]], default none
 */
public record Options(int order, boolean imaginary, double tolerance, int states, Absorber absorber,
                      List<FluxPlane> flux) {

    /** Order 2, real time, no absorber, no planes. */
    public static final Options DEFAULT = new Options(2, false, 1e-10, 1, null, List.of());

    public Options {
        flux = List.copyOf(flux);
    }
}
