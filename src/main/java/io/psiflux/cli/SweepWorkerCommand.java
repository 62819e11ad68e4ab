package io.psiflux.cli;

import io.psiflux.sweep.Worker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * psiflux sweep-worker DIR (hidden): runs the points of the sweep in DIR whose ids arrive on
 * standard input, one after the other in this JVM, each as psiflux run would (see {@link Worker}).
 * The local engine and the Slurm array script start it; users do not.
 */
@Command(name = "sweep-worker", hidden = true, description = "Run sweep points named on standard input (started by psiflux sweep).")
final class SweepWorkerCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "the sweep's folder")
    Path dir;

    @Option(names = "--backend", defaultValue = "auto")
    String backend;

    @Option(names = "--device")
    String device;

    @Option(names = "--precision", defaultValue = "double")
    String precision;

    @Option(names = "--retry-failed")
    boolean retryFailed;

    @Override
    public Integer call() throws Exception {
        List<String> options = new ArrayList<>(List.of("--backend", backend, "--precision", precision));
        if (device != null) options.addAll(List.of("--device", device));
        PrintStream protocol = System.out;
        Worker w = new Worker(dir, options, retryFailed, Main::execute, protocol);
        return w.serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
    }
}
