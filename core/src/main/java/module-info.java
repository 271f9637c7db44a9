/**
 * sod: recovery of a low-rank PSD matrix {@code M* = Z Z^T} from linear measurements
 * {@code b_i = <A_i, M*>} by local optimisation of {@code h(X) = 1/2 ||A(X X^T) - b||^2}, with
 * deterministic escapes from spurious local minima (SOD, the Simulated Oracle Direction).
 *
 * <p>Start with {@link sod.solver.Solver} and {@link sod.solver.SolverConfig}: a
 * {@link sod.problems.Problem} (a built-in one from {@link sod.problems.BuiltInProblems}, or one made
 * from files with {@link sod.problems.ProblemFiles}) is solved into a {@link sod.solver.Result} whose
 * status says what happened. The packages:
 * <ul>
 *   <li>{@link sod.operators}: what a measurement is ({@link sod.operators.SensingOperator}: dense,
 *       sparse, entry-weighted completion, rank-one);</li>
 *   <li>{@link sod.solver}: the solver, its configuration and results, the SOD escape, batched solving
 *       ({@link sod.solver.BatchSolver}); {@link sod.solver.local} the local methods (step rules: fixed and
 *       Armijo gradient steps, Levenberg-Marquardt, a Newton trust region), {@link sod.solver.stall} the
 *       stall rules, {@link sod.solver.spectral} the smallest-eigenpair solvers;</li>
 *   <li>{@link sod.problems}: built-in problems and problems from NumPy/SciPy/Matrix Market files;</li>
 *   <li>{@link sod.io}: the file formats ({@code .npy}, {@code .npz}, {@code scipy.sparse.save_npz},
 *       Matrix Market);</li>
 *   <li>{@link sod.experiment}: sweeps of many trials and their tables;</li>
 *   <li>{@link sod.openblas}: the OpenBLAS/LAPACK binding through the Foreign Function &amp; Memory API.</li>
 * </ul>
 * The vector kernels ({@code sod.kernels}) are internal.
 *
 * <p>Every JVM that runs sod needs {@code --add-modules jdk.incubator.vector} and
 * {@code --enable-native-access=ALL-UNNAMED} (on the module path: {@code --enable-native-access=sod.core}).
 */
module sod.core {
    requires jdk.incubator.vector;
    requires java.management;
    requires jdk.management;

    exports sod;
    exports sod.experiment;
    exports sod.io;
    exports sod.openblas;
    exports sod.operators;
    exports sod.problems;
    exports sod.solver;
    exports sod.solver.local;
    exports sod.solver.spectral;
    exports sod.solver.stall;
}
