package sod.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static sod.cli.Hostile.assertCleanFailure;
import static sod.cli.Hostile.assertUnchanged;
import static sod.cli.Hostile.snapshot;
import static sod.cli.Hostile.sod;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 classes 1 (inputs destroyed), 3 (inputs that block) and 9 (checked too late), and the
 * output plumbing of issue 18.3, as generated cases of {@code sod solve}: every output option against
 * every input option through four spellings of one file, every pair of outputs, outputs in places
 * where nothing can be written, devices and FIFOs written in place, {@code -} as standard output,
 * inputs that are not regular files, options that would be silently ignored. Refused cases exit 2
 * with one line and leave the folder byte-identical; devices stay devices, links stay links.
 */
class OutputSafetyTest {
    static final List<String> OUTPUTS = List.of("--json", "--trace", "--save-x", "--checkpoint", "--plot");
    static final Map<String, String> DENSE_INPUTS = Map.of("--operator", "A.npy", "--measurements", "b.npy", "--truth", "Z.npy",
            "--x0", "X0.npy");

    @TempDir
    Path dir;

    static List<String> denseSolve(Path d, String... more) {
        List<String> args = new ArrayList<>(List.of("solve", "--operator", d.resolve("A.npy").toString(), "--measurements",
                d.resolve("b.npy").toString(), "--truth", d.resolve("Z.npy").toString(), "--x0", d.resolve("X0.npy").toString(),
                "--iters", "3", "--quiet", "--stream-gbps", "0"));
        args.addAll(List.of(more));
        return args;
    }

    /** The spellings of one existing file {@code name} in {@code d}: itself, ./x/../name, a symbolic link, a hard link. */
    static List<Path> spellings(Path d, String name, int k) throws Exception {
        Path file = d.resolve(name);
        Files.createDirectories(d.resolve("x"));
        Path soft = d.resolve("soft" + k + "-" + name), hard = d.resolve("hard" + k + "-" + name);
        Files.createSymbolicLink(soft, file);
        Files.createLink(hard, file);
        return List.of(file, d.resolve("x").resolve("..").resolve(name), soft, hard);
    }

    @Test
    void anOutputNamingAnInputIsRefusedAndTheInputKept() throws Exception {
        HostileInputTest.writeValid(dir);
        int cases = 0, clean = 0, k = 0;
        for (String output : OUTPUTS) {
            for (var input : DENSE_INPUTS.entrySet()) {
                if (output.equals("--checkpoint") && input.getKey().equals("--x0")) continue; // the documented resume loop
                for (Path same : spellings(dir, input.getValue(), k++)) {
                    Map<String, Object> before = snapshot(dir);
                    cases++;
                    assertCleanFailure(sod(denseSolve(dir, output, same.toString()).toArray(String[]::new)), 2, output + " " + same);
                    assertUnchanged(before, dir, output + " " + same);
                    clean++;
                }
            }
            for (Path same : spellings(dir, "obs.mtx", k++)) {
                Map<String, Object> before = snapshot(dir);
                cases++;
                assertCleanFailure(sod("solve", "--observed", dir.resolve("obs.mtx").toString(), "--iters", "3", "--quiet",
                        output, same.toString()), 2, output + " " + same);
                assertUnchanged(before, dir, output + " " + same);
                clean++;
            }
        }
        Hostile.count("class 1 (output = input, 4 spellings)", cases, clean);
    }

    @Test
    void twoOutputsOnOneFileAreRefused() throws Exception {
        HostileInputTest.writeValid(dir);
        int cases = 0, clean = 0;
        for (int i = 0; i < OUTPUTS.size(); i++) {
            for (int j = i + 1; j < OUTPUTS.size(); j++) {
                Path target = dir.resolve("out" + i + j);
                Path link = dir.resolve("link" + i + j);
                Files.createSymbolicLink(link, target); // dangling: both name the file to be written
                for (Path second : List.of(target, link)) {
                    Map<String, Object> before = snapshot(dir);
                    cases++;
                    assertCleanFailure(sod(denseSolve(dir, OUTPUTS.get(i), target.toString(), OUTPUTS.get(j), second.toString())
                            .toArray(String[]::new)), 2, OUTPUTS.get(i) + " and " + OUTPUTS.get(j));
                    assertUnchanged(before, dir, OUTPUTS.get(i) + " and " + OUTPUTS.get(j));
                    clean++;
                }
            }
        }
        Hostile.count("class 1 (two outputs, one file)", cases, clean);
    }

    @Test
    void outputsWhereNothingCanBeWrittenAreRefusedBeforeTheRun() throws Exception {
        HostileInputTest.writeValid(dir);
        Files.createDirectories(dir.resolve("folder"));
        int cases = 0, clean = 0;
        List<Path> places = List.of(dir.resolve("folder"), dir.resolve("A.npy").resolve("x.out"),
                dir.resolve("A.npy").resolve("deeper").resolve("x.out"), Path.of("/proc/sod-no-such/x.out"), Path.of("/proc/x.out"));
        for (String output : OUTPUTS) {
            for (Path place : places) {
                Map<String, Object> before = snapshot(dir);
                cases++;
                assertCleanFailure(sod(denseSolve(dir, output, place.toString()).toArray(String[]::new)), 2, output + " " + place);
                assertUnchanged(before, dir, output + " " + place);
                clean++;
            }
        }
        // folder outputs: a file, a path under a file, trials.csv that is a folder
        Files.createDirectories(dir.resolve("sweep").resolve("trials.csv"));
        List<String[]> folderCases = List.of(
                new String[] {"sweep", "--n", "6", "--eps", "0.1", "--seeds", "1", "--quiet", "--out", dir.resolve("A.npy").toString()},
                new String[] {"sweep", "--n", "6", "--eps", "0.1", "--seeds", "1", "--quiet", "--out", dir.resolve("A.npy/s").toString()},
                new String[] {"sweep", "--n", "6", "--eps", "0.1", "--seeds", "1", "--quiet", "--out", dir.resolve("sweep").toString()},
                new String[] {"sweep", "--n", "6", "--eps", "0.1", "--seeds", "1", "--quiet", "--json", dir.resolve("folder").toString()},
                new String[] {"gen", "--problem", "gaussian", "--n", "4", "--quiet", "--out", dir.resolve("A.npy").toString()},
                new String[] {"robust-sweep", "--n", "4", "--rank", "1", "--p", "0", "--rank-search", "1", "--iters", "5", "--quiet",
                        "--out", dir.resolve("b.npy").toString()});
        for (String[] args : folderCases) {
            Map<String, Object> before = snapshot(dir);
            cases++;
            assertCleanFailure(sod(args), 2, String.join(" ", args));
            assertUnchanged(before, dir, String.join(" ", args));
            clean++;
        }
        Hostile.count("class 9 (output locations checked first)", cases, clean);
    }

    @Test
    void devicesAreWrittenInPlaceAndStayDevices() throws Exception {
        HostileInputTest.writeValid(dir);
        Path nul = dir.resolve("null"), full = dir.resolve("full"), link = dir.resolve("null-link");
        assumeTrue(Hostile.mknod(nul, 1, 3) && Hostile.mknod(full, 1, 7), "mknod is not possible here");
        Files.createSymbolicLink(link, nul);
        int cases = 0, clean = 0;
        for (String output : OUTPUTS) {
            for (Path device : List.of(nul, link)) {
                cases++;
                Hostile.Run run = sod(denseSolve(dir, output, device.toString()).toArray(String[]::new));
                assertEquals(1, run.code(), output + " " + device + ": " + run.all()); // 3 iterations: target not reached
                assertTrue(Hostile.isCharacterDevice(nul) && Files.isSymbolicLink(link), output + ": still a device and a link");
                clean++;
            }
            cases++;
            assertCleanFailure(sod(denseSolve(dir, output, full.toString()).toArray(String[]::new)), 3, output + " /dev/full");
            assertTrue(Hostile.isCharacterDevice(full), output + ": the full device is still a device");
            clean++;
        }
        // every output on the null device at once: several outputs may share a device
        cases++;
        Hostile.Run all = sod(denseSolve(dir, "--json", nul.toString(), "--trace", nul.toString(), "--save-x", nul.toString())
                .toArray(String[]::new));
        assertEquals(1, all.code(), all.all());
        assertTrue(Hostile.isCharacterDevice(nul));
        clean++;
        Hostile.count("class 1 (devices written in place)", cases, clean);
    }

    @Test
    void aFifoOutputIsWrittenInPlace() throws Exception {
        HostileInputTest.writeValid(dir);
        Path fifo = dir.resolve("fifo");
        assumeTrue(Hostile.mkfifo(fifo), "mkfifo is not possible here");
        int cases = 0, clean = 0;
        for (String output : List.of("--json", "--trace")) {
            CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    return Files.readString(fifo);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            cases++;
            Hostile.Run run = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> sod(denseSolve(dir, output, fifo.toString()).toArray(String[]::new)));
            assertEquals(1, run.code(), run.all());
            String content = reader.get();
            assertTrue(output.equals("--json") ? content.startsWith("{") && content.strip().endsWith("}")
                    : content.startsWith("iteration,h,grad_norm,distance,seconds\n"), content);
            assertEquals(0010000, (Integer) Files.getAttribute(fifo, "unix:mode") & 0170000, "still a FIFO");
            clean++;
        }
        Hostile.count("class 1 (FIFO written in place)", cases, clean);
    }

    @Test
    void aLinkToAResultStaysALinkAndItsTargetIsReplaced() throws Exception {
        HostileInputTest.writeValid(dir);
        int cases = 0, clean = 0;
        for (String output : OUTPUTS) {
            Path target = dir.resolve("real-" + output.substring(2)), link = dir.resolve("link-" + output.substring(2));
            Files.writeString(target, "old");
            Files.createSymbolicLink(link, target);
            cases++;
            Hostile.Run run = sod(denseSolve(dir, output, link.toString()).toArray(String[]::new));
            assertEquals(1, run.code(), run.all());
            assertTrue(Files.isSymbolicLink(link), output + ": the link is kept");
            assertTrue(Files.size(target) > 3, output + ": the link's target holds the result");
            clean++;
        }
        Hostile.count("class 1 (links to results)", cases, clean);
    }

    @Test
    void aDashIsStandardOutputForJsonAndTrace() throws Exception {
        HostileInputTest.writeValid(dir);
        Map<String, Object> before = snapshot(dir);
        Hostile.Run json = sod(denseSolve(dir, "--json", "-").toArray(String[]::new));
        assertEquals(1, json.code(), json.all());
        assertTrue(json.out().startsWith("{") && json.out().endsWith("}\n"), "stdout is the document alone: " + json.out());
        assertTrue(json.err().contains("result:"), "the report goes to stderr: " + json.err());
        Hostile.Run trace = sod(denseSolve(dir, "--trace", "-").toArray(String[]::new));
        assertEquals(1, trace.code(), trace.all());
        assertTrue(trace.out().startsWith("iteration,h,grad_norm,distance,seconds\n0,"), trace.out());
        assertEquals(5, trace.out().lines().count(), "header and iterations 0..3: " + trace.out());
        assertUnchanged(before, dir, "no file named '-'");
        for (String[] refused : List.of(new String[] {"--json", "-", "--trace", "-"}, new String[] {"--save-x", "-"},
                new String[] {"--plot", "-"}, new String[] {"--checkpoint", "-"})) {
            assertCleanFailure(sod(denseSolve(dir, refused).toArray(String[]::new)), 2, String.join(" ", refused));
            assertUnchanged(before, dir, String.join(" ", refused));
        }
    }

    @Test
    void inputsThatAreNotRegularFilesAreRefusedAtOnce() throws Exception {
        HostileInputTest.writeValid(dir);
        Path fifo = dir.resolve("in.fifo"), device = dir.resolve("in.null"), folder = dir.resolve("in.dir");
        Files.createDirectories(folder);
        boolean fifos = Hostile.mkfifo(fifo), devices = Hostile.mknod(device, 1, 3);
        List<Path> bad = new ArrayList<>(List.of(folder, dir.resolve("missing.npy")));
        if (fifos) bad.add(fifo);
        if (devices) bad.add(device);
        int[] counts = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (String input : List.of("--operator", "--measurements", "--truth", "--x0", "--observed")) {
                for (Path p : bad) {
                    List<String> args = input.equals("--observed")
                            ? List.of("solve", "--observed", p.toString(), "--quiet")
                            : new ArrayList<>(denseSolve(dir));
                    if (!input.equals("--observed")) args.set(args.indexOf(input) + 1, p.toString());
                    Map<String, Object> before = snapshot(dir);
                    counts[0]++;
                    assertCleanFailure(sod(args.toArray(String[]::new)), 2, input + " " + p);
                    assertUnchanged(before, dir, input + " " + p);
                    counts[1]++;
                }
            }
        });
        Hostile.count("class 3 (inputs that are not regular files, FIFOs included)", counts[0], counts[1]);
    }

    @Test
    void optionsThatWouldBeIgnoredAreRefused() throws Exception {
        HostileInputTest.writeValid(dir);
        int cases = 0, clean = 0;
        for (String[] generator : List.of(new String[] {"--problem", "pmc"}, new String[] {"--n", "5"}, new String[] {"--m", "40"},
                new String[] {"--eps", "0.1"}, new String[] {"--observations", "10"})) {
            for (List<String> files : List.of(denseSolve(dir), List.of("solve", "--observed", dir.resolve("obs.mtx").toString(),
                    "--quiet"))) {
                List<String> args = new ArrayList<>(files);
                args.addAll(List.of(generator));
                cases++;
                assertCleanFailure(sod(args.toArray(String[]::new)), 2, String.join(" ", args));
                clean++;
            }
        }
        cases++;
        assertCleanFailure(sod("solve", "--problem", "pmc", "--n", "6", "--symmetrise", "--quiet"), 2, "--symmetrise alone");
        clean++;
        cases++;
        Hostile.Run completion = sod("solve", "--problem", "completion", "--n", "10", "--seed", "1", "--quiet", "--stream-gbps", "0");
        assertEquals(0, completion.code(), "completion with the defaults: " + completion.all());
        clean++;
        Hostile.count("class 9 (conflicting options)", cases, clean);
    }
}
