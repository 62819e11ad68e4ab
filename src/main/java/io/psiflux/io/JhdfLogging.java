package io.psiflux.io;

import java.io.IOException;
import java.util.Properties;

/**
 * Keeps jhdf quiet. jhdf logs through slf4j-api 2, which psiflux ships without a provider, and
 * slf4j's answer to a missing provider is three "SLF4J(W): No SLF4J providers were found" lines on
 * stderr at first use; psiflux prints nothing it does not mean. {@link #silence()}, called before
 * jhdf is first touched, names slf4j-api's own no-operation provider in the system property
 * {@code slf4j.provider} (read by slf4j-api 2.0.9 and later), and lowers slf4j's reports about
 * itself to warnings ({@code slf4j.internal.verbosity}), since naming a provider makes slf4j
 * announce the choice at INFO.
 *
 * <p>It decides only where nobody else has: nothing changes when the user set
 * {@code slf4j.provider}, and nothing when a provider is on the class path (an application that
 * embeds psiflux with logback keeps its logs, and jhdf's with them). A {@code
 * slf4j.internal.verbosity} the user set is kept.
 */
final class JhdfLogging {
    static final String PROVIDER_PROPERTY = "slf4j.provider";
    static final String VERBOSITY_PROPERTY = "slf4j.internal.verbosity";
    /** Part of slf4j-api itself since 2.0.0, so naming it adds no dependency. */
    static final String NOP_PROVIDER = "org.slf4j.helpers.NOP_FallbackServiceProvider";
    /** Where slf4j's ServiceLoader finds providers. */
    static final String PROVIDER_SERVICE = "META-INF/services/org.slf4j.spi.SLF4JServiceProvider";

    private JhdfLogging() {
    }

    /** Silences slf4j for this JVM unless the user or the class path has chosen a provider. */
    static synchronized void silence() {
        silence(System.getProperties(), JhdfLogging.class.getClassLoader());
    }

    /** The decision, on given properties and class loader so that tests need no fresh JVM. */
    static void silence(Properties properties, ClassLoader loader) {
        if (properties.getProperty(PROVIDER_PROPERTY) != null || hasProvider(loader)) return;
        properties.setProperty(PROVIDER_PROPERTY, NOP_PROVIDER);
        if (properties.getProperty(VERBOSITY_PROPERTY) == null) properties.setProperty(VERBOSITY_PROPERTY, "WARN");
    }

    private static boolean hasProvider(ClassLoader loader) {
        try {
            return loader != null && loader.getResources(PROVIDER_SERVICE).hasMoreElements();
        } catch (IOException e) {
            // Cannot tell: leave slf4j to its own discovery, at worst its warning is printed.
            return true;
        }
    }
}
