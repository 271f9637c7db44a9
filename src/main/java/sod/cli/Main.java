package sod.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code sod} command-line tool. */
@Command(name = "sod", mixinStandardHelpOptions = true, version = "sod 0.1.0",
        description = "Low-rank matrix sensing with deterministic escapes from spurious local minima (SOD).",
        subcommands = {InfoCommand.class})
public final class Main implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the tool and returns its exit code (0 ok, 1 target not reached, 2 bad usage or input). */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }
}
