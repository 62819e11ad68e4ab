package io.psiflux.sim;

/**
 * What a finished run reports (summary.json).
 *
 * @param backend        "cpu" or "opencl"
 * @param device         the device in words
 * @param precision      "single" or "double"
 * @param steps          steps taken
 * @param secondsStepping wall time spent in the step loop only (no output)
 * @param finalNorm      norm at the last output step
 * @param finalEnergy    energy at the last output step
 */
public record RunResult(String backend, String device, String precision, long steps, double secondsStepping,
                        double finalNorm, double finalEnergy) {

    /** Steps per second of the step loop. */
    public double stepsPerSecond() {
        return secondsStepping > 0 ? steps / secondsStepping : Double.NaN;
    }
}
