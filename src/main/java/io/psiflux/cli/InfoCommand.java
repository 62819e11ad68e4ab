package io.psiflux.cli;

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
        System.out.println("  cpu     available: own lane-batched FFT (JTransforms for 1D and sizes with primes > 7) on "
                + rt.availableProcessors() + " threads, single and double");
        String why = OpenClChoice.unavailableReason();
        if (why == null) {
            System.out.println("  opencl  available");
            for (String line : OpenClChoice.describeDevices()) System.out.println("    " + line);
        } else {
            System.out.println("  opencl  not available: " + why);
        }
        return 0;
    }
}
