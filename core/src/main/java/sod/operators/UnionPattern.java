package sod.operators;

import java.util.Arrays;
import sod.io.SparseSymmetricSet;

/** The union pattern of a set of sparse symmetric matrices, for {@link SparseSymmetricOperator}. */
final class UnionPattern {
    private UnionPattern() {
    }

    /**
     * The pattern of every position used by some A_i (upper CSR, columns ascending), and {@code slot[e]},
     * the position of entry e. Entries are bucketed by row (a counting sort, 4 bytes per entry of scratch),
     * then each row's distinct columns are sorted: O(nnz + positions log(row length)), no global sort.
     */
    static SymmetricPattern of(SparseSymmetricSet set, int[] slot, String what) {
        int n = set.n();
        int[] row = set.row(), col = set.col();
        int nnz = row.length;
        int[] rowFirst = new int[n + 1];
        for (int r : row) rowFirst[r + 1]++;
        for (int p = 0; p < n; p++) rowFirst[p + 1] += rowFirst[p];
        int[] byRow = new int[nnz];
        int[] fill = Arrays.copyOf(rowFirst, n);
        for (int e = 0; e < nnz; e++) byRow[fill[row[e]]++] = e;

        int[] upperStart = new int[n + 1];
        int[] cols = new int[Math.min(nnz, 1 << 16)];
        int[] seenInRow = new int[n];
        Arrays.fill(seenInRow, -1);
        int[] position = new int[n];
        int[] distinct = new int[16];
        int positions = 0;
        for (int p = 0; p < n; p++) {
            int count = 0;
            for (int k = rowFirst[p]; k < rowFirst[p + 1]; k++) {
                int q = col[byRow[k]];
                if (seenInRow[q] == p) continue;
                seenInRow[q] = p;
                if (count == distinct.length) distinct = Arrays.copyOf(distinct, 2 * count);
                distinct[count++] = q;
            }
            Arrays.sort(distinct, 0, count);
            if (positions + count > cols.length) cols = Arrays.copyOf(cols, Math.max(positions + count, Math.min(nnz, 2 * cols.length)));
            for (int c = 0; c < count; c++) {
                cols[positions + c] = distinct[c];
                position[distinct[c]] = positions + c;
            }
            for (int k = rowFirst[p]; k < rowFirst[p + 1]; k++) {
                int e = byRow[k];
                slot[e] = position[col[e]];
            }
            positions += count;
            upperStart[p + 1] = positions;
        }
        return SymmetricPattern.fromUpperCsr(n, upperStart, Arrays.copyOf(cols, positions), what, "SparseSymmetricSet");
    }
}
