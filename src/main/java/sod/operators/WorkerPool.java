package sod.operators;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of worker threads that run one task body at a time, each worker with its own index;
 * the calling thread works as worker 0. Starting and joining a round does not allocate: the body is
 * a long-lived object, workers wait on a volatile generation counter with a short spin then
 * {@link LockSupport#park}, and the last finisher unparks the caller.
 *
 * <p>Used by one caller thread at a time (operators are not safe for concurrent use).
 */
final class WorkerPool implements AutoCloseable {

    /** What each worker does in a round. */
    interface Body {
        void run(int worker);
    }

    private static final int SPINS = 2_000;

    private final int threads;
    private final Thread[] workers;
    private final AtomicInteger remaining = new AtomicInteger();
    private volatile int generation;
    private volatile boolean closed;
    private volatile Body body;
    private volatile Thread caller;
    private volatile Throwable failure;

    WorkerPool(int threads, String name) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        for (int w = 1; w < threads; w++) {
            final int index = w;
            Thread t = new Thread(() -> loop(index), name + "-" + w);
            t.setDaemon(true);
            workers[w - 1] = t;
            t.start();
        }
    }

    int threads() {
        return threads;
    }

    /** Runs {@code task} on every worker (caller included as worker 0) and returns when all are done. */
    void run(Body task) {
        if (closed) throw new IllegalStateException("worker pool closed");
        if (threads == 1) {
            task.run(0);
            return;
        }
        body = task;
        caller = Thread.currentThread();
        failure = null;
        remaining.set(threads - 1);
        generation++;
        for (Thread t : workers) LockSupport.unpark(t);
        Throwable own = null;
        try {
            task.run(0);
        } catch (Throwable e) {
            own = e;
        }
        int spins = 0;
        while (remaining.get() != 0) {
            if (spins < SPINS) {
                spins++;
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
        body = null;
        Throwable failed = own != null ? own : failure;
        if (failed instanceof RuntimeException re) throw re;
        if (failed instanceof Error er) throw er;
        if (failed != null) throw new IllegalStateException(failed);
    }

    private void loop(int index) {
        int seen = 0;
        while (true) {
            int spins = 0;
            int g;
            while ((g = generation) == seen && !closed) {
                if (spins < SPINS) {
                    spins++;
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            if (closed) return;
            seen = g;
            try {
                body.run(index);
            } catch (Throwable e) {
                failure = e;
            }
            if (remaining.decrementAndGet() == 0) LockSupport.unpark(caller);
        }
    }

    /** Fixed contiguous share {@code [start(w), start(w+1))} of {@code count} items for worker w. */
    static int rangeStart(int count, int threads, int worker) {
        return (int) ((long) count * worker / threads);
    }

    @Override
    public void close() {
        closed = true;
        for (Thread t : workers) LockSupport.unpark(t);
        for (Thread t : workers) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
