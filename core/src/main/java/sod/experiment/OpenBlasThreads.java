package sod.experiment;

import sod.openblas.OpenBlas;
import sod.openblas.OpenBlasUnavailableException;

/** Sweeps run in parallel over trials, so OpenBLAS must not add threads of its own. */
final class OpenBlasThreads {
    private OpenBlasThreads() {
    }

    /**
     * OpenBLAS on one thread. Without the library there is nothing to set: plain GD never calls it,
     * and an escape that needs LAPACK reports the missing library itself.
     */
    static void one() {
        try {
            OpenBlas.setThreads(1);
        } catch (OpenBlasUnavailableException e) {
            // see above
        }
    }
}
