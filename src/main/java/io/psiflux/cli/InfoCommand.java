package io.psiflux.cli;

import io.psiflux.backend.BackendProvider;
import io.psiflux.backend.Backends;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** psiflux info: version and backends. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print the version, the backends available and why any is not, and every OpenCL device.")
final class InfoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        Runtime rt = Runtime.getRuntime();
        System.out.println("psiflux " + Main.version());
        System.out.printf("java %s (%s), %d cores, heap limit %.1f GiB%n", System.getProperty("java.version"),
                System.getProperty("java.vm.name"), rt.availableProcessors(), rt.maxMemory() / 1073741824.0);
        System.out.println("backends:");
        for (BackendProvider p : Backends.providers()) {
            String why = p.unavailableReason();
            if (why != null) {
                System.out.printf("  %-7s not available: %s%n", p.name(), why);
                continue;
            }
            List<String> lines = p.describe();
            System.out.printf("  %-7s available%s%n", p.name(), lines.size() == 1 ? ": " + lines.get(0) : "");
            if (lines.size() > 1) for (String line : lines) System.out.println("    " + line);
        }
        return 0;
    }
}
