package sod.cli;

import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Graceful stop on SIGINT / SIGTERM. {@link Main#main} installs the handlers; a command registers what
 * a stop must do (ask the solver to stop so it can save its iterate, seal a trials file). The first
 * signal runs those actions; when nothing is registered, or on a second signal, the process exits at
 * once with {@link #EXIT_CODE}. Results are written atomically, so an abrupt exit never leaves a
 * half-written result file.
 */
final class Stop {
    /** Exit code after a stop by SIGINT or SIGTERM (128 + SIGINT, the shell convention for Ctrl-C). */
    static final int EXIT_CODE = 130;

    private static final CopyOnWriteArrayList<Runnable> ACTIONS = new CopyOnWriteArrayList<>();
    private static volatile boolean requested;
    private static volatile boolean installed;

    private Stop() {
    }

    /** A registered stop action; closing it unregisters the action. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    static Registration onStop(Runnable action) {
        ACTIONS.add(action);
        if (requested) action.run(); // the signal came while the command was starting
        return () -> ACTIONS.remove(action);
    }

    /** True after a signal; commands return {@link #EXIT_CODE} when their run ended because of it. */
    static boolean requested() {
        return requested;
    }

    /** Installs the INT and TERM handlers (only in a real process, never inside an embedding application). */
    static void install() {
        if (installed) return;
        installed = true;
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> trigger());
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // the signal is reserved or unavailable here: the JVM's default handling applies
            }
        }
    }

    /** What a signal does: run the actions once; a second signal, or none registered, exits now. */
    static void trigger() {
        if (requested || ACTIONS.isEmpty()) exit();
        requested = true;
        for (Runnable action : ACTIONS) action.run();
    }

    /**
     * Exits with {@link #EXIT_CODE} now. Halts rather than exits: shutdown hooks could block behind a
     * worker, and everything worth keeping is already on disk (flushed trial lines, atomic results).
     */
    static void exit() {
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(EXIT_CODE);
    }
}
