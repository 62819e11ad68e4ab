package io.psiflux.sweep;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs a sweep on this machine: {@code jobs} worker JVMs ({@link Worker}, the hidden
 * {@code psiflux sweep-worker} command), each handed one point at a time through its standard
 * input, so a slow point never holds up the rest and each JVM starts (and warms up) once. CPU
 * jobs share the cores and memory: each JVM gets cores / jobs processors
 * ({@code -XX:ActiveProcessorCount}, which the CPU backend's thread team follows) and its share of
 * three quarters of the memory; GPU jobs get one device each ({@code --device}).
 *
 * <p>A worker that dies (killed, a JVM crash) leaves its point interrupted and is replaced. On
 * a stop request each worker gets SIGTERM: its run finishes the step in flight, writes its
 * summary (and a checkpoint, with [checkpoint]) and the worker exits; a rerun resumes the point.
 */
public final class LocalEngine implements Engine {

    @Override
    public Outcome run(Job job) throws InterruptedException {
        Settings s = job.settings();
        int jobs = Math.max(1, Math.min(s.jobs(), job.todo().size()));
        ConcurrentLinkedQueue<Point> queue = new ConcurrentLinkedQueue<>(job.todo());
        job.progress().toRun(job.todo().size());
        List<Slot> slots = new ArrayList<>();
        for (int k = 0; k < jobs; k++) {
            String device = s.devices().isEmpty() ? null : s.devices().get(k % s.devices().size());
            slots.add(new Slot(k, jobs, device, job, queue));
        }
        for (Slot slot : slots) slot.thread.start();
        boolean stopping = false;
        while (slots.stream().anyMatch(x -> x.thread.isAlive())) {
            if (!stopping && job.stop().getAsBoolean()) {
                stopping = true;
                queue.clear();
                for (Slot slot : slots) slot.stop();
            }
            job.progress().print(false);
            for (Slot slot : slots) slot.thread.join(100);
        }
        return stopping ? Outcome.INTERRUPTED : Outcome.FINISHED;
    }

    /** JVM options of one of {@code jobs} workers: its share of the cores and of the memory. */
    static List<String> jvmOptions(int jobs) {
        int cores = Runtime.getRuntime().availableProcessors();
        long memory = physicalMemory();
        List<String> o = new ArrayList<>();
        o.add("-XX:ActiveProcessorCount=" + Math.max(1, cores / jobs));
        if (memory > 0) o.add("-Xmx" + Math.max(512, memory * 3 / 4 / jobs >> 20) + "m");
        o.add("-Djava.awt.headless=true");
        return o;
    }

    private static long physicalMemory() {
        try {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        } catch (RuntimeException | LinkageError e) {
            return 0;
        }
    }

    /** One worker process and the thread that feeds it. */
    private static final class Slot {
        final int index;
        final int jobs;
        final String device;
        final Job job;
        final ConcurrentLinkedQueue<Point> queue;
        final Thread thread;
        volatile Process process;
        volatile boolean stopped;

        Slot(int index, int jobs, String device, Job job, ConcurrentLinkedQueue<Point> queue) {
            this.index = index;
            this.jobs = jobs;
            this.device = device;
            this.job = job;
            this.queue = queue;
            this.thread = new Thread(this::feed, "psiflux-sweep-" + index);
            this.thread.setDaemon(true);
        }

        void stop() {
            stopped = true;
            Process p = process;
            if (p != null) p.destroy(); // SIGTERM: the run in flight ends with its summary
        }

        private Process start() throws IOException {
            List<String> args = new ArrayList<>(List.of("sweep-worker", job.folder().dir().toAbsolutePath().toString()));
            args.addAll(job.settings().runOptions());
            if (device != null) args.addAll(List.of("--device", device));
            if (job.settings().retryFailed()) args.add("--retry-failed");
            Path log = job.folder().logs().resolve("worker-" + index + ".log");
            ProcessBuilder pb = new ProcessBuilder(job.settings().java().command(jvmOptions(jobs), args))
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            return pb.start();
        }

        private boolean stopping() {
            return stopped || job.stop().getAsBoolean();
        }

        private void feed() {
            while (!stopping()) {
                Process p;
                try {
                    p = start();
                } catch (IOException e) {
                    job.progress().breakLine();
                    System.err.println("psiflux: sweep: cannot start a worker (" + e.getMessage() + ")");
                    return;
                }
                process = p;
                if (stopping()) p.destroy();
                Point lost = null; // a point whose end the worker never said: it died with it in flight
                boolean replace = false;
                try (Writer in = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
                     BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (Point point; !stopping() && (point = queue.poll()) != null; ) {
                        lost = point;
                        in.write(point.id() + "\n");
                        in.flush();
                        Ended e = awaitEnd(out, point);
                        if (e != Ended.DIED) lost = null;
                        if (e != Ended.DONE) {
                            replace = true;
                            break;
                        }
                    }
                    if (!replace) {
                        in.close(); // no more points: the worker exits
                        drain(out);
                    }
                } catch (IOException e) {
                    replace = true; // the worker's pipes broke: it died
                }
                try {
                    if (!p.waitFor(stopping() ? 600 : 60, TimeUnit.SECONDS)) p.destroyForcibly();
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                    Thread.currentThread().interrupt();
                    return;
                }
                if (lost != null) job.progress().finished(lost.index(), PointStatus.read(job.folder().pointDir(lost)).state());
                if (!replace || queue.isEmpty()) return;
                // a worker stopped by a signal of its own, or dead: a new one takes the rest
            }
        }

        private enum Ended { DONE, SIGNALLED, DIED }

        /** Reads the worker's lines until the point's end. */
        private Ended awaitEnd(BufferedReader out, Point point) throws IOException {
            for (String text; (text = out.readLine()) != null; ) {
                Worker.Line line = Worker.Line.parse(text);
                if (line == null || !line.id().equals(point.id())) continue;
                switch (line.kind()) {
                    case "start" -> job.progress().started(point.index());
                    case "end", "skip" -> {
                        job.progress().finished(point.index(), PointStatus.read(job.folder().pointDir(point)).state());
                        return line.kind().equals("end") && (line.code() == 130 || line.code() == 143) ? Ended.SIGNALLED : Ended.DONE;
                    }
                    default -> {
                    }
                }
            }
            return Ended.DIED;
        }

        private static void drain(BufferedReader out) throws IOException {
            while (out.readLine() != null) {
                // whatever else the worker prints (native libraries) is not the sweep's business
            }
        }
    }
}
