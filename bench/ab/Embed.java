import sod.problems.*;
import sod.solver.*;
/**
 * A/B driver (see PmcLoop): EmbeddingBenchmark's warm reused Solver solving its small problem (gaussian or
 * pmc) to convergence REPS times after REPS warm-up solves; prints the mean time and the bytes the thread
 * allocated per solve (ThreadMXBean). Reaches EmbeddingBenchmark's package-private set-up by reflection, so
 * run with --add-opens sod.bench/sod.bench=ALL-UNNAMED: java ... -cp JAR:DIR Embed gaussian|pmc REPS
 */
public class Embed {
    public static void main(String[] a) throws Exception {
        String name = a[0]; int reps = Integer.parseInt(a[1]);
        java.lang.reflect.Method cfg = Class.forName("sod.bench.EmbeddingBenchmark").getDeclaredMethod("config", String.class);
        java.lang.reflect.Method cr = Class.forName("sod.bench.EmbeddingBenchmark").getDeclaredMethod("create", String.class);
        java.lang.reflect.Method st = Class.forName("sod.bench.EmbeddingBenchmark").getDeclaredMethod("start", String.class, int.class);
        cfg.setAccessible(true); cr.setAccessible(true); st.setAccessible(true);
        Problem p = (Problem) cr.invoke(null, name);
        Solver s = new Solver((SolverConfig) cfg.invoke(null, name), p);
        double[] x0 = (double[]) st.invoke(null, name, p.n() * p.rank());
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        double sink = 0;
        for (int k = 0; k < reps; k++) sink += s.solve(p, x0).h();
        long b0 = mx.getThreadAllocatedBytes(tid), t0 = System.nanoTime();
        for (int k = 0; k < reps; k++) sink += s.solve(p, x0).h();
        long b1 = mx.getThreadAllocatedBytes(tid), t1 = System.nanoTime();
        System.out.printf("%s: %.1f us per solve, %d B per solve (%s)%n", name, (t1 - t0) / 1e3 / reps, (b1 - b0) / reps, sink > 0);
    }
}
