package sod.io;

import java.io.IOException;
import java.nio.file.Path;

import sod.SodInputException;

/**
 * Reads an m x n^2 Matrix Market coordinate file ("general"; row i = vec(A_i) in row-major order,
 * both triangles of each A_i present and equal, or averaged with {@code symmetrise}) into a
 * {@link SparseSymmetricSet}. The text is parsed twice, streaming (count, then fill), rather than
 * kept; every message has the 1-based line and the file's 1-based row and column.
 */
public final class MatrixMarketSensing {
    private MatrixMarketSensing() {
    }

    /**
     * @param symmetrise store (A_i + A_i^T)/2 instead of requiring equal mirrored entries
     * @throws SodInputException on any malformed or asymmetric input (one line)
     */
    public static SparseSymmetricSet read(Path path, boolean symmetrise) {
        MatrixMarketParser.Header header = MatrixMarketParser.parse(path, MatrixMarketParser::readHeader);
        Source source = new Source(path, header);
        try {
            return SparseSetAssembler.assemble(source, symmetrise);
        } catch (IOException e) {
            throw new SodInputException(path + ": cannot read Matrix Market file: " + AtomicFiles.describe(e), e);
        }
    }

    private static final class Source implements SparseEntrySource {
        private final Path path;
        private final int m;
        private final int n;

        Source(Path path, MatrixMarketParser.Header header) {
            String size = header.rows() + " x " + header.cols();
            if (header.symmetric()) {
                throw MatrixMarket.failAt(path, 1, "is 'symmetric', but a sensing matrix file (m x n^2, row i = vec(A_i)) "
                        + "must be 'general'; write it with scipy.io.mmwrite(f, A, symmetry='general')");
            }
            if (header.rows() < 1 || header.rows() > Integer.MAX_VALUE - 8) {
                throw MatrixMarket.failAt(path, header.sizeLine(), "declares a " + size + " matrix; the number of "
                        + "measurements m (rows) must be between 1 and " + (Integer.MAX_VALUE - 8));
            }
            long root = NpyArray.exactSquareRoot(header.cols());
            if (root < 1 || root > Integer.MAX_VALUE) {
                throw MatrixMarket.failAt(path, header.sizeLine(), "declares a " + size + " matrix, but the sensing matrix "
                        + "must be m x n^2 (row i = vec(A_i), row-major); " + header.cols()
                        + " is not the square of a positive integer");
            }
            this.path = path;
            this.m = (int) header.rows();
            this.n = (int) root;
        }

        @Override
        public String file() {
            return path.toString();
        }

        @Override
        public int m() {
            return m;
        }

        @Override
        public int n() {
            return n;
        }

        @Override
        public void visit(Visitor visitor, boolean values) throws IOException {
            MatrixMarketParser.parse(path, parser -> {
                parser.readHeader();
                while (parser.nextEntry()) {
                    long column = parser.col();
                    visitor.accept((int) parser.row(), (int) (column / n), (int) (column % n), parser.value(),
                            parser.line());
                }
                return null;
            });
        }

        @Override
        public String where(long location) {
            return "line " + location;
        }

        @Override
        public String measurement(int i) {
            return "the matrix in row " + (i + 1);
        }

        @Override
        public String entry(int i, int p, int q) {
            return "A[" + (p + 1) + ", " + (q + 1) + "] (row " + (i + 1) + ", column " + ((long) p * n + q + 1) + ", 1-based)";
        }
    }
}
