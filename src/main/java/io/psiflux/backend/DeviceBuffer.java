package io.psiflux.backend;

/**
 * A wavefunction-sized complex array owned by a {@link Backend}, in the layout of
 * {@link io.psiflux.field.ComplexField} (interleaved re/im, C order). Its contents reach the host
 * only through {@link Backend#download}. Closing it releases its memory.
 */
public interface DeviceBuffer extends AutoCloseable {
    @Override
    void close();
}
