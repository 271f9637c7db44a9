package sod.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import sod.SodInputException;
import sod.io.OutputPath;

/**
 * What a command checks before it reads or computes anything, so that a bad location fails in a
 * second with one line and nothing written, instead of after the whole run:
 * <ul>
 *   <li>every input (each file option that is not an output) is an existing regular file: a FIFO
 *       or a device would block or never end, a directory cannot be read;</li>
 *   <li>every output can be written ({@link OutputPath}: not a directory, not under a file, in a
 *       folder where files can be created; devices and FIFOs are written in place), and {@code -}
 *       (standard output) is used by at most one output, and only where the command allows it;</li>
 *   <li>no output is an input (through links too: writing it would destroy the data) or another
 *       output of the same run.</li>
 * </ul>
 * Declare the outputs, then {@link #check}.
 */
final class Preflight {
    /** The name that stands for standard output. */
    static final String STANDARD_OUTPUT = "-";

    /** A declared output: an option's file, or a file a folder option writes. */
    private record Output(String option, Path path, boolean inFolder) {
    }

    private final CommandSpec spec;
    private final List<Output> outputs = new ArrayList<>();
    private final Map<String, Path> folders = new LinkedHashMap<>();
    private final List<String> outputOptions = new ArrayList<>();
    private final Map<String, String> mayEqualInput = new LinkedHashMap<>();
    private String standardOutputUser;

    Preflight(CommandSpec spec) {
        this.spec = spec;
    }

    /** A file output of {@code option} (null: not given); {@code standardOutputAllowed}: {@code -} is stdout. */
    Preflight file(String option, Path path, boolean standardOutputAllowed) {
        outputOptions.add(option);
        if (path == null) return this;
        if (path.toString().equals(STANDARD_OUTPUT)) {
            if (!standardOutputAllowed) {
                throw new SodInputException(option + " -: standard output is only for --json and --trace; give a file name");
            }
            if (standardOutputUser != null) {
                throw new SodInputException(option + " -: " + standardOutputUser + " already writes to standard output;"
                        + " give one of them a file name");
            }
            standardOutputUser = option;
            return this;
        }
        outputs.add(new Output(option, path, false));
        return this;
    }

    /** A folder output of {@code option} (null: not given) and the files the command writes into it. */
    Preflight folder(String option, Path folder, String... files) {
        outputOptions.add(option);
        if (folder == null) return this;
        folders.put(option, folder);
        for (String f : files) outputs.add(new Output(option, folder.resolve(f), true));
        return this;
    }

    /** Lets output {@code output} be the same file as input {@code input} (the input is read whole first). */
    Preflight mayOverwrite(String output, String input) {
        mayEqualInput.put(output, input);
        return this;
    }

    /** Whether {@code option}'s output is standard output. */
    boolean toStandardOutput(String option) {
        return option.equals(standardOutputUser);
    }

    /** Whether any output is standard output (then the command's report goes to standard error). */
    boolean usesStandardOutput() {
        return standardOutputUser != null;
    }

    /**
     * Runs the checks.
     *
     * @throws SodInputException naming the first option that fails
     */
    Preflight check() {
        Map<String, Path> inputs = inputs();
        for (var e : inputs.entrySet()) checkInput(e.getKey(), e.getValue());
        for (var e : folders.entrySet()) checkFolder(e.getKey(), e.getValue());
        List<OutputPath> where = new ArrayList<>();
        for (Output o : outputs) {
            OutputPath path = OutputPath.of(o.path());
            if (o.inFolder() && path.kind() == OutputPath.Kind.IN_PLACE) {
                throw new SodInputException(o.option() + " " + folders.get(o.option()) + ": " + o.path()
                        + " is not a regular file; remove it or choose another folder");
            }
            path.probe();
            where.add(path);
        }
        for (int i = 0; i < outputs.size(); i++) {
            Output o = outputs.get(i);
            OutputPath w = where.get(i);
            for (var in : inputs.entrySet()) {
                if (in.getKey().equals(mayEqualInput.get(o.option()))) continue;
                if (w.sameFileAs(in.getValue())) {
                    throw new SodInputException(label(o) + ": is the input of " + in.getKey() + " " + in.getValue()
                            + "; writing it would destroy that input, choose another file");
                }
            }
            if (w.kind() == OutputPath.Kind.IN_PLACE) continue; // a device or a FIFO may take several outputs
            for (int j = 0; j < i; j++) {
                if (where.get(j).kind() != OutputPath.Kind.IN_PLACE && where.get(j).target().equals(w.target())
                        || where.get(j).sameFileAs(o.path())) {
                    throw new SodInputException(label(o) + ": is also the output of " + label(outputs.get(j))
                            + "; give each output its own file");
                }
            }
        }
        return this;
    }

    private static String label(Output o) {
        return o.inFolder() ? o.option() + " (" + o.path() + ")" : o.option() + " " + o.path();
    }

    /** Every file option given that is not an output: the command's inputs. */
    private Map<String, Path> inputs() {
        Map<String, Path> inputs = new LinkedHashMap<>();
        for (OptionSpec option : spec.options()) {
            if (option.type() != Path.class || outputOptions.contains(option.longestName())) continue;
            Object value = option.getValue();
            if (value instanceof Path p) inputs.put(option.longestName(), p);
        }
        return inputs;
    }

    private static void checkInput(String option, Path path) {
        if (!Files.exists(path)) {
            throw new SodInputException(option + " " + path + ": no such file; check the path");
        }
        if (Files.isDirectory(path)) {
            throw new SodInputException(option + " " + path + ": is a directory; give a file");
        }
        if (!Files.isRegularFile(path)) {
            throw new SodInputException(option + " " + path + ": is not a regular file (a device, FIFO or socket);"
                    + " sod reads its inputs from regular files, save the data to a file first");
        }
        if (!Files.isReadable(path)) {
            throw new SodInputException(option + " " + path + ": is not readable; check its permissions");
        }
    }

    private static void checkFolder(String option, Path folder) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new SodInputException(option + " " + folder + ": is a file, not a folder; choose a folder (it is created if missing)");
        }
        Path existing = folder.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing != null && !Files.isDirectory(existing)) {
            throw new SodInputException(option + " " + folder + ": " + existing + " is not a directory; choose another location");
        }
    }

    /** Options that choose a built-in problem, which files given with {@code --operator}/{@code --observed} replace. */
    private static final Set<String> GENERATOR_OPTIONS = Set.of("--problem", "--n", "--m", "--eps", "--observations");

    /**
     * Refuses options that would be silently ignored: a built-in problem's options together with
     * problem files, {@code --symmetrise} without {@code --operator} or {@code --sensing}.
     */
    static void refuseIgnoredOptions(CommandSpec spec) {
        var parsed = spec.commandLine().getParseResult();
        String files = parsed.hasMatchedOption("--operator") ? "--operator" : parsed.hasMatchedOption("--observed") ? "--observed" : null;
        if (files != null) {
            for (String option : GENERATOR_OPTIONS) {
                if (parsed.hasMatchedOption(option)) {
                    throw new SodInputException(option + ": the problem comes from " + files + ", which fixes it; drop "
                            + option + " or the files");
                }
            }
        }
        if (parsed.hasMatchedOption("--symmetrise") && !parsed.hasMatchedOption("--operator") && !parsed.hasMatchedOption("--sensing")) {
            throw new SodInputException("--symmetrise: applies to the sensing matrices of --operator or --sensing only; drop it");
        }
    }
}
