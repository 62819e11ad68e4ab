package io.psiflux.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One point of a sweep: a whole run config, validated, and the values that made it.
 *
 * @param index   0, 1, ... in the sweep's order (product: the first parameter varies slowest)
 * @param id      the index as the folder names it, zero-padded: "0000"
 * @param values  the parameters' values, in the sweep file's order
 * @param derived the derived columns' values, in order
 * @param config  the run config (file paths absolute)
 * @param shape   what the config makes the run report (its result columns)
 */
public record Point(int index, String id, List<JsonNode> values, double[] derived, ObjectNode config, Shape shape) {

    /**
     * What a point's run reports, beyond norm and energy.
     *
     * @param flux      the names of its flux planes (through_NAME)
     * @param absorber  true with an [absorber] (absorbed = 1 - norm)
     * @param states    imaginary time: how many states (energy_K); 0 in real time
     * @param lz        a 2D or 3D grid (final_lz)
     * @param nonlinear a Gross-Pitaevskii term (final_chemical_potential)
     */
    public record Shape(List<String> flux, boolean absorber, int states, boolean lz, boolean nonlinear) {
    }
}
