package sod.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sod.io.MatrixMarket;
import sod.io.Npy;

/**
 * {@code sod solve --observed}: a general Matrix Market file may list a pair of a symmetric matrix in
 * both triangles; when the two values agree it is one observation, as the library's
 * {@code Completion.fromMatrixMarket} reads it, so the CLI solves the same problem as from the
 * symmetric file with one triangle.
 */
class ObservedFileTest {
    @TempDir
    Path dir;

    @Test
    void bothTrianglesThatAgreeAreTheProblemOfTheSymmetricFile() throws IOException {
        int n = 6;
        double[] z = {1.0, -0.5, 0.25, 2.0, -1.0, 0.5};
        Npy.write(dir.resolve("Z.npy"), z, n, 1);
        // lower triangle for the symmetric file; the general file lists every off-diagonal pair twice
        int pairs = n * (n + 1) / 2, mirrored = pairs + n * (n - 1) / 2;
        int[] lr = new int[pairs], lc = new int[pairs], gr = new int[mirrored], gc = new int[mirrored];
        double[] lv = new double[pairs], gv = new double[mirrored];
        int k = 0, g = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++) {
                lr[k] = i;
                lc[k] = j;
                lv[k++] = z[i] * z[j];
                gr[g] = i;
                gc[g] = j;
                gv[g++] = z[i] * z[j];
                if (i != j) {
                    gr[g] = j;
                    gc[g] = i;
                    gv[g++] = z[i] * z[j];
                }
            }
        MatrixMarket.write(dir.resolve("sym.mtx"), new MatrixMarket.Coordinates(n, n, lr, lc, lv, true));
        MatrixMarket.write(dir.resolve("both.mtx"), new MatrixMarket.Coordinates(n, n, gr, gc, gv, false));
        String[] hs = new String[2];
        int f = 0;
        for (String file : new String[] {"sym.mtx", "both.mtx"}) {
            Path json = dir.resolve(file + ".json");
            CliTest.Run run = CliTest.sod("solve", "--observed", dir.resolve(file).toString(), "--truth",
                    dir.resolve("Z.npy").toString(), "--method", "gd", "--iters", "50", "--threads", "1", "--quiet",
                    "--stream-gbps", "0", "--json", json.toString());
            assertEquals(true, run.code() == 0 || run.code() == 1, file + ": " + run.err());
            String text = Files.readString(json);
            assertEquals(pairs, (int) CliTest.number(text, "\"m\": (\\d+)"), file + ": one observation per pair");
            hs[f++] = CliTest.number(text, "\"h\": (\\S+),") + "";
        }
        assertEquals(hs[0], hs[1], "the same problem gives the same run");
    }

    @Test
    void bothTrianglesThatDisagreeAreRejectedWithOneLine() throws IOException {
        MatrixMarket.write(dir.resolve("bad.mtx"), new MatrixMarket.Coordinates(2, 2, new int[] {0, 1, 0},
                new int[] {1, 0, 0}, new double[] {1.0, 2.0, 1.0}, false));
        CliTest.Run run = CliTest.sod("solve", "--observed", dir.resolve("bad.mtx").toString(), "--rank", "1", "--quiet",
                "--stream-gbps", "0", "--threads", "1");
        assertEquals(2, run.code(), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertEquals(true, run.err().startsWith("sod: ") && run.err().contains("bad.mtx"), run.err());
    }
}
