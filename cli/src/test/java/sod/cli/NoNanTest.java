package sod.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sod.cli.Hostile.assertCleanFailure;
import static sod.cli.Hostile.assertNoNaN;
import static sod.cli.Hostile.sod;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sod.io.Npy;

/**
 * Issue 17 classes 5 (NaN printed) and 8 (overflow handled one way): every method (gd, sod, pgd, sgd,
 * lifted, the l1 subgradient method) from degenerate and hostile starts (X0 = 0, {@code --init-scale 0},
 * entries of 1e-200 and 1e150), with a step of 1e300, and on data whose scale double precision cannot
 * square (sensing matrices times 1e-300, measurements times 1e300). Nothing prints NaN or Infinity
 * (text, JSON); an input whose h cannot be represented is bad input (exit 2, one line, rescale advice)
 * for every method; a run that blows up is a divergence (exit 1) with a note. {@code sod escape} at
 * X = 0 and a robust sweep whose l2 step diverges print no NaN either.
 */
class NoNanTest {
    @TempDir
    Path dir;

    @Test
    void noMethodPrintsNaNAndOverflowIsBadInputForAll() throws Exception {
        HostileInputTest.writeValid(dir);
        int n = HostileInputTest.N, m = HostileInputTest.M;
        double[] a = Npy.readDoubles(dir.resolve("A.npy")), b = Npy.readDoubles(dir.resolve("b.npy"));
        double[] tinyA = a.clone(), hugeB = b.clone();
        for (int i = 0; i < a.length; i++) tinyA[i] *= 1e-300;
        for (int i = 0; i < b.length; i++) hugeB[i] *= 1e300;
        Npy.write(dir.resolve("A-tiny.npy"), tinyA, m, n, n);
        Npy.write(dir.resolve("b-huge.npy"), hugeB, m);
        Npy.write(dir.resolve("x-zero.npy"), new double[n], n, 1);
        double[] tiny = new double[n], huge = new double[n];
        java.util.Arrays.fill(tiny, 1e-200);
        java.util.Arrays.fill(huge, 1e150);
        Npy.write(dir.resolve("x-tiny.npy"), tiny, n, 1);
        Npy.write(dir.resolve("x-huge.npy"), huge, n, 1);
        String A = dir.resolve("A.npy").toString(), B = dir.resolve("b.npy").toString();
        record Case(String name, List<String> args, int expected) {
        }
        List<Case> starts = List.of(
                new Case("X0 = 0", List.of("--operator", A, "--measurements", B, "--x0", dir.resolve("x-zero.npy").toString()), -1),
                new Case("--init-scale 0", List.of("--operator", A, "--measurements", B, "--init-scale", "0"), -1),
                new Case("X0 = 1e-200", List.of("--operator", A, "--measurements", B, "--x0", dir.resolve("x-tiny.npy").toString()), -1),
                new Case("X0 = 1e150", List.of("--operator", A, "--measurements", B, "--x0", dir.resolve("x-huge.npy").toString()), 2),
                new Case("step 1e300", List.of("--operator", A, "--measurements", B, "--step", "1e300", "--step-rule", "fixed"), 1),
                new Case("A * 1e-300", List.of("--operator", dir.resolve("A-tiny.npy").toString(), "--measurements", B), 2),
                new Case("b * 1e300", List.of("--operator", A, "--measurements", dir.resolve("b-huge.npy").toString()), 2));
        int cases = 0, clean = 0;
        for (String method : List.of("gd", "sod", "pgd", "sgd", "lifted", "l1")) {
            for (Case c : starts) {
                List<String> args = new ArrayList<>(List.of("solve", "--iters", "150", "--rank", "1", "--quiet", "--stream-gbps", "0"));
                args.addAll(method.equals("l1") ? List.of("--loss", "l1") : List.of("--method", method));
                args.addAll(c.args());
                Path json = dir.resolve("run-" + cases + ".json");
                args.addAll(List.of("--json", json.toString()));
                String what = method + ", " + c.name();
                if (method.equals("l1") && c.args().contains("--step-rule")) args.removeAll(List.of("--step-rule", "fixed"));
                if (method.equals("l1") && (c.name().equals("X0 = 0") || c.name().equals("X0 = 1e-200"))) {
                    c = new Case(c.name(), c.args(), 2); // the subgradient method cannot move from 0: bad input
                }
                cases++;
                Hostile.Run run = sod(args.toArray(String[]::new));
                assertNoNaN(run.all(), what);
                if (c.expected() == 2) {
                    assertCleanFailure(run, 2, what);
                    assertTrue(run.err().contains("rescale") || run.err().contains("cannot move from 0"), what + ": " + run.err());
                    assertTrue(!Files.exists(json), what + ": nothing written");
                } else {
                    assertTrue(run.code() == 0 || run.code() == 1, what + ": " + run.all());
                    if (c.expected() == 1) assertEquals(1, run.code(), what + ": " + run.all());
                    if (run.out().contains("DIVERGED")) assertTrue(run.out().contains("note:"), what + ": a divergence note: " + run.out());
                    assertNoNaN(Files.readString(json), what + " (JSON)");
                }
                clean++;
            }
        }
        for (List<String> escape : List.of(List.of("escape", "--problem", "pmc", "--n", "6", "--init-scale", "0"),
                List.of("escape", "--operator", A, "--measurements", B, "--rank", "1", "--x0", dir.resolve("x-zero.npy").toString()),
                List.of("escape", "--problem", "pmc", "--n", "6", "--x0", dir.resolve("x-zero.npy").toString().replace("x-zero", "x6")))) {
            if (escape.contains(dir.resolve("x6.npy").toString())) Npy.write(dir.resolve("x6.npy"), new double[6], 6, 1);
            List<String> args = new ArrayList<>(escape);
            args.add("--quiet");
            cases++;
            Hostile.Run run = sod(args.toArray(String[]::new));
            assertEquals(0, run.code(), run.all());
            assertNoNaN(run.all(), String.join(" ", escape));
            clean++;
        }
        cases++;
        Hostile.Run robust = sod("robust-sweep", "--n", "5", "--rank", "1", "--p", "0", "--rank-search", "1", "--iters", "30",
                "--l2-step", "1e300", "--threads", "1", "--quiet", "--out", dir.resolve("robust").toString());
        assertEquals(0, robust.code(), robust.all());
        assertNoNaN(robust.all(), "robust-sweep");
        for (String f : List.of("trials.csv", "table.csv", "table.md")) assertNoNaN(Files.readString(dir.resolve("robust").resolve(f)), f);
        clean++;
        Hostile.count("class 5/8 (NaN never printed; overflow one way for every method)", cases, clean);
    }
}
