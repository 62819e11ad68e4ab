package io.psiflux.backend.cpu;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;

/**
 * A fixed team of threads that run one task together and wait for each other: the caller is
 * worker 0. Threads are created once, so a parallel pass in the step loop creates no threads and
 * no futures.
 */
final class WorkerPool implements AutoCloseable {

    /** A task split by the workers themselves: worker {@code w} of {@code workers}. */
    interface Task {
        void run(int worker, int workers);
    }

    private final int workers;
    private final Thread[] threads;
    private final CyclicBarrier start;
    private final CyclicBarrier end;
    private volatile Task task;
    private volatile boolean closed;
    private volatile Throwable failure;

    WorkerPool(int workers) {
        this.workers = Math.max(1, workers);
        this.start = new CyclicBarrier(this.workers);
        this.end = new CyclicBarrier(this.workers);
        this.threads = new Thread[this.workers - 1];
        for (int w = 1; w < this.workers; w++) {
            final int id = w;
            Thread t = new Thread(() -> loop(id), "psiflux-cpu-" + w);
            t.setDaemon(true);
            threads[w - 1] = t;
            t.start();
        }
    }

    int workers() {
        return workers;
    }

    private void loop(int id) {
        try {
            while (true) {
                start.await();
                if (closed) return;
                try {
                    task.run(id, workers);
                } catch (Throwable e) {
                    failure = e;
                }
                end.await();
            }
        } catch (InterruptedException | BrokenBarrierException e) {
            // the pool is closing
        }
    }

    /** Runs {@code t} on every worker and returns when all are done. */
    synchronized void run(Task t) {
        if (workers == 1) {
            t.run(0, 1);
            return;
        }
        task = t;
        failure = null;
        await(start);
        try {
            t.run(0, workers);
        } finally {
            await(end);
        }
        Throwable f = failure;
        if (f instanceof RuntimeException r) throw r;
        if (f instanceof Error e) throw e;
        if (f != null) throw new IllegalStateException(f);
    }

    /** First index of worker {@code w}'s share of {@code count} items. */
    static int from(int count, int w, int workers) {
        return (int) ((long) count * w / workers);
    }

    private static void await(CyclicBarrier b) {
        try {
            b.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (BrokenBarrierException e) {
            throw new IllegalStateException("worker pool broken", e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (workers > 1) {
            start.reset();
            for (Thread t : threads) t.interrupt();
        }
    }
}
