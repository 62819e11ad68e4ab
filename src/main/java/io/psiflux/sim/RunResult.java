package io.psiflux.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a finished run reports (summary.json).
 *
 * @param backend         "cpu" or "opencl"
 * @param device          the device in words
 * @param precision       "single" or "double"
 * @param steps           steps taken (in imaginary time: by all states together)
 * @param secondsStepping wall time spent in the step loop only (no output)
 * @param finalNorm       norm at the last output step
 * @param finalEnergy     energy at the last output step
 * @param through         per flux plane, the time integral of its flux over the run (empty: no planes)
 * @param energies        imaginary time: the energy of each state found, lowest first; else null
 * @param converged       false when an imaginary-time state ran out of steps before the tolerance
 * @param problem         when not converged, one line saying which state and by how much; when
 *                        converged, null or a note (time.tolerance = 0: how far each state's
 *                        energy still falls), printed with {@link #notes}
 * @param status          "completed" (every step taken; an imaginary-time run whose states did not
 *                        all converge is completed too, with converged false) or "interrupted"
 *                        (stopped on request after a whole step)
 * @param stateConverged  imaginary time: per state found, whether it met the tolerance; else null
 * @param finals          further observables at the end, by name: "lz" (2D, 3D),
 *                        "chemical_potential" (with a nonlinear term), "absorbed" (with an
 *                        absorber), "budget_residual", "p_between" and "p_outside" (with flux
 *                        planes that bound a slab); written as final_NAME
 */
public record RunResult(String backend, String device, String precision, long steps, double secondsStepping,
                        double finalNorm, double finalEnergy, Map<String, Double> through, double[] energies,
                        boolean converged, String problem, String status, boolean[] stateConverged,
                        Map<String, Double> finals) {

    /** A result without further observables. */
    public RunResult(String backend, String device, String precision, long steps, double secondsStepping,
                     double finalNorm, double finalEnergy, Map<String, Double> through, double[] energies,
                     boolean converged, String problem, String status, boolean[] stateConverged) {
        this(backend, device, precision, steps, secondsStepping, finalNorm, finalEnergy, through, energies, converged, problem,
                status, stateConverged, Map.of());
    }

    /** The further observables of an observation: its lz and mu columns, when it has them. */
    public static Map<String, Double> finals(io.psiflux.observe.Observation o) {
        Map<String, Double> m = new java.util.LinkedHashMap<>();
        if (o.extraNames().contains("lz")) m.put("lz", o.extra("lz"));
        if (o.extraNames().contains("mu")) m.put("chemical_potential", o.extra("mu"));
        // the probability budget of runs with flux planes (see observe.ProbabilityBudget) and its breakdown
        for (String b : List.of("budget_residual", "p_between", "p_outside", "absorbed")) {
            if (o.extraNames().contains(b)) m.put(b, o.extra(b));
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /** A completed run. */
    public RunResult(String backend, String device, String precision, long steps, double secondsStepping,
                     double finalNorm, double finalEnergy, Map<String, Double> through, double[] energies,
                     boolean converged, String problem) {
        this(backend, device, precision, steps, secondsStepping, finalNorm, finalEnergy, through, energies, converged, problem,
                COMPLETED, null);
    }

    public RunResult(String backend, String device, String precision, long steps, double secondsStepping,
                     double finalNorm, double finalEnergy) {
        this(backend, device, precision, steps, secondsStepping, finalNorm, finalEnergy, Map.of(), null, true, null);
    }

    public static final String COMPLETED = "completed";
    public static final String INTERRUPTED = "interrupted";

    public boolean interrupted() {
        return INTERRUPTED.equals(status);
    }

    /** Steps per second of the step loop. */
    public double stepsPerSecond() {
        return secondsStepping > 0 ? steps / secondsStepping : Double.NaN;
    }

    /** Lines worth printing at the end of a run: the through_NAME values and the energies. */
    public List<String> notes() {
        List<String> out = new ArrayList<>();
        through.forEach((k, v) -> out.add(String.format(Locale.ROOT, "through_%s = %.8f", k, v)));
        String budget = io.psiflux.observe.ProbabilityBudget.summary(finals);
        if (budget != null) out.add(budget);
        if (energies != null) {
            StringBuilder b = new StringBuilder("energies:");
            for (double e : energies) b.append(String.format(Locale.ROOT, " %.10g", e));
            out.add(b.toString());
        }
        if (converged && problem != null) out.add(problem);
        return out;
    }
}
