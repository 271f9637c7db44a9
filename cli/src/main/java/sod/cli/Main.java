package sod.cli;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;
import sod.kernels.VectorBits;
import sod.openblas.NativeLibraryLoader;
import sod.openblas.OpenBlas;
import sod.openblas.OpenBlasUnavailableException;

/**
 * Entry point of the {@code sod} command-line tool. Without arguments it runs a short showcase.
 *
 * <p>Exit codes: 0 success; 1 the run finished without reaching a known target; 2 bad usage or bad
 * input (nothing written); 3 environment (OpenBLAS missing, a result that could not be written: disk
 * full, file size limit, standard output closed; not enough memory); 4 internal error; 128 + the signal
 * after a stop by SIGINT (130), SIGTERM (143) or SIGHUP (129), after saving what there was. Errors are
 * printed as one line {@code sod: <file or option>: <what is wrong>; <what to do>} ({@link Failures}),
 * with the stack trace only under {@code --debug}.
 */
@Command(name = "sod", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Low-rank matrix sensing with deterministic escapes from spurious local minima (SOD).",
        subcommands = {SolveCommand.class, SweepCommand.class, EscapeCommand.class, GenCommand.class, InfoCommand.class,
                RobustSweepCommand.class, CompletionCommand.class},
        footer = {"", "Without a command, sod runs a short showcase: plain GD stalls on a PMC instance, GD+SOD escapes.",
                "", "Examples:", "  scripts/sod", "  scripts/sod solve --problem pmc --n 40 --eps 0.10 --plot run.png",
                "  scripts/sod sweep --n 40,60 --eps 0.10 --seeds 20 --method gd,sod --out results",
                "  scripts/sod solve --help", "  source <(scripts/sod completion bash)"})
public final class Main implements Callable<Integer> {
    static final int OK = 0, TARGET_MISSED = 1, BAD_INPUT = 2, ENVIRONMENT = 3, INTERNAL = 4, STOPPED = Stop.EXIT_CODE;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return Showcase.run(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    public static void main(String[] args) {
        Stop.install();
        // Standard output straight on the file descriptor (System.out would swallow a failed write),
        // so that a closed or full stdout is seen and the run does not pretend it delivered its result.
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out),
                System.out.charset())), true);
        int code = run(out, new PrintWriter(System.err, true), args);
        if (Stop.requested()) code = Stop.exitCode();
        System.exit(code);
    }

    /** Runs the tool on System.out / System.err and returns its exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the tool with the given output streams (for embedding and tests) and returns its exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        int code;
        try {
            VectorBits.requested(); // a bad -Dsod.vector.bits is bad input, before anything runs
            CommandLine cmd = new CommandLine(new Main());
            cmd.setOut(out);
            cmd.setErr(err);
            HelpLayout.install(cmd);
            cmd.setParameterExceptionHandler((ex, arguments) -> {
                String command = ex.getCommandLine().getCommandName();
                String help = command.equals("sod") ? "sod --help" : "sod " + command + " --help";
                String suggestion = "";
                if (ex instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
                    suggestion = "; did you mean " + String.join(" or ", unmatched.getSuggestions().subList(0,
                            Math.min(3, unmatched.getSuggestions().size()))) + "?";
                }
                err.println("sod: " + Failures.oneLine(ex.getMessage()) + suggestion + "; see '" + help + "'");
                err.flush();
                return BAD_INPUT;
            });
            cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> report(ex, err, debug(parseResult)));
            cmd.setExecutionStrategy(parseResult -> {
                Integer help = CommandLine.executeHelpRequest(parseResult);
                if (help != null) return help;
                checkExplicitOpenBlas(parseResult);
                return new CommandLine.RunLast().execute(parseResult);
            });
            code = cmd.execute(args);
        } catch (Throwable t) { // Errors (OutOfMemoryError, a failed class initialiser) pass picocli's handler
            code = report(t, err, debug);
        }
        out.flush();
        if (out.checkError() && code != BAD_INPUT) {
            err.println("sod: standard output: cannot write (closed or full); the report printed there is lost"
                    + " (files written are complete), give --json FILE to keep the result in a file");
            code = ENVIRONMENT;
        }
        err.flush();
        return code;
    }

    /** Commands that never call OpenBLAS. */
    private static final java.util.Set<String> WITHOUT_OPENBLAS = java.util.Set.of("gen", "info", "completion");

    /**
     * An explicit OpenBLAS path (-Dsod.openblas.path, SOD_OPENBLAS_PATH) is loaded before the command
     * runs: the library is otherwise opened at the first eigensolve, possibly never, and a wrong path
     * would go unnoticed or end a long run late.
     */
    private static void checkExplicitOpenBlas(ParseResult parseResult) {
        ParseResult last = parseResult;
        while (last.subcommand() != null) last = last.subcommand();
        if (WITHOUT_OPENBLAS.contains(last.commandSpec().name()) || !NativeLibraryLoader.explicitPathGiven()) return;
        try {
            OpenBlas.require();
        } catch (OpenBlasUnavailableException e) {
            throw new CommandLine.ExecutionException(last.commandSpec().commandLine(), e.getMessage(), e);
        }
    }

    private static boolean debug(ParseResult parseResult) {
        for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) return true;
        }
        return false;
    }

    private static int report(Throwable t, PrintWriter err, boolean debug) {
        Failures.Told told = Failures.tell(t);
        err.println("sod: " + told.line());
        if (debug) t.printStackTrace(err);
        err.flush();
        return told.code();
    }
}
