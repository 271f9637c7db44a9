package sod.openblas;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** Downcall handles into LAPACKE (32-bit lapack_int). Touch only after {@link OpenBlas#require()}. */
final class Lapack {
    private Lapack() {}

    static final int COL_MAJOR = 102;

    /**
     * lapack_int LAPACKE_dsyevr_work(int layout, char jobz, char range, char uplo, lapack_int n, double* a,
     * lapack_int lda, double vl, double vu, lapack_int il, lapack_int iu, double abstol, lapack_int* m,
     * double* w, double* z, lapack_int ldz, lapack_int* isuppz, double* work, lapack_int lwork,
     * lapack_int* iwork, lapack_int liwork). Not linked "critical": it runs for milliseconds.
     */
    static final MethodHandle DSYEVR_WORK = OpenBlas.downcall("LAPACKE_dsyevr_work", FunctionDescriptor.of(JAVA_INT,
            JAVA_INT, JAVA_BYTE, JAVA_BYTE, JAVA_BYTE, JAVA_INT, ADDRESS,
            JAVA_INT, JAVA_DOUBLE, JAVA_DOUBLE, JAVA_INT, JAVA_INT, JAVA_DOUBLE, ADDRESS,
            ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT,
            ADDRESS, JAVA_INT));

    /**
     * The symmetric linear solves, in their own holder so that a library lacking one of them still
     * serves the eigensolver above. All are the {@code _work} variants (LAPACKE's high-level ones
     * malloc per call) and are called column-major, where LAPACKE passes straight through to Fortran.
     */
    static final class Solve {
        private Solve() {}

        /** lapack_int LAPACKE_dpotrf_work(int layout, char uplo, lapack_int n, double* a, lapack_int lda). */
        static final MethodHandle DPOTRF_WORK = OpenBlas.downcall("LAPACKE_dpotrf_work",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_BYTE, JAVA_INT, ADDRESS, JAVA_INT));

        /**
         * lapack_int LAPACKE_dpotrs_work(int layout, char uplo, lapack_int n, lapack_int nrhs,
         * const double* a, lapack_int lda, double* b, lapack_int ldb).
         */
        static final MethodHandle DPOTRS_WORK = OpenBlas.downcall("LAPACKE_dpotrs_work",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_BYTE, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));

        /**
         * lapack_int LAPACKE_dsysv_work(int layout, char uplo, lapack_int n, lapack_int nrhs, double* a,
         * lapack_int lda, lapack_int* ipiv, double* b, lapack_int ldb, double* work, lapack_int lwork).
         */
        static final MethodHandle DSYSV_WORK = OpenBlas.downcall("LAPACKE_dsysv_work",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_BYTE, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS,
                        ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
    }
}
