package io.psiflux.backend;

import io.psiflux.UserError;
import io.psiflux.field.Precision;
import io.psiflux.grid.Grid;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * Opens backends by name: "auto" (the available backend of highest priority, OpenCL before the
 * CPU, falling back with a note saying why), "cpu" or "opencl", from the providers registered
 * with {@link java.util.ServiceLoader}. Every refusal is a {@link UserError} of one sentence.
 */
public final class Backends {
    private Backends() {
    }

    /** Every registered provider, highest priority first. */
    public static List<BackendProvider> providers() {
        List<BackendProvider> all = new ArrayList<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())) all.add(p);
        all.sort(Comparator.comparingInt(BackendProvider::priority).reversed());
        return all;
    }

    /** The names users may give: auto and every provider's. */
    public static String names() {
        StringBuilder b = new StringBuilder("auto");
        for (BackendProvider p : providers()) b.append(", ").append(p.name());
        return b.toString();
    }

    /**
     * Opens the backend {@code kind} names on the grid. With "auto", a provider that cannot run
     * here or refuses this grid is passed over for the next, and {@code notes} is told why.
     */
    public static Backend open(String kind, String device, Grid grid, Precision precision, Consumer<String> notes) {
        String k = kind == null ? "auto" : kind.trim().toLowerCase(Locale.ROOT);
        List<BackendProvider> all = providers();
        if (!k.equals("auto")) {
            for (BackendProvider p : all) {
                if (!p.name().equals(k)) continue;
                String why = p.unavailableReason();
                if (why != null) throw new UserError("--backend " + k + ": " + why);
                return p.open(grid, precision, device);
            }
            throw new UserError("--backend: unknown backend \"" + kind + "\" (known: " + names() + ")");
        }
        String passed = null;
        for (int i = 0; i < all.size(); i++) {
            BackendProvider p = all.get(i);
            String why = p.unavailableReason();
            if (why == null) {
                if (i == all.size() - 1) {
                    if (passed != null) notes.accept("psiflux: using the " + p.name() + " backend: " + passed);
                    return p.open(grid, precision, device);
                }
                try {
                    return p.open(grid, precision, device);
                } catch (UserError e) {
                    why = e.getMessage();
                }
            }
            if (passed == null) passed = why;
        }
        throw new UserError("--backend auto: no backend can run here: " + passed);
    }
}
