package sod.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sod.cli.CliTest.Run;
import sod.io.Npy;

/**
 * {@code sod solve --sensing / --weights / --normalize / --problem-file / --precision} and {@code sod gen
 * --format npz} from the command line: the happy paths, and every malformed input giving one line on
 * stderr, exit 2 and no output file.
 */
class SparseInputCliTest {
    @TempDir
    Path dir;

    static final Path CASE14 = Path.of("../core/src/test/resources/psse/case14");
    static final Path ARCHIVE = Path.of("../core/src/test/resources/problems/weighted.npz");

    /** {@code solve} with every output option pointing into {@code out}, on one thread, quietly. */
    private static Run solve(Path out, String... input) {
        List<String> args = new ArrayList<>(List.of("solve"));
        args.addAll(List.of(input));
        args.addAll(List.of("--threads", "1", "--stream-gbps", "0", "--json", out.resolve("run.json").toString(),
                "--save-x", out.resolve("X.npy").toString(), "--trace", out.resolve("trace.csv").toString()));
        return CliTest.sod(args.toArray(String[]::new));
    }

    private void assertRejected(String what, String fragment, String... input) throws IOException {
        Path out = Files.createDirectories(dir.resolve("out-" + Math.abs(what.hashCode())));
        Run run = solve(out, input);
        assertEquals(2, run.code(), what + ": " + run.out() + run.err());
        String err = run.err().strip();
        assertEquals(1, err.lines().count(), what + ": one line, got:\n" + err);
        assertTrue(err.startsWith("sod: ") && err.contains(fragment), what + ": " + err);
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of(), files.toList(), what + ": nothing written");
        }
    }

    private static String[] sensing(Path a, Path b, String... more) {
        List<String> args = new ArrayList<>(List.of("--sensing", a.toString(), "--measurements", b.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** A copy of a valid float64 .npy with element {@code index} replaced by {@code value} (Npy.write refuses NaN). */
    private Path patched(Path source, String name, int index, double value) throws IOException {
        byte[] bytes = Files.readAllBytes(source);
        int header = 10 + (bytes[8] & 0xFF | (bytes[9] & 0xFF) << 8);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putDouble(header + 8 * index, value);
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void malformedInputsExitTwoWithOneLineAndWriteNothing() throws IOException {
        Path a = CASE14.resolve("A.npz"), b = CASE14.resolve("b.npy");
        byte[] npz = Files.readAllBytes(a);
        Path truncated = Files.write(dir.resolve("truncated.npz"), Arrays.copyOf(npz, npz.length / 2));
        Path shortB = dir.resolve("short.npy");
        Npy.write(shortB, new double[121], 121);
        Path nanB = patched(b, "nan.npy", 17, Double.NaN);
        double[] ones = new double[122];
        Arrays.fill(ones, 1);
        Path w = dir.resolve("w.npy");
        Npy.write(w, ones, 122);
        Path negativeW = patched(w, "negative.npy", 5, -2.0);
        Path badZ = dir.resolve("Z.npy");
        Npy.write(badZ, new double[26], 26, 1);
        // A_0 = E_01 alone (no mirror (1, 0)): an asymmetric sensing matrix, 1 x 4 (n = 2)
        Path asymmetric = Files.writeString(dir.resolve("asym.mtx"),
                "%%MatrixMarket matrix coordinate real general\n1 4 2\n1 1 1.0\n1 2 3.0\n");
        Path one = dir.resolve("one.npy");
        Npy.write(one, new double[] {1}, 1);
        Path text = Files.writeString(dir.resolve("A.txt"), "not a sparse matrix\n");

        assertRejected("truncated npz", "truncated.npz", sensing(truncated, b, "--rank", "1"));
        assertRejected("short b", "short.npy", sensing(a, shortB, "--rank", "1"));
        assertRejected("NaN in b", "nan.npy", sensing(a, nanB, "--rank", "1"));
        assertRejected("negative weight", "weight 5 is -2.0", sensing(a, b, "--rank", "1", "--weights", negativeW.toString()));
        assertRejected("weights and normalize", "--weights and --normalize", sensing(a, b, "--rank", "1", "--weights", w.toString(), "--normalize"));
        assertRejected("no rank", "--rank", sensing(a, b));
        assertRejected("truth shape", "Z.npy", sensing(a, b, "--truth", badZ.toString()));
        assertRejected("f32 sparse", "--precision f32", sensing(a, b, "--rank", "1", "--precision", "f32"));
        assertRejected("unknown precision", "--precision", "--operator", a.toString(), "--measurements", b.toString(), "--precision", "f16");
        assertRejected("asymmetric", "asym.mtx", sensing(asymmetric, one, "--rank", "1"));
        assertRejected("not npz or mtx", "A.txt", sensing(text, b, "--rank", "1"));
        assertRejected("no measurements", "--measurements", "--sensing", a.toString(), "--rank", "1");
        assertRejected("two sources", "give one of them", "--sensing", a.toString(), "--problem-file", ARCHIVE.toString());
        assertRejected("archive without A", "has no array 'A'", "--problem-file", a.toString(), "--rank", "1");
        assertRejected("archive and --truth", "--problem-file holds b", "--problem-file", ARCHIVE.toString(), "--truth", badZ.toString());
        assertRejected("weights on built-ins", "--normalize applies to", "--problem", "pmc", "--normalize");
    }

    /** The asymmetric file is accepted with --symmetrise (exit 0 or 1 from the solve, not 2): the check above can fail. */
    @Test
    void symmetriseAcceptsTheAsymmetricFile() throws IOException {
        Path asymmetric = Files.writeString(dir.resolve("asym.mtx"),
                "%%MatrixMarket matrix coordinate real general\n1 4 2\n1 1 1.0\n1 2 3.0\n");
        Path one = dir.resolve("one.npy");
        Npy.write(one, new double[] {1}, 1);
        Path out = Files.createDirectories(dir.resolve("out"));
        Run run = solve(out, sensing(asymmetric, one, "--rank", "1", "--symmetrise", "--quiet", "--method", "gd"));
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(Files.exists(out.resolve("run.json")));
    }

    /** The archive's X0 is where the solve starts and its weights are applied: h at iteration 0 is NumPy's weighted h(X0). */
    @Test
    void problemFileStartsFromItsX0WithItsWeights() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Run run = solve(out, "--problem-file", ARCHIVE.toString(), "--iters", "0");
        assertEquals(1, run.code(), run.out() + run.err());
        String json = Files.readString(out.resolve("run.json"));
        assertEquals(116.13070574749558, CliTest.number(json, "\"h\": (\\S+),"), 1e-12 * 116.13);
        assertTrue(run.err().contains("note: ") && run.err().contains("read as M*"), run.err());
    }

    /** Any built-in problem written as A.npz is solved from it with --sensing (the gaussian one recovered). */
    @Test
    void genWritesAnNpzThatSolveReads() {
        Path g = dir.resolve("gauss");
        Run gen = CliTest.sod("gen", "--problem", "gaussian", "--n", "8", "--rank", "1", "--m", "60", "--seed", "3", "--format", "npz",
                "--out", g.toString());
        assertEquals(0, gen.code(), gen.err());
        assertTrue(Files.exists(g.resolve("A.npz")) && !Files.exists(g.resolve("A.npy")));
        Run run = CliTest.sod("solve", "--sensing", g.resolve("A.npz").toString(), "--measurements", g.resolve("b.npy").toString(),
                "--truth", g.resolve("Z.npy").toString(), "--threads", "1", "--quiet", "--stream-gbps", "0");
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(CliTest.number(run.out(), "distance (\\S+)") < 1e-10, run.out());
        for (String problem : new String[] {"pmc", "completion", "rank-one", "counterexample"}) {
            Path p = dir.resolve(problem);
            List<String> args = new ArrayList<>(List.of("gen", "--problem", problem, "--format", "npz", "--out", p.toString()));
            if (!problem.equals("counterexample")) args.addAll(List.of("--n", "6"));
            Run written = CliTest.sod(args.toArray(String[]::new));
            assertEquals(0, written.code(), problem + ": " + written.err());
            Run solved = CliTest.sod("solve", "--sensing", p.resolve("A.npz").toString(), "--measurements", p.resolve("b.npy").toString(),
                    "--truth", p.resolve("Z.npy").toString(), "--threads", "1", "--quiet", "--stream-gbps", "0", "--iters", "1");
            assertTrue(solved.code() == 0 || solved.code() == 1, problem + ": the written files are valid input: " + solved.err());
        }
    }
}
