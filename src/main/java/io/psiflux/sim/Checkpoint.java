package io.psiflux.sim;

import io.psiflux.field.ComplexField;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything a run carries from one step to the next, as named parts, so that it can stop and go
 * on later exactly where it was: the clock, the wavefunction and whatever else the run has built
 * up (the flux integrals, the imaginary-time states already found, and, as features land, their
 * own parts). The simulation makes one ({@link Simulation#checkpoint()}) and takes one back
 * ({@link Simulation#restore}); io.CheckpointFiles stores it.
 *
 * @param step            steps taken since t = 0
 * @param time            simulated time
 * @param secondsStepping wall time spent stepping so far (so rates stay right across a resume)
 * @param values          named numbers and arrays of numbers (double, long, double[]), JSON-able
 * @param fields          named complex fields, "psi" among them
 */
public record Checkpoint(long step, double time, double secondsStepping, Map<String, Object> values,
                         Map<String, ComplexField> fields) {

    public Checkpoint {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** A named array of numbers, or null. */
    public double[] array(String name) {
        Object v = values.get(name);
        if (v == null) return null;
        if (v instanceof double[] d) return d;
        if (v instanceof java.util.List<?> l) {
            double[] d = new double[l.size()];
            for (int i = 0; i < d.length; i++) d[i] = ((Number) l.get(i)).doubleValue();
            return d;
        }
        throw new IllegalArgumentException("checkpoint value " + name + " is not an array");
    }

    /** A named number, or NaN. */
    public double number(String name) {
        Object v = values.get(name);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
