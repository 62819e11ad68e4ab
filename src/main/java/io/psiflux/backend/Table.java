package io.psiflux.backend;

/**
 * A real scalar field held by a backend, in its storage precision, for {@link Backend#multiply}:
 * a pointwise factor in position space or, applied between {@link Backend#fft} and its inverse,
 * in momentum space (FFT order). Prepared by {@link Backend#prepareTable}; closing it releases it.
 */
public interface Table extends AutoCloseable {

    @Override
    default void close() {
    }
}
