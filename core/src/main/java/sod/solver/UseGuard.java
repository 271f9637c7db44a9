package sod.solver;

/**
 * The misuse checks of a {@link Solver}: it owns one workspace, so it runs one solve at a time. A
 * second solve while one runs (another thread, or a {@link Listener} callback calling back into the
 * solver), any solve after {@link Solver#close}, and a close while a solve runs throw an
 * {@link IllegalStateException} saying what to do, instead of silently mixing two runs in one
 * workspace or failing deep inside with a NullPointerException. Checked once per solve, not per
 * iteration.
 */
final class UseGuard {
    private Thread running;
    private boolean closed;

    /** Marks the start of a solve on the current thread. */
    synchronized void enter() {
        requireOpen("solve");
        Thread me = Thread.currentThread();
        if (running == me) {
            throw new IllegalStateException("solver: solve called from inside a running solve (from a Listener callback);"
                    + " a Solver runs one solve at a time: use a second Solver for the inner solve");
        }
        if (running != null) {
            throw new IllegalStateException("solver: solve called on thread '" + me.getName() + "' while thread '"
                    + running.getName() + "' runs one; a Solver is not thread-safe: use one Solver per thread");
        }
        running = me;
    }

    /** Marks the end of the current solve. */
    synchronized void exit() {
        running = null;
    }

    synchronized void requireOpen(String what) {
        if (closed) throw new IllegalStateException("solver: " + what + " after close(); create a new Solver");
    }

    /**
     * Marks the solver closed; false when it already was.
     *
     * @throws IllegalStateException while a solve runs (the solve keeps running, nothing is freed)
     */
    synchronized boolean close() {
        if (running != null) {
            throw new IllegalStateException("solver: close() while thread '" + running.getName() + "' runs a solve;"
                    + " call requestStop(), and close the solver after solve returns");
        }
        boolean first = !closed;
        closed = true;
        return first;
    }
}
