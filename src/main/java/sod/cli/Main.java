package sod.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import sod.SodInputException;
import sod.openblas.OpenBlasUnavailableException;

import java.util.concurrent.Callable;

/**
 * Entry point of the {@code sod} command-line tool. Without arguments it runs a short showcase.
 *
 * <p>Exit codes: 0 success; 1 the run finished without reaching a known target; 2 bad usage or bad
 * input; 3 environment (OpenBLAS missing); 4 internal error. Errors are printed as one line
 * {@code sod: <what is wrong>; <how to fix>}, with the stack trace only under {@code --debug}.
 */
@Command(name = "sod", mixinStandardHelpOptions = true, version = "sod 0.1.0",
        description = "Low-rank matrix sensing with deterministic escapes from spurious local minima (SOD).",
        subcommands = {SolveCommand.class, SweepCommand.class, EscapeCommand.class, GenCommand.class, InfoCommand.class,
                RobustSweepCommand.class},
        footer = {"", "Without a command, sod runs a short showcase: plain GD stalls on a PMC instance, GD+SOD escapes.",
                "", "Examples:", "  scripts/sod", "  scripts/sod solve --problem pmc --n 40 --eps 0.10 --plot run.png",
                "  scripts/sod sweep --n 40,60 --eps 0.10 --seeds 20 --method gd,sod --out results",
                "  scripts/sod solve --help"})
public final class Main implements Callable<Integer> {
    static final int OK = 0, TARGET_MISSED = 1, BAD_INPUT = 2, ENVIRONMENT = 3, INTERNAL = 4;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return Showcase.run(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the tool on System.out / System.err and returns its exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the tool with the given output streams (for embedding and tests) and returns its exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setParameterExceptionHandler((ex, arguments) -> {
            String command = ex.getCommandLine().getCommandName();
            String help = command.equals("sod") ? "sod --help" : "sod " + command + " --help";
            err.println("sod: " + oneLine(ex.getMessage()) + "; see '" + help + "'");
            err.flush();
            return BAD_INPUT;
        });
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean debug = false;
            for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
                if (p.hasMatchedOption("--debug")) debug = true;
            }
            int code;
            if (ex instanceof SodInputException) {
                err.println("sod: " + oneLine(ex.getMessage()));
                code = BAD_INPUT;
            } else if (ex instanceof OpenBlasUnavailableException) {
                err.println("sod: " + oneLine(ex.getMessage()) + "; run 'sod info' for the paths tried");
                code = ENVIRONMENT;
            } else {
                err.println("sod: internal error: " + ex + "; rerun with --debug for the stack trace and report it");
                code = INTERNAL;
            }
            if (debug) ex.printStackTrace(err);
            err.flush();
            return code;
        });
        int code = cmd.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static String oneLine(String message) {
        if (message == null) return "(no message)";
        return message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
