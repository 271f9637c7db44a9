package sod.operators;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed gang of threads that runs one task once per thread index {@code 0..size-1}, the caller
 * taking index 0. Unlike an {@code ExecutorService} it allocates nothing per call (no futures, no
 * latches): a generation counter publishes the task and an atomic countdown collects the workers.
 * Workers spin briefly before parking because gradient descent calls back within microseconds.
 * The workers start at the first call that needs them, so a gang whose owner fails in its constructor,
 * or never runs a parallel pass, holds no threads.
 * Not reentrant and not for concurrent callers (like the operators that own it).
 */
final class WorkerGang implements AutoCloseable {

    /** Busy-wait rounds before parking; short, because the machine's two cores are shared. */
    private static final int SPIN_ROUNDS = 2000;

    private final int size;
    private final String name;
    /** Null until the first call of {@link #run} that needs them. */
    private Thread[] workers;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile IntConsumer task;
    private volatile int generation;
    private volatile Thread caller;
    private volatile Throwable workerFailure;
    private volatile boolean closed;

    WorkerGang(int size, String name) {
        if (size < 1) throw new IllegalArgumentException("thread count must be >= 1, got " + size);
        this.size = size;
        this.name = name;
    }

    private void startWorkers() {
        Thread[] started = new Thread[size - 1];
        for (int w = 1; w < size; w++) {
            final int index = w;
            Thread t = new Thread(() -> workLoop(index), name + "-" + w);
            t.setDaemon(true);
            started[w - 1] = t;
        }
        workers = started;
        for (Thread t : started) t.start();
    }

    /** Ids of the worker threads started so far (none before the first parallel call), for tests. */
    long[] workerThreadIds() {
        if (workers == null) return new long[0];
        long[] ids = new long[workers.length];
        for (int w = 0; w < ids.length; w++) ids[w] = workers[w].threadId();
        return ids;
    }

    int size() {
        return size;
    }

    /** Runs {@code work.accept(t)} for every t in {@code [0, size)} and returns when all are done. */
    void run(IntConsumer work) {
        if (size == 1) {
            work.accept(0);
            return;
        }
        if (closed) throw new IllegalStateException("the operator was closed");
        if (workers == null) startWorkers();
        workerFailure = null;
        task = work;
        caller = Thread.currentThread();
        pending.set(size - 1);
        generation = generation + 1; // volatile write publishes the fields above; only the caller writes it
        for (Thread w : workers) LockSupport.unpark(w);
        Throwable own = null;
        try {
            work.accept(0);
        } catch (Throwable t) {
            own = t;
        }
        int spins = 0;
        while (pending.get() != 0) {
            if (spins++ < SPIN_ROUNDS) Thread.onSpinWait();
            else LockSupport.park(this);
        }
        Throwable failure = own != null ? own : workerFailure;
        if (failure instanceof RuntimeException re) throw re;
        if (failure instanceof Error e) throw e;
        if (failure != null) throw new IllegalStateException(failure);
    }

    private void workLoop(int index) {
        int seen = 0;
        while (true) {
            int g;
            int spins = 0;
            while ((g = generation) == seen && !closed) {
                if (spins++ < SPIN_ROUNDS) Thread.onSpinWait();
                else LockSupport.park(this);
            }
            if (closed) return;
            seen = g;
            try {
                task.accept(index);
            } catch (Throwable t) {
                workerFailure = t;
            }
            if (pending.decrementAndGet() == 0) LockSupport.unpark(caller);
        }
    }

    /** Splits {@code [0, total)} into {@code parts} contiguous ranges; returns the start of range {@code part}. */
    static int rangeStart(int total, int parts, int part) {
        return (int) ((long) total * part / parts);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (workers == null) return;
        for (Thread w : workers) LockSupport.unpark(w);
        for (Thread w : workers) {
            try {
                w.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
