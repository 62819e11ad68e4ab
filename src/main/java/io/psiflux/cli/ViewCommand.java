package io.psiflux.cli;

import io.psiflux.UserError;
import io.psiflux.config.RunConfig;
import io.psiflux.field.ComplexField;
import io.psiflux.field.RealField;
import io.psiflux.observe.Observation;
import io.psiflux.sim.Simulation;
import io.psiflux.sim.Snapshot;
import io.psiflux.viz.GraphicsUnavailable;
import io.psiflux.viz.SimulationControl;
import io.psiflux.viz.Viewer;
import io.psiflux.viz.ViewerOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * psiflux view: a window that runs the simulation live. The simulation steps on its own thread
 * and publishes a fresh snapshot after every batch of steps; the window draws the newest one.
 */
@Command(name = "view", mixinStandardHelpOptions = true,
        description = "Open a window that runs the config live. Keys: space pause, R reset, +/- steps per frame, "
                + "N step while paused, C current, J streamlines/arrows, M colours, B rescale, S screenshot, H help, Esc quit; "
                + "drag pans, wheel zooms.")
final class ViewCommand implements Callable<Integer> {

    @Mixin
    SimulationSetup setup;

    @Mixin
    PictureOptions picture;

    @Option(names = "--size", defaultValue = "800x600", paramLabel = "WxH", description = "window size; default ${DEFAULT-VALUE}")
    String size;

    @Option(names = "--exit-after", defaultValue = "0", paramLabel = "N",
            description = "draw N frames, write a screenshot and exit (for tests); 0 runs until closed")
    int exitAfter;

    @Option(names = "--screenshot", paramLabel = "PNG", description = "with --exit-after: where the screenshot goes; default view.png")
    Path screenshot;

    @Option(names = "--steps-per-frame", defaultValue = "4", paramLabel = "N", description = "initial steps per frame; default ${DEFAULT-VALUE}")
    int stepsPerFrame;

    /** The observables so far, for the time-series panel (key T). */
    private final io.psiflux.viz.TimeSeries series = new io.psiflux.viz.TimeSeries();

    /** Thread-safe controls shared by the window thread and the simulation thread. */
    static final class Control implements SimulationControl {
        volatile boolean paused;
        volatile boolean resetRequested;
        volatile int steps;
        volatile boolean quit;
        volatile boolean stepRequested;

        Control(int steps) {
            this.steps = Math.max(1, steps);
        }

        @Override
        public void setPaused(boolean p) {
            paused = p;
        }

        @Override
        public boolean isPaused() {
            return paused;
        }

        @Override
        public void reset() {
            resetRequested = true;
        }

        @Override
        public void setStepsPerFrame(int s) {
            steps = Math.max(1, s);
        }

        @Override
        public int stepsPerFrame() {
            return steps;
        }

        @Override
        public void stepOnce() {
            stepRequested = true;
        }
    }

    @Override
    public Integer call() throws Exception {
        try {
            Viewer.requireDisplay();
        } catch (GraphicsUnavailable e) {
            System.err.println("psiflux: cannot open a window: " + e.getMessage());
            return 1;
        }
        int[] wh = RenderCommand.parseSize(size);
        if (exitAfter < 0) throw new UserError("--exit-after: must be >= 0, got " + exitAfter);
        RunConfig c = setup.load();
        if (c.options().imaginary()) throw new UserError("time.imaginary: view shows real-time runs; use 'psiflux run' for imaginary time");
        if (c.options().method() == io.psiflux.sim.Method.EIGEN) {
            throw new UserError("time.method: \"eigen\" solves for eigenstates and view shows real-time runs; use 'psiflux run' "
                    + "(it writes state_K.npy), then view a real-time config whose initial.file is one of them");
        }
        Control control = new Control(stepsPerFrame);
        AtomicReference<Snapshot> latest = new AtomicReference<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        RecentPaths recent = new RecentPaths();
        try (Simulation sim = setup.open(c)) {
            System.err.println("psiflux: fields reach the window through host memory: " + sim.backend().hostCopyReason());
            Thread stepper = new Thread(() -> {
                try {
                    latest.set(publish(sim, recent));
                    while (!control.quit) {
                        if (control.resetRequested) {
                            control.resetRequested = false;
                            sim.reset();
                            recent.clear();
                            latest.set(publish(sim, recent));
                        }
                        if (control.paused && !control.stepRequested) {
                            Thread.sleep(10);
                            continue;
                        }
                        control.stepRequested = false;
                        sim.advance(control.steps);
                        latest.set(publish(sim, recent));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Throwable t) {
                    failed.set(t);
                }
            }, "psiflux-stepper");
            stepper.setDaemon(true);
            stepper.start();
            ViewerOptions opts = ViewerOptions.defaults().size(wh[0], wh[1]).title("psiflux - " + c.name());
            if (exitAfter > 0) opts = opts.exitAfter(exitAfter, screenshot != null ? screenshot : Path.of("view.png"));
            int frames;
            try {
                Viewer viewer = new Viewer(latest::get, control, opts);
                picture.apply(viewer.view()).series(series).showSeries(true);
                frames = viewer.run();
            } catch (GraphicsUnavailable e) {
                System.err.println("psiflux: cannot open a window: " + e.getMessage());
                return 1;
            } finally {
                control.quit = true;
                stepper.join(10_000);
            }
            if (failed.get() != null) throw new IllegalStateException("the simulation thread failed", failed.get());
            System.out.printf("psiflux: %d frames drawn; simulation at step %d (t = %.4g)%n", frames, sim.step(), sim.time());
        }
        return 0;
    }

    /** A snapshot with its own copies of the fields: the viewer may hold it while stepping goes on. */
    private Snapshot publish(Simulation sim, RecentPaths recent) {
        Observation o = sim.observe();
        series.add(o);
        Snapshot s = sim.snapshot(o, SimulationSetup.PICTURE);
        return new Snapshot(s.step(), s.time(), s.grid(), copy(s.psi()), copy(s.density()), copy(s.current()),
                copy(s.potential()), s.norm(), s.energy(), null, null).withPaths(recent.add(sim));
    }

    /**
     * The Bohmian particles' positions at the last {@link #ROWS} published frames, for the trails
     * (the run's own rows, at its output steps, would keep growing while the window is open).
     */
    private static final class RecentPaths {
        static final int ROWS = 24; // as many as viz.Trails draws
        private final java.util.ArrayDeque<double[]> rows = new java.util.ArrayDeque<>();
        private final java.util.ArrayDeque<Long> steps = new java.util.ArrayDeque<>();
        private final java.util.ArrayDeque<Double> times = new java.util.ArrayDeque<>();

        /** Adds the positions now, unless that step is there already; null without trajectories. */
        io.psiflux.observe.Paths add(Simulation sim) {
            var t = sim.trajectories();
            if (t == null) return null;
            if (steps.isEmpty() || steps.peekLast() < sim.step()) {
                rows.addLast(t.positions());
                steps.addLast(sim.step());
                times.addLast(sim.time());
                if (rows.size() > ROWS) {
                    rows.removeFirst();
                    steps.removeFirst();
                    times.removeFirst();
                }
            }
            return new io.psiflux.observe.Paths(t.rank(), t.count(), steps.stream().mapToLong(Long::longValue).toArray(),
                    times.stream().mapToDouble(Double::doubleValue).toArray(), java.util.List.copyOf(rows));
        }

        void clear() {
            rows.clear();
            steps.clear();
            times.clear();
        }
    }

    private static ComplexField copy(ComplexField f) {
        return f == null ? null : f.to(f.precision());
    }

    private static RealField copy(RealField f) {
        return f == null ? null : f.copy();
    }
}
