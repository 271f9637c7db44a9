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
}
