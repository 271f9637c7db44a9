package sod.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs trials on a fixed pool of worker threads. A {@link Runner} groups the trials into units and
 * gives each worker its own state (solvers, problems); a worker takes the next unit until none is
 * left. Every trial must be deterministic given the trial itself (its seed), so results do not depend
 * on which worker ran it or when. Outcomes reach the {@link Listener} one at a time, never
 * concurrently. {@link #requestStop} is the stop hook: no unit starts after it, running trials are
 * asked to stop, and their outcomes are dropped.
 *
 * @param <T> the trial
 * @param <O> its outcome
 */
public final class SweepEngine<T, O> {

    /** How trials run: which ones run together on one worker, and with what per-worker state. */
    public interface Runner<T, O> {
        /** The trials in units; a worker runs a unit's trials in order. Default: one unit per trial. */
        default List<List<T>> units(List<T> trials) {
            List<List<T>> units = new ArrayList<>(trials.size());
            for (T t : trials) units.add(List.of(t));
            return units;
        }

        /** A worker's state, created and closed on the worker's thread. */
        Worker<T, O> worker();
    }

    /** The state of one worker thread. */
    public interface Worker<T, O> extends AutoCloseable {
        /** Runs every trial of the unit, handing each outcome to {@code done} as it finishes. */
        void run(List<T> unit, Consumer<O> done);

        /** Called from another thread on a stop: make the running trial end soon. */
        default void requestStop() {
        }

        @Override
        void close();
    }

    /** Receives each outcome, serialised. */
    public interface Listener<O> {
        void onOutcome(O outcome);
    }

    private final int threads;
    private final List<Worker<T, O>> active = new ArrayList<>();
    private volatile boolean stopRequested;

    public SweepEngine(int threads) {
        if (threads < 1) throw new sod.SodInputException("--threads must be >= 1, got " + threads);
        this.threads = threads;
    }

    /** Stops the sweep: safe from any thread (a signal handler); sticky. */
    public void requestStop() {
        stopRequested = true;
        synchronized (active) {
            for (Worker<T, O> w : active) w.requestStop();
        }
    }

    public boolean stopRequested() {
        return stopRequested;
    }

    /**
     * Runs {@code trials} and returns when every unit has run (or, after a stop, when the running ones
     * have ended). A failing trial ends the sweep with its exception.
     */
    public void run(List<T> trials, Runner<T, O> runner, Listener<O> listener) {
        List<List<T>> units = runner.units(trials);
        AtomicInteger next = new AtomicInteger();
        Object deliver = new Object();
        Consumer<O> sink = outcome -> {
            synchronized (deliver) {
                if (!stopRequested) listener.onOutcome(outcome);
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "sod-sweep");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < Math.min(threads, Math.max(units.size(), 1)); w++) {
                workers.add(pool.submit(() -> work(runner, units, next, sink), null));
            }
            for (Future<?> f : workers) f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error error) throw error;
            throw new IllegalStateException("sweep worker failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private void work(Runner<T, O> runner, List<List<T>> units, AtomicInteger next, Consumer<O> sink) {
        try (Worker<T, O> worker = runner.worker()) {
            synchronized (active) {
                active.add(worker);
                if (stopRequested) worker.requestStop();
            }
            try {
                int unit;
                while (!stopRequested && (unit = next.getAndIncrement()) < units.size()) worker.run(units.get(unit), sink);
            } finally {
                synchronized (active) {
                    active.remove(worker);
                }
            }
        }
    }
}
