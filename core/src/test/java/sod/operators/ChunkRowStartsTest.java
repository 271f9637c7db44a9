package sod.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link EntryWeightedSparse#chunkRowStarts} from row degrees gives the operator's own h chunks. */
class ChunkRowStartsTest {

    @Test
    void degreesGiveTheChunksOfThePattern() {
        int n = 3000;
        SplittableRandom rnd = new SplittableRandom(5);
        int[] rowStart = new int[n + 1];
        int[] cols = new int[n * 12];
        int m = 0;
        for (int i = 0; i < n; i++) {
            // rows of very different length, so chunks hold from one row to many
            int want = i % 97 == 0 ? 2000 : rnd.nextInt(12);
            for (int j = i; j < n && want > 0; j += 1 + rnd.nextInt(3), want--) {
                if (m == cols.length) cols = java.util.Arrays.copyOf(cols, 2 * m);
                cols[m++] = j;
            }
            rowStart[i + 1] = m;
        }
        SymmetricPattern pattern = SymmetricPattern.fromUpperCsr(n, rowStart, java.util.Arrays.copyOf(cols, m), "test", "none");
        int[] degree = new int[n];
        for (int i = 0; i < n; i++) {
            for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                int j = cols[e];
                degree[i]++;
                if (j != i) degree[j]++;
            }
        }
        RowChunks chunks = new RowChunks(pattern, 1 << 14, 3);
        int[] expected = new int[chunks.count() + 1];
        for (int c = 0; c <= chunks.count(); c++) expected[c] = chunks.firstRow(c);
        assertArrayEquals(expected, EntryWeightedSparse.chunkRowStarts(degree));
    }
}
