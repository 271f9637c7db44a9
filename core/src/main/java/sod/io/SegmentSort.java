package sod.io;

/**
 * Sorts a range of parallel (row, col, value) arrays by (row, col) in place, allocating nothing: the
 * assembler sorts one measurement at a time, millions of times, mostly a dozen entries each. An
 * already sorted range costs one comparison per entry, a short one an insertion sort, a long one a
 * heapsort (O(k log k) whatever the input).
 */
final class SegmentSort {
    private static final int INSERTION_LIMIT = 24;

    private SegmentSort() {
    }

    static void sort(int[] row, int[] col, double[] value, int from, int to) {
        boolean sorted = true;
        for (int k = from + 1; k < to && sorted; k++) {
            sorted = compare(row, col, k - 1, k) <= 0;
        }
        if (sorted) {
            return;
        }
        if (to - from <= INSERTION_LIMIT) {
            insertion(row, col, value, from, to);
        } else {
            heap(row, col, value, from, to);
        }
    }

    private static void insertion(int[] row, int[] col, double[] value, int from, int to) {
        for (int k = from + 1; k < to; k++) {
            int r = row[k];
            int c = col[k];
            double v = value[k];
            int j = k - 1;
            while (j >= from && (row[j] > r || (row[j] == r && col[j] > c))) {
                row[j + 1] = row[j];
                col[j + 1] = col[j];
                value[j + 1] = value[j];
                j--;
            }
            row[j + 1] = r;
            col[j + 1] = c;
            value[j + 1] = v;
        }
    }

    private static void heap(int[] row, int[] col, double[] value, int from, int to) {
        int size = to - from;
        for (int root = size / 2 - 1; root >= 0; root--) {
            siftDown(row, col, value, from, root, size);
        }
        for (int end = size - 1; end > 0; end--) {
            swap(row, col, value, from, from + end);
            siftDown(row, col, value, from, 0, end);
        }
    }

    private static void siftDown(int[] row, int[] col, double[] value, int base, int root, int size) {
        while (true) {
            int child = 2 * root + 1;
            if (child >= size) {
                return;
            }
            if (child + 1 < size && compare(row, col, base + child, base + child + 1) < 0) {
                child++;
            }
            if (compare(row, col, base + root, base + child) >= 0) {
                return;
            }
            swap(row, col, value, base + root, base + child);
            root = child;
        }
    }

    static int compare(int[] row, int[] col, int a, int b) {
        int byRow = Integer.compare(row[a], row[b]);
        return byRow != 0 ? byRow : Integer.compare(col[a], col[b]);
    }

    private static void swap(int[] row, int[] col, double[] value, int a, int b) {
        int r = row[a];
        row[a] = row[b];
        row[b] = r;
        int c = col[a];
        col[a] = col[b];
        col[b] = c;
        double v = value[a];
        value[a] = value[b];
        value[b] = v;
    }
}
