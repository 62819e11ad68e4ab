package io.psiflux.cli;

import io.psiflux.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The psiflux command line: run, view, render, info, bench, sweep. */
@Command(name = "psiflux", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "GPU-accelerated split-operator Schroedinger solver: density and probability current.",
        subcommands = {RunCommand.class, ViewCommand.class, RenderCommand.class, InfoCommand.class, BenchCommand.class, SweepCommand.class,
                SweepWorkerCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit code for mistakes in the user's input. */
    public static final int USER_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int execute(String... args) {
        return execute(null, args);
    }

    /** {@link #execute(String...)} with the one-line errors going to {@code err} (null: standard error). */
    static int execute(java.io.PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        if (err != null) cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parse) -> {
            Throwable t = ex;
            while (t != null && !(t instanceof UserError) && t.getCause() != null && t.getCause() != t) {
                if (t instanceof UserError) break;
                t = t.getCause();
            }
            if (t instanceof UserError u) {
                cmd.getErr().println("psiflux: " + u.getMessage());
                cmd.getErr().flush();
                return USER_ERROR;
            }
            throw ex;
        });
        cl.setParameterExceptionHandler((ex, args2) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("psiflux: " + ex.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
            cmd.getErr().flush();
            return USER_ERROR;
        });
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            // picocli hands Errors through: the heap pre-check (CpuProvider) estimates, this catches
            // what it missed, in one line rather than a trace
            java.io.PrintWriter w = cl.getErr();
            w.println("psiflux: " + outOfMemory());
            w.flush();
            return USER_ERROR;
        }
    }

    /** The one line for a Java heap that ran out, with its size and the ways to a larger one. */
    static String outOfMemory() {
        return String.format(java.util.Locale.ROOT, "out of memory: the Java heap (%.1f GiB) is too small for this run; use fewer "
                + "points or output fields, or more memory (PSIFLUX_JAVA_OPTS=-Xmx<size> with ./psiflux, or java -Xmx<size>)",
                Runtime.getRuntime().maxMemory() / 1073741824.0);
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"psiflux " + version()};
        }
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
