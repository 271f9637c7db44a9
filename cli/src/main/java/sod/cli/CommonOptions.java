package sod.cli;

import picocli.CommandLine.Option;

/** Options every working command takes. */
final class CommonOptions {
    @Option(names = {"-q", "--quiet"}, description = "No progress output on stderr.")
    boolean quiet;

    /** Read by {@link Main}'s exception handler through the parse result. */
    @Option(names = "--debug", description = "Print stack traces of errors.")
    boolean debug;
}
