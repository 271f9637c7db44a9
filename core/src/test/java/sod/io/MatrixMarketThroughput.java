package sod.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Not a test: a quick manual throughput check of the Matrix Market reader. Run with
 * {@code java -cp target/classes:target/test-classes sod.io.MatrixMarketThroughput [entries]}.
 * Generates a file of random entries in the style of scipy.io.mmwrite (17 significant digits) and
 * times a few reads.
 */
public final class MatrixMarketThroughput {
    private static final boolean SHORT = Boolean.getBoolean("short");

    private MatrixMarketThroughput() {
    }

    public static void main(String[] args) throws IOException {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path file = Files.createTempFile("sod-mm-throughput", ".mtx");
        try {
            SplittableRandom random = new SplittableRandom(1);
            int n = 100_000;
            try (BufferedWriter out = Files.newBufferedWriter(file)) {
                out.write("%%MatrixMarket matrix coordinate real general\n");
                out.write(n + " " + n + " " + entries + "\n");
                for (int k = 0; k < entries; k++) {
                    // Row-major distinct positions: entry k at (k / 10, k % 10 * 997 % n).
                    int i = k / 10;
                    int j = (k % 10) * 9973 % n;
                    double v = random.nextGaussian();
                    out.write((i + 1) + " " + (j + 1) + " " + (SHORT ? String.format("%.6e", v) : k % 2 == 0 ? String.format("%.16e", v) : Double.toString(v)) + "\n");
                }
            }
            long bytes = Files.size(file);
            for (int rep = 0; rep < 5; rep++) {
                long start = System.nanoTime();
                MatrixMarket.Coordinates m = MatrixMarket.read(file);
                double seconds = (System.nanoTime() - start) * 1e-9;
                System.out.printf("read %d entries (%.1f MB) in %.3f s: %.2f M lines/s, %.0f MB/s%n", m.nnz(),
                        bytes * 1e-6, seconds, m.nnz() / seconds * 1e-6, bytes / seconds * 1e-6);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
