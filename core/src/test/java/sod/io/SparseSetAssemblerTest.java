package sod.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static sod.io.IoFixtures.EXACT;
import static sod.io.IoFixtures.assertOneLineError;
import static sod.testing.Assertions.assertClose;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The assembler on random matrices delivered in random order by an in-memory source (long segments
 * reach the heapsort; some positions only in one triangle), against dense stacks built directly.
 */
class SparseSetAssemblerTest {
    /** An m x n^2 matrix as a list of (i, p, q, value), delivered in list order. */
    private record ListSource(int m, int n, List<double[]> entries) implements SparseEntrySource {
        @Override
        public String file() {
            return "memory.npz";
        }

        @Override
        public void visit(Visitor visitor, boolean values) {
            for (int k = 0; k < entries.size(); k++) {
                double[] e = entries.get(k);
                visitor.accept((int) e[0], (int) e[1], (int) e[2], values ? e[3] : 0, k);
            }
        }

        @Override
        public String where(long location) {
            return "item " + location;
        }

        @Override
        public String measurement(int i) {
            return "measurement " + i;
        }

        @Override
        public String entry(int i, int p, int q) {
            return "A_" + i + "[" + p + ", " + q + "]";
        }
    }

    private static double[] dense(SparseSymmetricSet set) {
        int n = set.n();
        double[] out = new double[set.m() * n * n];
        for (int i = 0; i < set.m(); i++) {
            for (long k = set.start()[i]; k < set.start()[i + 1]; k++) {
                int e = (int) k;
                out[i * n * n + set.row()[e] * n + set.col()[e]] = set.value()[e];
                out[i * n * n + set.col()[e] * n + set.row()[e]] = set.value()[e];
            }
        }
        return out;
    }

    /**
     * Random sparse matrices (density high enough for segments of 50+ entries); {@code mode} 0 stores
     * both triangles equal, 1 perturbs them, 2 drops one side of some pairs.
     */
    private static ListSource random(long seed, int m, int n, int mode, double[] stack) {
        SplittableRandom random = new SplittableRandom(seed);
        List<double[]> entries = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < n; p++) {
                for (int q = p; q < n; q++) {
                    if (random.nextDouble() > 0.6) {
                        continue;
                    }
                    double v = random.nextDouble() * 4 - 2;
                    double mirror = mode == 1 ? v + random.nextDouble() - 0.5 : v;
                    boolean upper = true;
                    boolean lower = p != q;
                    if (mode == 2 && p != q && random.nextBoolean()) {
                        upper = random.nextBoolean();
                        lower = !upper;
                    }
                    if (upper) {
                        entries.add(new double[] {i, p, q, v});
                        stack[i * n * n + p * n + q] += v;
                        stack[i * n * n + q * n + p] += p == q ? 0 : v;
                    }
                    if (lower) {
                        entries.add(new double[] {i, q, p, mirror});
                        stack[i * n * n + q * n + p] += mirror;
                        stack[i * n * n + p * n + q] += mirror;
                    }
                }
            }
        }
        Collections.shuffle(entries, new Random(seed));
        return new ListSource(m, n, entries);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void randomOrderAndLongSegmentsAssembleToTheDenseStack(int mode) throws IOException {
        int m = 9;
        int n = 13;
        for (long seed = 1; seed <= 4; seed++) {
            double[] sum = new double[m * n * n]; // A + A^T, with the diagonal counted once
            ListSource source = random(seed, m, n, mode, sum);
            double[] want = new double[sum.length];
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < n; p++) {
                    for (int q = 0; q < n; q++) {
                        int at = i * n * n + p * n + q;
                        want[at] = p == q ? sum[at] : 0.5 * sum[at];
                    }
                }
            }
            SparseSymmetricSet averaged = SparseSetAssembler.assemble(source, true);
            assertClose(want, dense(averaged), EXACT, "symmetrised, mode " + mode + " seed " + seed);
            if (mode == 0) {
                SparseSymmetricSet strict = SparseSetAssembler.assemble(source, false);
                assertClose(want, dense(strict), EXACT, "strict, seed " + seed);
                assertArrayEquals(averaged.start(), strict.start());
            } else {
                assertOneLineError(() -> SparseSetAssembler.assemble(source, false), "memory.npz", "is not symmetric");
            }
        }
    }

    @Test
    void segmentSortAgreesWithAComparatorSort() {
        SplittableRandom random = new SplittableRandom(7);
        for (int length : new int[] {0, 1, 2, 5, 24, 25, 26, 100, 1000}) {
            int[] row = new int[length + 6];
            int[] col = new int[length + 6];
            double[] value = new double[length + 6];
            List<double[]> reference = new ArrayList<>();
            for (int k = 0; k < row.length; k++) {
                row[k] = random.nextInt(30);
                col[k] = random.nextInt(30);
                value[k] = k;
                if (k >= 3 && k < 3 + length) {
                    reference.add(new double[] {row[k], col[k], value[k]});
                }
            }
            int[] before = {row[0], row[1], row[2], row[length + 3], row[length + 4], row[length + 5]};
            reference.sort(Comparator.<double[]>comparingDouble(e -> e[0]).thenComparingDouble(e -> e[1]));
            SegmentSort.sort(row, col, value, 3, 3 + length);
            for (int k = 0; k < length; k++) {
                assertEquals(reference.get(k)[0], row[3 + k], "row at " + k + " of " + length);
                assertEquals(reference.get(k)[1], col[3 + k], "col at " + k + " of " + length);
                // The value travelled with its key (keys may repeat, so check the pairing, not the order).
                double carried = value[3 + k];
                assertEquals(row[3 + k], (int) reference.stream().filter(e -> e[2] == carried).findFirst()
                        .orElseThrow()[0]);
            }
            assertArrayEquals(before, new int[] {row[0], row[1], row[2], row[length + 3], row[length + 4],
                    row[length + 5]}, "outside the range nothing moves");
        }
    }

    @Test
    void theRecordChecksItsInvariants() {
        long[] start = {0, 2};
        assertEquals(2, new SparseSymmetricSet(3, 1, start, new int[] {0, 1}, new int[] {2, 1}, new double[] {1, 2}).nnz());
        assertThrows(IllegalArgumentException.class,
                () -> new SparseSymmetricSet(3, 1, start, new int[] {1, 0}, new int[] {1, 2}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class,
                () -> new SparseSymmetricSet(3, 1, start, new int[] {0, 0}, new int[] {2, 2}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class,
                () -> new SparseSymmetricSet(3, 1, start, new int[] {2, 0}, new int[] {1, 2}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class,
                () -> new SparseSymmetricSet(3, 1, start, new int[] {0, 1}, new int[] {2, 3}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class,
                () -> new SparseSymmetricSet(3, 1, start, new int[] {0, 1}, new int[] {2, 1}, new double[] {1, Double.NaN}));
        assertThrows(IllegalArgumentException.class,
                () -> new SparseSymmetricSet(3, 2, start, new int[] {0, 1}, new int[] {2, 1}, new double[] {1, 2}));
    }

    @Test
    void negligibleEntriesWithoutAMirrorPassTheStrictCheck() throws IOException {
        // Below 1e-12 of the largest entry: (A + A^T)/2 keeps half of it (upper) or drops it (lower).
        ListSource source = new ListSource(1, 3, List.of(new double[] {0, 0, 0, 1.0}, new double[] {0, 0, 1, 1e-14},
                new double[] {0, 2, 0, 1e-14}));
        SparseSymmetricSet set = SparseSetAssembler.assemble(source, false);
        assertArrayEquals(new int[] {0, 0}, set.row());
        assertArrayEquals(new int[] {0, 1}, set.col());
        assertClose(new double[] {1.0, 0.5e-14}, set.value(), EXACT, "values");
        ListSource big = new ListSource(1, 3, List.of(new double[] {0, 0, 0, 1.0}, new double[] {0, 2, 0, 1e-9}));
        assertOneLineError(() -> SparseSetAssembler.assemble(big, false), "memory.npz",
                "A_0[2, 0] = 1.0E-9 (item 1) but A_0[0, 2] = 0 (not stored)");
    }

    @Test
    void aFileThatChangesBetweenPassesIsRefused() {
        List<double[]> entries = new ArrayList<>(List.of(new double[] {0, 0, 0, 1.0}, new double[] {0, 1, 1, 2.0}));
        ListSource source = new ListSource(1, 2, entries);
        SparseEntrySource growing = new SparseEntrySource() {
            private int passes;

            @Override
            public String file() {
                return source.file();
            }

            @Override
            public int m() {
                return 1;
            }

            @Override
            public int n() {
                return 2;
            }

            @Override
            public void visit(Visitor visitor, boolean values) {
                if (passes++ == 1) {
                    entries.add(new double[] {0, 0, 1, 3.0});
                }
                source.visit(visitor, values);
            }

            @Override
            public String where(long location) {
                return source.where(location);
            }

            @Override
            public String measurement(int i) {
                return source.measurement(i);
            }

            @Override
            public String entry(int i, int p, int q) {
                return source.entry(i, p, q);
            }
        };
        assertOneLineError(() -> SparseSetAssembler.assemble(growing, false), "memory.npz", "changed while being read");
    }
}
