package io.psiflux.sim;

import io.psiflux.field.ComplexField;
import io.psiflux.observe.Observation;
import io.psiflux.observe.Spectrum;
import java.io.IOException;

/** Where a run's results go: called at every output step and once at the end. */
public interface Output extends AutoCloseable {

    /** One output step: the observables, and a snapshot whose unrequested fields are null. */
    void write(Observation observation, Snapshot snapshot) throws IOException;

    /** Imaginary time: state k (0 = lowest) has been found. The field is reused: copy what you keep. */
    default void state(int k, ComplexField psi) throws IOException {
    }

    /**
     * The spectrum of a correlation function so far ("spectrum": the autocorrelation's,
     * "current_spectrum": the current correlation's), rewritten as the run goes; the last one of a
     * name is the run's.
     */
    default void spectrum(String name, Spectrum spectrum) throws IOException {
    }

    /** The run finished normally; write whatever summarises it. */
    void finish(RunResult result) throws IOException;

    /** Called on every exit; a run that did not finish leaves nothing half-written. */
    @Override
    void close() throws IOException;
}
