package io.psiflux.scattering;

import io.psiflux.field.ComplexField;
import io.psiflux.observe.Observation;
import io.psiflux.sim.Output;
import io.psiflux.sim.RunResult;
import io.psiflux.sim.Snapshot;
import java.util.ArrayList;
import java.util.List;

/** An Output that keeps observations and states in memory. */
final class Recorder implements Output {
    final List<Observation> rows = new ArrayList<>();
    final List<ComplexField> states = new ArrayList<>();
    RunResult result;

    @Override
    public void write(Observation observation, Snapshot snapshot) {
        rows.add(observation);
    }

    @Override
    public void state(int k, ComplexField psi) {
        states.add(psi.to(psi.precision()));
    }

    @Override
    public void finish(RunResult r) {
        result = r;
    }

    @Override
    public void close() {
    }
}
