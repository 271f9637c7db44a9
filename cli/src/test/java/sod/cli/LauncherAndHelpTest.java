package sod.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sod.cli.Hostile.assertCleanFailure;
import static sod.cli.Hostile.bash;
import static sod.cli.Hostile.quote;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18.3's plumbing: {@code scripts/sod} called through a symbolic link (as from a PATH folder)
 * finds its repository and drops exactly the JVM's incubator warning, so a one-line error is one
 * line; {@code --version} comes from the build; {@code sod completion} prints a bash script that
 * parses; typos get a suggestion; the help wraps at word boundaries.
 */
class LauncherAndHelpTest {
    @TempDir
    Path dir;

    /** scripts/sod through a link in {@code dir}, on the test class path (no build). */
    private Hostile.Run launcher(String args) throws Exception {
        Path script = Path.of(System.getProperty("sod.project.dir", ".")).resolve("scripts").resolve("sod").toAbsolutePath();
        Path bin = dir.resolve("bin");
        Files.createDirectories(bin);
        Path link = bin.resolve("sod");
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(link, script);
        String run = "cd " + quote(dir.toString()) + " && SOD_CLASSPATH=" + quote(System.getProperty("java.class.path"))
                + " PATH=" + quote(bin.toString()) + ":\"$PATH\" sod " + args;
        // the raw stderr: the launcher itself must have dropped the warning
        Path err = dir.resolve("launcher.err"), out = dir.resolve("launcher.out");
        Hostile.Run r = bash(run + " > " + quote(out.toString()) + " 2> " + quote(err.toString()), 120);
        return new Hostile.Run(r.code(), Files.readString(out), Files.readString(err));
    }

    @Test
    void theLauncherFollowsItsLinkAndAnErrorIsOneLine() throws Exception {
        Hostile.Run typo = launcher("solve --itres 5");
        assertCleanFailure(typo, 2, "a typo through the launcher");
        assertTrue(typo.err().contains("did you mean --iters?"), typo.err());
        assertFalse(typo.err().contains("WARNING: Using incubator modules"), typo.err());
        Hostile.Run version = launcher("--version");
        assertEquals(0, version.code(), version.all());
        String pomVersion = Files.readString(Path.of(System.getProperty("sod.project.dir", ".")).resolve("pom.xml"))
                .replaceAll("(?s).*?<artifactId>sod-parent</artifactId>\\s*<version>([^<]+)</version>.*", "$1");
        assertEquals("sod " + pomVersion, version.out().lines().findFirst().orElse(""), "the version is the pom's");
        assertEquals("", version.err(), "nothing on stderr, not even the JVM's warning");
        for (String shell : List.of("bash", "zsh")) {
            Hostile.Run completion = launcher("completion " + shell);
            assertEquals(0, completion.code(), completion.all());
            Path script = dir.resolve("sod-completion." + shell);
            Files.writeString(script, completion.out());
            assertEquals(0, bash("bash -n " + quote(script.toString()), 30).code(), "the script parses");
            for (String word : List.of("solve", "sweep", "escape", "gen", "--json", "--trace", "--operator")) {
                assertTrue(completion.out().contains(word), shell + " completion lists " + word);
            }
        }
    }

    /** Random lines of words: wrapped lines fit the width (unless one word is longer) and keep every word whole. */
    @Test
    void helpLinesWrapAtWordBoundariesOnly() {
        SplittableRandom random = new SplittableRandom(29);
        int cases = 0, clean = 0;
        for (int k = 0; k < 300; k++) {
            int width = 30 + random.nextInt(70);
            StringBuilder line = new StringBuilder(" ".repeat(random.nextInt(5)));
            boolean command = random.nextBoolean();
            if (command) line.append("scripts/sod");
            int words = 1 + random.nextInt(30);
            for (int w = 0; w < words; w++) {
                if (!line.isEmpty() && !line.toString().isBlank()) line.append(' ');
                int len = 1 + random.nextInt(random.nextInt(10) == 0 ? 120 : 14);
                StringBuilder word = new StringBuilder();
                for (int c = 0; c < len; c++) word.append("abcdefgh.-/=_,0123"
                        .charAt(random.nextInt(18)));
                line.append(word);
            }
            List<String> wrapped = HelpLayout.wrap(line.toString(), width);
            cases++;
            List<String> tokens = new ArrayList<>();
            for (String l : wrapped) {
                String body = command && l.endsWith(" \\") ? l.substring(0, l.length() - 2) : l;
                List<String> parts = Arrays.stream(body.strip().split(" +")).filter(s -> !s.isEmpty()).toList();
                assertTrue(l.length() <= width || parts.size() == 1 || (command && parts.size() <= 2),
                        "fits " + width + ": '" + l + "'");
                tokens.addAll(parts);
            }
            assertEquals(Arrays.stream(line.toString().strip().split(" +")).toList(), tokens, "every word kept whole, in order");
            clean++;
        }
        Hostile.count("18.3 (help wrapped at word boundaries)", cases, clean);
        Hostile.Run help = Hostile.sod("solve", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("gd.csv"), "no token is broken: " + help.out());
        for (String l : help.out().lines().toList()) {
            assertTrue(l.length() <= 80 || !l.contains(" "), "at most 80 columns: " + l);
        }
    }
}
