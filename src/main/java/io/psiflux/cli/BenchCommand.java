package io.psiflux.cli;

import io.psiflux.UserError;
import io.psiflux.backend.Backend;
import io.psiflux.backend.Backends;
import io.psiflux.backend.DeviceBuffer;
import io.psiflux.backend.Phases;
import io.psiflux.field.Complex;
import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import io.psiflux.physics.InitialState;
import io.psiflux.physics.Hamiltonian;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * psiflux bench: steps per second of the split-operator step, the same problem as the peers in
 * shared/peers (harmonic potential, Gaussian with momentum, box [-20, 20) per axis).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure ms per step and steps/s of the Strang step (median of repeats); one JSON line per case.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--backend", defaultValue = "cpu", paramLabel = "KIND", description = "cpu, opencl or auto; default ${DEFAULT-VALUE}")
    String backend;

    @Option(names = "--device", paramLabel = "N|NAME", description = "OpenCL device number or name part")
    String device;

    @Option(names = "--precision", defaultValue = "both", paramLabel = "P", description = "single, double or both; default ${DEFAULT-VALUE}")
    String precision;

    @Option(names = "--grid", split = ",", paramLabel = "NxN[xN]",
            description = "grids to measure, e.g. 1024x1024,128x128x128 (the default)")
    List<String> grids;

    @Option(names = "--steps", defaultValue = "20", description = "steps per timed repeat; default ${DEFAULT-VALUE}")
    int steps;

    /** Warm-up time before the first timed repeat of each case. */
    static final long WARM_UP_NANOS = 2_000_000_000L;

    @Option(names = "--repeats", defaultValue = "5", description = "timed repeats (the median is reported); default ${DEFAULT-VALUE}")
    int repeats;

    @Option(names = "--observables", description = "also time steps that compute density and current after every step")
    boolean observables;

    @Option(names = "--terms", split = ",", paramLabel = "TERM",
            description = "extra terms in H: field (B = (0, 0, 1), symmetric gauge), rotation (Omega = 0.5), gpe (g = 10); "
                    + "the step then runs through the propagator as a run does")
    List<String> terms;

    @Option(names = "--tuning", split = ";", paramLabel = "SPEC",
            description = "OpenCL launch shapes to compare, ';'-separated, each as in PSIFLUX_TUNING (e.g. "
                    + "\"default;group=128;strided_lines=8,batch=8k\"); every case runs once per spec, and each spec's "
                    + "psi after 10 steps is compared with the first's (max_diff_vs_first)")
    List<String> tunings;

    /** psi after {@link #CHECK_STEPS} steps of the first tuning of the case being measured. */
    private ComplexField firstResult;
    private static final int CHECK_STEPS = 10;

    @Override
    public Integer call() {
        if (steps < 1) throw new UserError("--steps: must be >= 1, got " + steps);
        if (repeats < 1) throw new UserError("--repeats: must be >= 1, got " + repeats);
        List<Precision> precisions = new ArrayList<>();
        if (precision.equalsIgnoreCase("both")) {
            precisions.add(Precision.DOUBLE);
            precisions.add(Precision.SINGLE);
        } else {
            precisions.add(SimulationSetup.precision(precision));
        }
        List<String> cases = grids == null ? List.of("1024x1024", "128x128x128") : grids;
        List<String> specs = tunings == null ? List.of() : tunings.stream().map(String::trim).toList();
        if (!specs.isEmpty() && backend.equalsIgnoreCase("cpu")) {
            throw new UserError("--tuning: the launch shapes are the OpenCL backend's; use --backend opencl");
        }
        // every spec checked before the first measurement, so a typo costs nothing
        for (String t : specs) io.psiflux.backend.opencl.Tuning.parse(t.equalsIgnoreCase("default") ? "" : t, "--tuning");
        String before = System.getProperty("psiflux.tuning");
        try {
            for (String g : cases) {
                Grid grid = parseGrid(g);
                for (Precision p : precisions) {
                    firstResult = null;
                    Problem pr = problem(grid, p);
                    if (specs.isEmpty()) {
                        measure(pr, null);
                        continue;
                    }
                    for (String t : specs) {
                        System.setProperty("psiflux.tuning", t.equalsIgnoreCase("default") ? "" : t);
                        measure(pr, t);
                    }
                }
            }
        } finally {
            if (before == null) System.clearProperty("psiflux.tuning");
            else System.setProperty("psiflux.tuning", before);
        }
        return 0;
    }

    static Grid parseGrid(String s) {
        String[] parts = s.toLowerCase().split("x");
        if (parts.length < 1 || parts.length > 3) throw new UserError("--grid: expected NxN or NxNxN, got \"" + s + "\"");
        List<Axis> axes = new ArrayList<>();
        for (String part : parts) {
            int n;
            try {
                n = Integer.parseInt(part.trim());
            } catch (NumberFormatException e) {
                throw new UserError("--grid: \"" + part + "\" in \"" + s + "\" is not a whole number");
            }
            if (n < 1) throw new UserError("--grid: sizes must be >= 1, got " + n);
            axes.add(new Axis(n, -20, 20));
        }
        return Grid.of(axes);
    }

    /**
     * What every tuning of a case shares, built once: the Hamiltonian, V on the grid, psi(0) and
     * the host fields of density and current (on 512^3 building them takes longer than measuring).
     */
    private record Problem(Grid grid, Precision p, Hamiltonian h, List<String> extra, RealField v, ComplexField psi0,
                           RealField rho, RealField j) {
    }

    private Problem problem(Grid grid, Precision p) {
        String expr = grid.rank() == 1 ? "0.5*x^2" : grid.rank() == 2 ? "0.5*(x^2+y^2)" : "0.5*(x^2+y^2+z^2)";
        Hamiltonian.Builder hb = Hamiltonian.builder().potential(expr);
        List<String> extra = terms == null ? List.of() : terms;
        for (String t : extra) {
            switch (t.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "field" -> {
                    if (grid.rank() < 2) throw new UserError("--terms: field needs a 2D or 3D --grid");
                    hb.magnetic(new double[] {0, 0, 1}, io.psiflux.physics.MagneticField.Gauge.SYMMETRIC);
                }
                case "rotation" -> {
                    if (grid.rank() < 2) throw new UserError("--terms: rotation needs a 2D or 3D --grid");
                    hb.rotation(0.5);
                }
                case "gpe" -> hb.nonlinearity(10);
                default -> throw new UserError("--terms: unknown term \"" + t + "\" (known: field, rotation, gpe)");
            }
        }
        Hamiltonian h = hb.build();
        RealField v = RealField.scalar(grid, Precision.DOUBLE);
        h.sampleV(0, v);
        double[] zero = new double[3], one = {1, 1, 1}, k = {1, 0, 0};
        ComplexField psi0 = InitialState.gaussian(zero, one, k).create(grid, p, 1.0);
        return new Problem(grid, p, h, extra, v, psi0, observables ? RealField.scalar(grid, p) : null,
                observables ? RealField.vector(grid, p) : null);
    }

    private void measure(Problem pr, String tuning) {
        Grid grid = pr.grid();
        Precision p = pr.p();
        Hamiltonian h = pr.h();
        List<String> extra = pr.extra();
        try (Backend b = Backends.open(backend, device, grid, p, System.err::println)) {
            double dt = 0.01;
            b.setPotential(pr.v(), null);
            ComplexField psi0 = pr.psi0();
            DeviceBuffer psi = b.allocate();
            b.upload(psi0, psi);
            RealField rho = pr.rho(), j = pr.j();
            Phases tau = b.prepare(h, Complex.real(dt));
            io.psiflux.propagate.SplitOperator run = extra.isEmpty() ? null : new io.psiflux.propagate.SplitOperator(b, h, dt);
            if (run != null) run.reset(psi0, 0, 0);
            Runnable oneStep = run != null ? () -> run.advance(1) : () -> b.strang(psi, tau, 1);
            Runnable batch = run != null ? () -> run.advance(steps) : () -> b.strang(psi, tau, steps);
            // warm up with the call that is timed: the JIT compiles the merged half steps it runs and
            // the tables of those steps are built before the clock starts
            warmUp(() -> {
                batch.run();
                b.finish();
            });
            double cpuBefore = cpuMs();
            double msPlain = median(() -> {
                batch.run();
                b.finish();
            });
            double cpuPlain = (cpuMs() - cpuBefore) / ((double) repeats * steps);
            double msObs = Double.NaN;
            if (observables) {
                DeviceBuffer live = run != null ? run.psi() : psi;
                b.density(live, rho);
                b.current(live, h.currentScale(), j);
                msObs = median(() -> {
                    for (int s = 0; s < steps; s++) {
                        oneStep.run();
                        b.density(live, rho);
                        b.current(live, h.currentScale(), j);
                    }
                    b.finish();
                });
            }
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("{\"backend\": \"%s\", \"device\": \"%s\", \"grid\": \"%s\", \"precision\": \"%s\", "
                            + "\"ms_per_step\": %.4f, \"steps_per_second\": %.2f", b.name(), b.device().replace("\"", "'"),
                    shape(grid), p, msPlain, 1000 / msPlain));
            if (!Double.isNaN(cpuPlain)) sb.append(String.format(", \"cpu_ms_per_step\": %.4f", cpuPlain));
            if (!extra.isEmpty()) sb.append(", \"terms\": \"").append(String.join(",", extra)).append('"');
            if (tuning != null) {
                sb.append(", \"tuning\": \"").append(io.psiflux.backend.opencl.Tuning.current().spec()).append('"');
                sb.append(String.format(", \"max_diff_vs_first\": %.3e", check(b, h, dt, psi0, psi, tau, run)));
            }
            long bytes = b.bytesPerStep();
            if (bytes > 0) sb.append(String.format(", \"GB_per_step\": %.4f, \"achieved_GBps\": %.1f", bytes / 1e9, bytes / (msPlain * 1e6)));
            if (observables) {
                sb.append(String.format(", \"ms_per_step_with_density_current\": %.4f", msObs));
            }
            sb.append("}");
            System.out.println(sb);
            psi.close();
            tau.close();
            if (run != null) run.close();
        }
    }

    /**
     * psi after {@link #CHECK_STEPS} steps from psi0 with this backend; the first tuning of a case
     * keeps it, later ones return their largest difference from it relative to its largest modulus.
     */
    private double check(Backend b, Hamiltonian h, double dt, ComplexField psi0, DeviceBuffer psi, Phases tau,
                         io.psiflux.propagate.SplitOperator run) {
        ComplexField now = new ComplexField(psi0.grid(), psi0.precision());
        if (run != null) {
            run.reset(psi0, 0, 0);
            run.advance(CHECK_STEPS);
            b.download(run.psi(), now);
        } else {
            b.upload(psi0, psi);
            b.strang(psi, tau, CHECK_STEPS);
            b.download(psi, now);
        }
        if (firstResult == null) {
            firstResult = now;
            return 0;
        }
        double diff = 0, max = 0;
        for (int i = 0; i < now.points(); i++) {
            diff = Math.max(diff, Math.hypot(now.re(i) - firstResult.re(i), now.im(i) - firstResult.im(i)));
            max = Math.max(max, Math.sqrt(firstResult.abs2(i)));
        }
        return diff / max;
    }

    private static String shape(Grid g) {
        return String.join("x", Arrays.stream(g.shape()).mapToObj(Integer::toString).toArray(String[]::new));
    }

    /**
     * Runs {@code step} for at least {@link #WARM_UP_NANOS} and 3 calls, so the JIT has compiled
     * the step loop (and OpenCL has built its kernels) before anything is timed.
     */
    private static void warmUp(Runnable step) {
        long t0 = System.nanoTime();
        for (int i = 0; i < 3 || System.nanoTime() - t0 < WARM_UP_NANOS; i++) step.run();
    }

    /**
     * CPU time of this process so far in ms, all threads (NaN where the JVM does not say): on a
     * shared machine the wall-clock figure depends on what else runs, this one much less. A step
     * whose threads all stay busy costs about threads x ms_per_step; a larger ms_per_step means
     * the threads waited for cores.
     */
    private static double cpuMs() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long ns = os.getProcessCpuTime();
            return ns < 0 ? Double.NaN : ns * 1e-6;
        }
        return Double.NaN;
    }

    /** Median over repeats of milliseconds per step. */
    private double median(Runnable batch) {
        double[] t = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            batch.run();
            t[r] = (System.nanoTime() - t0) * 1e-6 / steps;
        }
        Arrays.sort(t);
        return repeats % 2 == 1 ? t[repeats / 2] : 0.5 * (t[repeats / 2 - 1] + t[repeats / 2]);
    }
}
