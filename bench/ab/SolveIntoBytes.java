import sod.problems.*;
import sod.solver.*;
/**
 * A/B driver (see PmcLoop): EmbeddingBenchmark's warm reused Solver, REPS solves through solveInto and REPS
 * through solve after 2 x REPS warm-up solves; prints the time per solve and the bytes the thread allocated
 * per solve (ThreadMXBean) for each. Needs a jar with Solver.solveInto, so compile it on its own
 * (javac -cp JAR -d DIR bench/ab/SolveIntoBytes.java) when the other drivers build against an older jar. Run with
 * --add-opens sod.bench/sod.bench=ALL-UNNAMED: java ... -cp JAR:DIR SolveIntoBytes gaussian|pmc REPS
 */
public class SolveIntoBytes {
    public static void main(String[] a) throws Exception {
        String name = a[0]; int reps = Integer.parseInt(a[1]);
        Class<?> eb = Class.forName("sod.bench.EmbeddingBenchmark");
        java.lang.reflect.Method cfg = eb.getDeclaredMethod("config", String.class), cr = eb.getDeclaredMethod("create", String.class), st = eb.getDeclaredMethod("start", String.class, int.class);
        cfg.setAccessible(true); cr.setAccessible(true); st.setAccessible(true);
        Problem p = (Problem) cr.invoke(null, name);
        Solver s = new Solver((SolverConfig) cfg.invoke(null, name), p);
        double[] x0 = (double[]) st.invoke(null, name, p.n() * p.rank()), out = new double[x0.length];
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        double sink = 0;
        for (int k = 0; k < reps; k++) { s.solveInto(p, x0, Listener.NONE, out); sink += out[0]; }
        for (int k = 0; k < reps; k++) sink += s.solve(p, x0).h();
        long b0 = mx.getThreadAllocatedBytes(tid), t0 = System.nanoTime();
        for (int k = 0; k < reps; k++) { s.solveInto(p, x0, Listener.NONE, out); sink += out[0]; }
        long b1 = mx.getThreadAllocatedBytes(tid), t1 = System.nanoTime();
        for (int k = 0; k < reps; k++) sink += s.solve(p, x0).h();
        long b2 = mx.getThreadAllocatedBytes(tid), t2 = System.nanoTime();
        System.out.printf("%s: solveInto %.1f us, %d B per solve; solve %.1f us, %d B per solve; %s escapes %d iters %d (%s)%n", name, (t1 - t0) / 1e3 / reps, (b1 - b0) / reps,
            (t2 - t1) / 1e3 / reps, (b2 - b1) / reps, s.lastRun().status(), s.lastRun().escapes().size(), s.lastRun().iterations(), sink != 0);
    }
}
