package sod.cli;

import java.util.concurrent.CopyOnWriteArrayList;
import sod.io.TemporaryFiles;

/**
 * Graceful stop on SIGINT, SIGTERM and SIGHUP. {@link Main#main} installs the handlers; a command
 * registers what a stop must do (ask the solver to stop so it can save its iterate, seal a trials file).
 * The first signal runs those actions; when nothing is registered, or on a second signal, the process
 * exits at once. Results are written atomically and the temporary files of writes under way are
 * deleted first ({@link TemporaryFiles}), so an abrupt exit leaves neither a half-written result nor a
 * {@code .tmp} file.
 *
 * <p>The exit code is the shell's convention, 128 + the signal's number: 130 for SIGINT, 143 for
 * SIGTERM, 129 for SIGHUP ({@link #exitCode}); {@link Main#main} returns it whenever a signal arrived,
 * also when the command could still finish its output ({@link #finishing}), so that a calling script
 * sees that the run was interrupted.
 */
final class Stop {
    /** Exit code of a stop by SIGINT (128 + 2), the shell convention for Ctrl-C. */
    static final int EXIT_CODE = 130;

    private static final CopyOnWriteArrayList<Runnable> ACTIONS = new CopyOnWriteArrayList<>();
    private static volatile boolean requested;
    private static volatile int signalNumber = 2;
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

    /**
     * The phase after the result is computed (printing it, writing its files): a first signal only
     * marks the stop, the command completes its output, and the process then exits with
     * {@link #exitCode}. A second signal still exits at once.
     */
    static Registration finishing() {
        return onStop(() -> {
        });
    }

    /** True after a signal; commands return {@link #exitCode} when their run ended because of it. */
    static boolean requested() {
        return requested;
    }

    /** Forgets a stop (tests that trigger one inside the test JVM, where nothing exits). */
    static void reset() {
        requested = false;
        signalNumber = 2;
    }

    /** 128 + the number of the signal that stopped the run (130 when none did). */
    static int exitCode() {
        return 128 + signalNumber;
    }

    /** Installs the INT, TERM and HUP handlers (only in a real process, never inside an embedding application). */
    static void install() {
        if (installed) return;
        installed = true;
        for (String name : new String[] {"INT", "TERM", "HUP"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> trigger(signal.getNumber()));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // the signal is reserved or unavailable here: the JVM's default handling applies
            }
        }
    }

    /** What signal {@code number} does: run the actions once; a second signal, or none registered, exits now. */
    static void trigger(int number) {
        if (!requested) signalNumber = number;
        if (requested || ACTIONS.isEmpty()) exit();
        requested = true;
        for (Runnable action : ACTIONS) action.run();
    }

    /**
     * Exits with {@link #exitCode} now. Halts rather than exits: shutdown hooks could block behind a
     * worker, and everything worth keeping is already on disk (flushed trial lines, atomic results);
     * the temporary files of unfinished writes are deleted first.
     */
    static void exit() {
        TemporaryFiles.deleteAll();
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(exitCode());
    }
}
