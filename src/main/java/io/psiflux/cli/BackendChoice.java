package io.psiflux.cli;

import io.psiflux.UserError;
import io.psiflux.backend.Backend;
import io.psiflux.backend.cpu.CpuBackend;
import io.psiflux.field.Precision;
import io.psiflux.grid.Grid;
import java.io.PrintStream;

/** Opens the backend named on the command line: auto, cpu or opencl. */
final class BackendChoice {
    private BackendChoice() {
    }

    static final String NAMES = "auto, cpu, opencl";

    static Precision precision(String s) {
        Precision p = Precision.parse(s);
        if (p == null) throw new UserError("--precision: unknown precision \"" + s + "\" (known: single, double)");
        return p;
    }

    static Backend open(String kind, String device, Grid grid, Precision precision, PrintStream notes) {
        String k = kind == null ? "auto" : kind.toLowerCase();
        switch (k) {
            case "cpu":
                return cpu(grid, precision);
            case "opencl":
                return OpenClChoice.open(device, grid, precision);
            case "auto": {
                String why = OpenClChoice.unavailableReason();
                if (why == null) {
                    try {
                        return OpenClChoice.open(device, grid, precision);
                    } catch (UserError e) {
                        why = e.getMessage();
                    }
                }
                notes.println("psiflux: using the CPU backend: " + why);
                return cpu(grid, precision);
            }
            default:
                throw new UserError("--backend: unknown backend \"" + kind + "\" (known: " + NAMES + ")");
        }
    }

    static Backend cpu(Grid grid, Precision precision) {
        long need = CpuBackend.bytesNeeded(grid, precision, false);
        long have = Runtime.getRuntime().maxMemory();
        if (need > have) {
            throw new UserError(String.format("grid.points: a %s grid in %s precision needs about %,d bytes (%.1f GiB) "
                            + "but the Java heap allows %,d bytes (%.1f GiB); use fewer points or more memory (-Xmx)",
                    grid, precision, need, need / 1073741824.0, have, have / 1073741824.0));
        }
        return new CpuBackend(grid, precision);
    }
}
