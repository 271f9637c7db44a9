package sod.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import sod.SodInputException;

/**
 * Reads the file {@code scipy.sparse.save_npz} writes (compressed or not) for an m x n^2 matrix whose
 * row i is vec(A_i) in row-major order, into a {@link SparseSymmetricSet}. Formats csr, csc and coo;
 * index arrays of any integer type, values of any real type (bool and integers widened). The index and
 * value arrays are streamed from the archive, never held: a csc file's n^2 + 1 column pointers cost
 * nothing. Entries may come in any order within a row, column or the whole (coo); duplicates are errors.
 */
public final class ScipySparseNpz {
    private ScipySparseNpz() {
    }

    /**
     * @param symmetrise store (A_i + A_i^T)/2 instead of requiring both triangles present and equal
     * @throws SodInputException on any malformed, inconsistent or asymmetric input (one line)
     */
    public static SparseSymmetricSet read(Path path, boolean symmetrise) {
        try (Npz npz = Npz.open(path)) {
            return SparseSetAssembler.assemble(Source.of(npz), symmetrise);
        } catch (IOException e) {
            throw new SodInputException(path + ": cannot read: " + AtomicFiles.describe(e), e);
        }
    }

    private enum Format { CSR, CSC, COO }

    private static final class Source implements SparseEntrySource {
        private final Npz npz;
        private final String file;
        private final Format format;
        private final int m;
        private final int n;
        private final long columns;

        private Source(Npz npz, Format format, int m, int n) {
            this.npz = npz;
            this.file = npz.path().toString();
            this.format = format;
            this.m = m;
            this.n = n;
            this.columns = (long) n * n;
        }

        static Source of(Npz npz) throws IOException {
            String file = npz.path().toString();
            if (!npz.contains("format") || !npz.contains("shape")) {
                throw new SodInputException(file + ": has no " + (npz.contains("format") ? "'shape'" : "'format'")
                        + " array, so it is not a sparse matrix (it holds " + npz.names()
                        + "); save the m x n^2 sensing matrix with scipy.sparse.save_npz");
            }
            String text = npz.readText("format", "the sparse format");
            Format format = switch (text.toLowerCase(Locale.ROOT)) {
                case "csr" -> Format.CSR;
                case "csc" -> Format.CSC;
                case "coo" -> Format.COO;
                default -> throw new SodInputException(file + ": holds a '" + text + "' sparse matrix; supported are csr, "
                        + "csc and coo: convert it first, e.g. scipy.sparse.save_npz(f, A.tocsr())");
            };
            long rows;
            long cols;
            try (NpyArray shape = npz.read("shape")) {
                if (!shape.elementType().isIntegral() || shape.rank() != 1 || shape.size() != 2) {
                    throw new SodInputException(shape.name() + " must hold two integers (rows, columns), not "
                            + shape.elementType().numpyName() + " of shape " + Npy.formatShape(shape.shape()));
                }
                rows = shape.elementType().getLong(shape.data(), 0);
                cols = shape.elementType().getLong(shape.data(), 1);
            }
            String matrix = "(" + rows + ", " + cols + ")";
            if (rows < 1 || rows > Integer.MAX_VALUE - 8) {
                throw new SodInputException(file + ": has shape " + matrix + "; the number of measurements m (rows) must be "
                        + "between 1 and " + (Integer.MAX_VALUE - 8));
            }
            long n = NpyArray.exactSquareRoot(cols);
            if (n < 1 || n > Integer.MAX_VALUE) {
                throw new SodInputException(file + ": has shape " + matrix + " but the sensing matrix must be m x n^2 "
                        + "(row i = vec(A_i), row-major); " + cols + " is not the square of a positive integer");
            }
            return new Source(npz, format, (int) rows, (int) n);
        }

        @Override
        public String file() {
            return file;
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
        public String where(long location) {
            return format == Format.COO ? "entry " + location + " of row, col and data"
                    : "entry " + location + " of indices and data";
        }

        @Override
        public String measurement(int i) {
            return "measurement " + i + " (row " + i + ")";
        }

        @Override
        public String entry(int i, int p, int q) {
            return "A_" + i + "[" + p + ", " + q + "] (column " + ((long) p * n + q) + ")";
        }

        @Override
        public void visit(Visitor visitor, boolean values) throws IOException {
            switch (format) {
                case CSR -> compressed(visitor, values, m, columns, "row");
                case CSC -> compressed(visitor, values, columns, m, "column");
                case COO -> coordinates(visitor, values);
            }
        }

        /**
         * csr or csc: {@code indptr} has one pointer per outer line (a row of the csr matrix, a column of
         * the csc one) plus one; {@code indices} holds the inner index of each entry.
         */
        private void compressed(Visitor visitor, boolean values, long outer, long inner, String outerName)
                throws IOException {
            String innerName = format == Format.CSR ? "column" : "row";
            try (NpyStream pointers = indexStream("indptr", "the " + outerName + " pointers");
                 NpyStream indices = indexStream("indices", "the " + innerName + " indices");
                 NpyStream data = values ? valueStream() : null) {
                try {
                    walkCompressed(visitor, pointers, indices, data, outer, inner, outerName);
                } catch (SodInputException e) {
                    throw rootCause(e, pointers, indices, data);
                }
            }
        }

        private void walkCompressed(Visitor visitor, NpyStream pointers, NpyStream indices, NpyStream data, long outer,
                                    long inner, String outerName) throws IOException {
            long nnz = indices.length();
            checkLengths(pointers, outer + 1, "one pointer per " + outerName + " plus one");
            checkSameLength(indices, data);
            long begin = pointers.nextLong();
            if (begin != 0) {
                throw new SodInputException(pointers.label() + ": indptr[0] is " + begin + " but must be 0; the file is corrupt");
            }
            for (long line = 0; line < outer; line++) {
                long end = pointers.nextLong();
                if (end < begin || end > nnz) {
                    throw new SodInputException(pointers.label() + ": indptr[" + (line + 1) + "] = " + end
                            + (end < begin ? " is less than indptr[" + line + "] = " + begin + " (pointers must not decrease)"
                                    : " exceeds the " + nnz + " entries of indices") + "; the file is corrupt");
                }
                for (long k = begin; k < end; k++) {
                    long index = indices.nextLong();
                    if (index < 0 || index >= inner) {
                        throw new SodInputException(indices.label() + ": indices[" + k + "] = " + index + " (" + outerName
                                + " " + line + ") is outside 0.." + (inner - 1) + " for shape (" + m + ", " + columns + ")");
                    }
                    long row = format == Format.CSR ? line : index;
                    long column = format == Format.CSR ? index : line;
                    deliver(visitor, data, (int) row, column, k);
                }
                begin = end;
            }
            if (begin != nnz) {
                throw new SodInputException(pointers.label() + ": indptr[" + outer + "] = " + begin + " but indices has "
                        + nnz + " entries; the file is corrupt");
            }
            finish(pointers, indices, data);
        }

        private void coordinates(Visitor visitor, boolean values) throws IOException {
            try (NpyStream rows = indexStream("row", "the row indices");
                 NpyStream cols = indexStream("col", "the column indices");
                 NpyStream data = values ? valueStream() : null) {
                try {
                    walkCoordinates(visitor, rows, cols, data);
                } catch (SodInputException e) {
                    throw rootCause(e, rows, cols, data);
                }
            }
        }

        private void walkCoordinates(Visitor visitor, NpyStream rows, NpyStream cols, NpyStream data)
                throws IOException {
            checkSameLength(rows, cols);
            checkSameLength(rows, data);
            for (long k = 0; k < rows.length(); k++) {
                long row = rows.nextLong();
                long column = cols.nextLong();
                if (row < 0 || row >= m) {
                    throw new SodInputException(rows.label() + ": row[" + k + "] = " + row + " is outside 0.." + (m - 1)
                            + " for shape (" + m + ", " + columns + ")");
                }
                if (column < 0 || column >= columns) {
                    throw new SodInputException(cols.label() + ": col[" + k + "] = " + column + " is outside 0.."
                            + (columns - 1) + " for shape (" + m + ", " + columns + ")");
                }
                deliver(visitor, data, (int) row, column, k);
            }
            finish(rows, cols, data);
        }

        private void deliver(Visitor visitor, NpyStream data, int row, long column, long k) throws IOException {
            double value = 0;
            if (data != null) {
                value = data.nextDouble();
                if (!Double.isFinite(value)) {
                    throw new SodInputException(data.label() + ": data[" + k + "] is " + value + " (" + entry(row,
                            (int) (column / n), (int) (column % n)) + "); only finite values are accepted");
                }
            }
            visitor.accept(row, (int) (column / n), (int) (column % n), value, k);
        }

        private NpyStream indexStream(String name, String what) throws IOException {
            NpyStream stream = npz.stream(name, what + " of format " + format.name().toLowerCase(Locale.ROOT), true);
            if (!stream.type().isIntegral() || stream.type() == NpyDtype.BOOL) {
                stream.close();
                throw new SodInputException(stream.label() + " has dtype " + stream.type().numpyName() + " but " + what
                        + " must be integers");
            }
            return stream;
        }

        private NpyStream valueStream() throws IOException {
            return npz.stream("data", "the values", true);
        }

        private static void checkLengths(NpyStream stream, long expected, String why) {
            if (stream.length() != expected) {
                throw new SodInputException(stream.label() + " has " + stream.length() + " elements but needs " + expected
                        + " (" + why + "); the file is corrupt");
            }
        }

        private static void checkSameLength(NpyStream first, NpyStream second) {
            if (second != null && second.length() != first.length()) {
                throw new SodInputException(second.label() + " has " + second.length() + " elements but "
                        + first.label() + " has " + first.length() + "; they must match, one per stored entry");
            }
        }

        /** Damage found by a CRC explains a strange index or value better than the value itself. */
        private static SodInputException rootCause(SodInputException problem, NpyStream... streams) {
            for (NpyStream stream : streams) {
                if (stream != null) {
                    SodInputException cause = stream.rootCause(problem);
                    if (cause != problem) {
                        return cause;
                    }
                }
            }
            return problem;
        }

        private static void finish(NpyStream a, NpyStream b, NpyStream c) throws IOException {
            a.finish();
            b.finish();
            if (c != null) {
                c.finish();
            }
        }
    }
}
