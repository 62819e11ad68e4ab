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
 * Opens backends by name: "auto" (the available backend of highest priority, OpenCL on a GPU or
 * accelerator before the CPU, falling back with a note saying why), "cpu" or "opencl", from the
 * providers registered with {@link java.util.ServiceLoader}. Every refusal is a {@link UserError}
 * of one sentence.
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
     * Opens the backend {@code kind} names on the grid, on the device {@code device} selects (null:
     * the backend's choice). With "auto", a provider that cannot run here, that refuses this grid,
     * or that auto should pass over ({@link BackendProvider#autoPassOver}) gives way to the next,
     * and {@code notes} is told in one line which backend was taken and why. A {@code device} makes
     * auto mean the backends that choose among devices, with no fallback: a device that does not
     * exist, or a run that would end on the CPU backend, is refused. A {@code device} given to a
     * backend without devices is a note, not an error.
     */
    public static Backend open(String kind, String device, Grid grid, Precision precision, Consumer<String> notes) {
        String k = kind == null ? "auto" : kind.trim().toLowerCase(Locale.ROOT);
        String dev = device == null || device.isBlank() ? null : device.trim();
        List<BackendProvider> all = providers();
        if (!k.equals("auto")) {
            for (BackendProvider p : all) {
                if (!p.name().equals(k)) continue;
                String why = p.unavailableReason();
                if (why != null) throw new UserError("--backend " + k + ": " + why);
                if (dev != null && !p.selectsDevices()) {
                    notes.accept("psiflux: --device " + dev + " has no effect with --backend " + k + " (it chooses the device of "
                            + deviceBackends(all) + ")");
                    dev = null;
                }
                return p.open(grid, precision, dev);
            }
            throw new UserError("--backend: unknown backend \"" + kind + "\" (known: " + names() + ")");
        }
        if (dev != null) return openDevice(all, dev, grid, precision);
        String passed = null;
        for (int i = 0; i < all.size(); i++) {
            BackendProvider p = all.get(i);
            String why = p.unavailableReason();
            if (why == null) why = p.autoPassOver();
            if (why == null) {
                if (i == all.size() - 1) {
                    if (passed != null) notes.accept("psiflux: backend " + p.name() + ": " + passed);
                    return p.open(grid, precision, null);
                }
                try {
                    return p.open(grid, precision, null);
                } catch (UserError e) {
                    why = e.getMessage();
                }
            }
            if (passed == null) passed = why;
        }
        throw new UserError("--backend auto: no backend can run here: " + passed);
    }

    /** "auto" with --device: the first available backend that chooses devices, on that device. */
    private static Backend openDevice(List<BackendProvider> all, String dev, Grid grid, Precision precision) {
        String why = null;
        for (BackendProvider p : all) {
            if (!p.selectsDevices()) continue;
            String unavailable = p.unavailableReason();
            if (unavailable == null) return p.open(grid, precision, dev);
            if (why == null) why = p.name() + ": " + unavailable;
        }
        throw new UserError("--device " + dev + ": no backend here has devices to choose from ("
                + (why == null ? "none chooses devices" : why) + "); remove --device to run on the CPU backend");
    }

    /** The backends that choose among devices, e.g. "--backend opencl". */
    private static String deviceBackends(List<BackendProvider> all) {
        List<String> names = new ArrayList<>();
        for (BackendProvider p : all) if (p.selectsDevices()) names.add("--backend " + p.name());
        return names.isEmpty() ? "other backends" : String.join(" or ", names);
    }
}
