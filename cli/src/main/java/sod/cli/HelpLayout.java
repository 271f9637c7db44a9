package sod.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The help's description and footer wrapped at word boundaries (picocli's default wrapping breaks
 * inside tokens such as {@code gd.csv}). An example command that does not fit is continued on the next
 * line after a {@code \} and indented, so that it still pastes into a shell; prose keeps its margin.
 */
final class HelpLayout {
    private HelpLayout() {
    }

    /** Installs the layout on {@code cmd} and its subcommands. */
    static void install(CommandLine cmd) {
        cmd.setUsageHelpAutoWidth(true);
        // "sod solve [OPTIONS]": picocli wraps the full synopsis inside option labels (--save-x=X.\nnpy)
        cmd.getCommandSpec().usageMessage().abbreviateSynopsis(true);
        cmd.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_FOOTER, help -> render(help, help.commandSpec().usageMessage().footer()));
        cmd.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_DESCRIPTION,
                help -> render(help, help.commandSpec().usageMessage().description()));
        for (CommandLine sub : cmd.getSubcommands().values()) install(sub);
    }

    private static String render(Help help, String[] lines) {
        int width = help.commandSpec().usageMessage().width();
        StringBuilder out = new StringBuilder();
        for (String paragraph : paragraphs(lines)) {
            for (String l : wrap(paragraph, width)) out.append(l).append(System.lineSeparator());
        }
        return out.toString();
    }

    /**
     * The lines with prose rejoined: consecutive unindented lines are one paragraph (the sources break
     * them at about 100 columns), while blank lines, indented lines (examples) and a line ending with
     * a colon ("Examples:") stand alone.
     */
    static List<String> paragraphs(String[] lines) {
        List<String> paragraphs = new ArrayList<>();
        boolean open = false;
        for (String line : lines) {
            boolean prose = !line.isBlank() && !line.startsWith(" ");
            if (prose && open) {
                int last = paragraphs.size() - 1;
                paragraphs.set(last, paragraphs.get(last) + " " + line.strip());
            } else {
                paragraphs.add(line);
            }
            open = prose && !line.strip().endsWith(":");
        }
        return paragraphs;
    }

    /** {@code line} in lines of at most {@code width} characters, broken at spaces only. */
    static List<String> wrap(String line, int width) {
        List<String> lines = new ArrayList<>();
        int indent = 0;
        while (indent < line.length() && line.charAt(indent) == ' ') indent++;
        boolean command = line.strip().startsWith("scripts/sod") || line.strip().startsWith("sod ");
        String continuation = " ".repeat(command ? indent + 4 : indent); // prose keeps its margin
        String rest = line;
        String prefix = "";
        while ((prefix + rest).length() > width) {
            String candidate = prefix + rest;
            int limit = width - (command ? 2 : 0);
            int cut = candidate.lastIndexOf(' ', limit);
            int floor = prefix.isEmpty() ? indent : prefix.length();
            if (cut <= floor) cut = candidate.indexOf(' ', limit); // one token longer than the width
            if (cut < 0 || cut <= floor) break;
            lines.add(candidate.substring(0, cut).stripTrailing() + (command ? " \\" : ""));
            rest = candidate.substring(cut + 1).stripLeading();
            prefix = continuation;
        }
        lines.add(prefix + rest);
        return lines;
    }
}
