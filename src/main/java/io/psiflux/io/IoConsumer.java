package io.psiflux.io;

import java.io.IOException;

/** A consumer that may throw {@link IOException}: the body that fills a file in {@link AtomicFiles}. */
@FunctionalInterface
public interface IoConsumer<T> {
    void accept(T t) throws IOException;
}
