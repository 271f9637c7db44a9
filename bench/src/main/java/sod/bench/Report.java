package sod.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import sod.kernels.Kernels;
import sod.kernels.VectorShapes;
import sod.openblas.OpenBlas;

/**
 * Turns JMH's {@code -rf json} output (plus the NumPy timings and the sweep wall time that
 * {@code scripts/bench} records beside it) into {@code bench/RESULTS.md}: the machine, then one table
 * per group with medians over all measured iterations, JMH's 99.9% error, the ratios that matter and
 * the command that reproduces each row. Run by {@code scripts/bench}; arguments:
 * {@code --jmh FILE [--jmh FILE]... --out FILE [--numpy FILE]... [--sweep FILE] [--profile NAME] [--args TEXT]};
 * with several JMH files a later result replaces an earlier one of the same benchmark and parameters.
 * Sections marked hand-written at the end of the existing file are kept. One class because the report is
 * one document: each group's table is a few lines of the one renderer over the one parsed result set
 * (about 20 groups), and splitting it per group would spread the shared formatting over many files.
 */
public final class Report {

    /** One JMH result: a benchmark method with one parameter combination. */
    record Row(String clazz, String method, Map<String, String> params, double median, double error, String unit,
               double bytesPerOp) {
        /** Median in seconds. */
        double seconds() {
            return median * unitSeconds(unit);
        }

        double errorSeconds() {
            return error * unitSeconds(unit);
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<Map<String, Object>> numpy = new ArrayList<>();
    private Map<String, Object> sweep;
    private String profile = "quick";
    private String jmhArgs = "";
    private final StringBuilder md = new StringBuilder();
    private final List<String[]> headlines = new ArrayList<>();

    public static void main(String[] args) throws IOException {
        Report report = new Report();
        List<Path> jmh = new ArrayList<>();
        Path out = null;
        for (int a = 0; a < args.length; a++) {
            switch (args[a]) {
                case "--jmh" -> jmh.add(Path.of(args[++a]));
                case "--out" -> out = Path.of(args[++a]);
                case "--numpy" -> report.readNumpy(Path.of(args[++a]));
                case "--sweep" -> report.readSweep(Path.of(args[++a]));
                case "--profile" -> report.profile = args[++a];
                case "--args" -> report.jmhArgs = args[++a];
                default -> throw new IllegalArgumentException("unknown argument " + args[a]);
            }
        }
        if (jmh.isEmpty() || out == null) throw new IllegalArgumentException("usage: Report --jmh FILE... --out FILE ...");
        for (Path file : jmh) report.readJmh(file);
        Files.writeString(out, report.render() + handWritten(out));
        System.err.println("sod: wrote " + out);
    }

    /** Marks a section of RESULTS.md written by hand (measurements no benchmark here regenerates). */
    static final String HAND_WRITTEN = "(hand-written section";

    /**
     * The hand-written sections at the end of the existing report, from the first heading that says it
     * is one ({@value #HAND_WRITTEN}): kept when the report is generated again, not thrown away.
     */
    static String handWritten(Path out) throws IOException {
        if (!Files.isRegularFile(out)) return "";
        String old = Files.readString(out);
        for (int line = 0; line < old.length(); line = old.indexOf('\n', line) + 1) {
            int end = old.indexOf('\n', line);
            String text = old.substring(line, end < 0 ? old.length() : end);
            if (text.startsWith("## ") && text.contains(HAND_WRITTEN)) return "\n" + old.substring(line);
            if (end < 0) break;
        }
        return "";
    }

    // ---------------------------------------------------------------------------------------- input

    @SuppressWarnings("unchecked")
    private void readJmh(Path file) throws IOException {
        // a later file's result replaces an earlier one with the same benchmark and parameters
        List<Object> results = (List<Object>) Json.parse(Files.readString(file));
        for (Object o : results) {
            Map<String, Object> r = (Map<String, Object>) o;
            String full = (String) r.get("benchmark");
            int dot = full.lastIndexOf('.');
            String method = full.substring(dot + 1);
            String clazz = full.substring(full.lastIndexOf('.', dot - 1) + 1, dot);
            Map<String, String> params = new TreeMap<>();
            Map<String, Object> p = (Map<String, Object>) r.get("params");
            if (p != null) p.forEach((k, v) -> params.put(k, String.valueOf(v)));
            Map<String, Object> primary = (Map<String, Object>) r.get("primaryMetric");
            List<Double> raw = new ArrayList<>();
            if (primary.get("rawData") != null) {
                for (Object fork : (List<Object>) primary.get("rawData"))
                    for (Object v : (List<Object>) fork) raw.add((Double) v);
            } else { // sample-time benchmarks: per fork and iteration, [value, count] pairs
                for (Object fork : (List<Object>) primary.get("rawDataHistogram"))
                    for (Object iteration : (List<Object>) fork)
                        for (Object pair : (List<Object>) iteration) {
                            List<Object> vc = (List<Object>) pair;
                            for (long c = 0; c < ((Number) vc.get(1)).longValue(); c++) raw.add(((Number) vc.get(0)).doubleValue());
                        }
            }
            double error = primary.get("scoreError") instanceof Double d ? d : Double.NaN;
            double bytes = Double.NaN;
            Map<String, Object> secondary = (Map<String, Object>) r.get("secondaryMetrics");
            if (secondary != null) {
                for (Map.Entry<String, Object> e : secondary.entrySet())
                    if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                        // the median over measurement iterations, as for the time: one iteration in which
                        // the JVM or JMH allocated 100 KB of its own would otherwise set a loop's B/op
                        Map<String, Object> norm = (Map<String, Object>) e.getValue();
                        List<Double> perIteration = new ArrayList<>();
                        if (norm.get("rawData") instanceof List<?> forks)
                            for (Object fork : forks)
                                for (Object v : (List<Object>) fork) perIteration.add(((Number) v).doubleValue());
                        bytes = perIteration.isEmpty() ? (Double) norm.get("score") : median(perIteration);
                    }
            }
            rows.removeIf(old -> old.clazz.equals(clazz) && old.method.equals(method) && old.params.equals(params));
            rows.add(new Row(clazz, method, params, median(raw), error, (String) primary.get("scoreUnit"), bytes));
        }
    }

    @SuppressWarnings("unchecked")
    private void readNumpy(Path file) throws IOException {
        if (!Files.exists(file)) return;
        for (String line : Files.readAllLines(file))
            if (line.startsWith("{")) numpy.add((Map<String, Object>) Json.parse(line));
    }

    @SuppressWarnings("unchecked")
    private void readSweep(Path file) throws IOException {
        if (Files.exists(file)) sweep = (Map<String, Object>) Json.parse(Files.readString(file));
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) return Double.NaN;
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int k = v.length / 2;
        return v.length % 2 == 1 ? v[k] : 0.5 * (v[k - 1] + v[k]);
    }

    static double unitSeconds(String unit) {
        return switch (unit) {
            case "s/op" -> 1;
            case "ms/op" -> 1e-3;
            case "us/op" -> 1e-6;
            case "ns/op" -> 1e-9;
            default -> throw new IllegalArgumentException("unexpected JMH unit " + unit);
        };
    }

    private Row find(String clazz, String method, String... keyValues) {
        outer:
        for (Row r : rows) {
            if (!r.clazz.equals(clazz) || !r.method.equals(method)) continue;
            for (int k = 0; k < keyValues.length; k += 2)
                if (!keyValues[k + 1].equals(r.params.get(keyValues[k]))) continue outer;
            return r;
        }
        return null;
    }

    private List<String> paramValues(String clazz, String param) {
        List<String> values = new ArrayList<>();
        for (Row r : rows)
            if (r.clazz.equals(clazz) && r.params.containsKey(param) && !values.contains(r.params.get(param)))
                values.add(r.params.get(param));
        return values;
    }

    private boolean has(String clazz) {
        return rows.stream().anyMatch(r -> r.clazz.equals(clazz));
    }

    // ------------------------------------------------------------------------------------ formatting

    static String time(double seconds) {
        if (!Double.isFinite(seconds)) return "–";
        double a = Math.abs(seconds);
        if (a >= 1) return fmt(seconds, "s");
        if (a >= 1e-3) return fmt(seconds * 1e3, "ms");
        if (a >= 1e-6) return fmt(seconds * 1e6, "µs");
        return fmt(seconds * 1e9, "ns");
    }

    private static String fmt(double v, String unit) {
        double a = Math.abs(v);
        String f = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, f, v) + " " + unit;
    }

    static String ratio(double r) {
        if (!Double.isFinite(r)) return "–";
        return String.format(Locale.ROOT, r >= 100 ? "%.0fx" : r >= 10 ? "%.1fx" : "%.2fx", r);
    }

    static String pct(double f) {
        return Double.isFinite(f) ? String.format(Locale.ROOT, "%.0f%%", 100 * f) : "–";
    }

    static String gbps(double bytes, double seconds) {
        return Double.isFinite(bytes) && seconds > 0 ? String.format(Locale.ROOT, "%.1f", bytes / seconds / 1e9) : "–";
    }

    static String bytesOp(Row r) {
        if (r == null || !Double.isFinite(r.bytesPerOp)) return "–";
        return r.bytesPerOp < 10 ? String.format(Locale.ROOT, "%.1f", r.bytesPerOp) : String.format(Locale.ROOT, "%.0f", r.bytesPerOp);
    }

    static String err(Row r) {
        if (r == null || !Double.isFinite(r.errorSeconds())) return "–";
        return "± " + time(r.errorSeconds());
    }

    private static String cmd(String filter, String params) {
        return "`scripts/bench '" + filter + "'" + (params.isEmpty() ? "" : " -- " + params) + "`";
    }

    private void table(String... header) {
        md.append("\n| ").append(String.join(" | ", header)).append(" |\n|");
        for (String h : header) md.append("---|");
        md.append('\n');
    }

    private void line(Object... cells) {
        md.append("| ");
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) md.append(" | ");
            md.append(cells[c]);
        }
        md.append(" |\n");
    }

    private void headline(String target, String measured, boolean met) {
        headlines.add(new String[] {target, measured, met ? "met" : "**missed**"});
    }

    // ---------------------------------------------------------------------------------------- render

    String render() {
        StringBuilder body = md;
        kernels();
        packed();
        iterations();
        numpyFormulation();
        sodCheck();
        lifting();
        eigen();
        endToEnd();
        localMethods();
        String groups = body.toString();
        md.setLength(0);
        md.append("# sod benchmark results\n\n");
        md.append("Generated by `scripts/bench").append(profile.equals("full") ? " --full" : "")
                .append("` (").append(profile).append(" profile) on ")
                .append(ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"))).append(".\n");
        md.append("Every figure is the median over all measured JMH iterations; `±` is JMH's 99.9% confidence half-width;\n");
        md.append("every ratio is between figures measured in the same run. Each row names the command that reproduces it\n");
        md.append("(`scripts/bench REGEX -- JMH-ARGS`; add `--full` for the long profile). JMH arguments of this run: `")
                .append(jmhArgs.isBlank() ? "(defaults)" : jmhArgs).append("`.\n\n");
        machine();
        if (!headlines.isEmpty()) {
            md.append("\n## Targets\n");
            table("target", "measured", "status");
            for (String[] h : headlines) line((Object[]) h);
        }
        md.append(groups);
        return md.toString();
    }

    private void machine() {
        md.append("## Machine\n\n");
        String cpu = "unknown";
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo")))
                if (l.startsWith("model name")) {
                    cpu = l.substring(l.indexOf(':') + 1).trim();
                    break;
                }
        } catch (IOException ignored) {
            // not Linux
        }
        StringBuilder caches = new StringBuilder();
        for (int idx = 0; idx < 5; idx++) {
            Path dir = Path.of("/sys/devices/system/cpu/cpu0/cache/index" + idx);
            try {
                String type = Files.readString(dir.resolve("type")).trim();
                if (type.equals("Instruction")) continue;
                String level = Files.readString(dir.resolve("level")).trim();
                String size = Files.readString(dir.resolve("size")).trim();
                if (!caches.isEmpty()) caches.append(", ");
                caches.append('L').append(level).append(' ').append(size);
            } catch (IOException ignored) {
                // fewer levels
            }
        }
        String blas;
        try {
            blas = OpenBlas.coreName() + " (" + OpenBlas.config() + ")";
        } catch (RuntimeException | Error e) {
            blas = "unavailable: " + e.getMessage();
        }
        md.append("- CPU: ").append(cpu).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores visible to the JVM").append(caches.isEmpty() ? "" : "; per core / shared: " + caches).append('\n');
        md.append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.runtime.version")).append('\n');
        md.append("- Vector species: ").append(VectorShapes.F64).append(" (").append(VectorShapes.BITS).append("-bit; F32 storage: ")
                .append(VectorShapes.F32_HALF).append(")\n");
        md.append("- OpenBLAS core: ").append(blas).append('\n');
        try {
            String[] load = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            md.append("- Load average when the report was written (1, 5, 15 min): ").append(load[0]).append(", ").append(load[1])
                    .append(", ").append(load[2]).append(" on ").append(Runtime.getRuntime().availableProcessors())
                    .append(" cores").append(Double.parseDouble(load[2]) > Runtime.getRuntime().availableProcessors() * 0.75
                            ? " — the machine was shared during the run: two-thread figures (and OpenBLAS's spinning threads above all) suffer most" : "")
                    .append('\n');
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        md.append("- Benchmark JVMs: `-Xms2g -Xmx2g`, `-prof gc` for B/op; the machine may be shared, so compare ratios, not absolute times.\n");
    }

    // --------------------------------------------------------------------------------- group 1

    private static final String[][] KERNEL_ROWS = {
            {"dot", "dotScalar", "ddotBlas"}, {"dotF32", "dotF32Scalar", ""},
            {"axpy4", "axpy4Scalar", "dgemvBlas"}, {"axpy4F32", "axpy4F32Scalar", ""}};

    private void kernels() {
        if (!has("KernelBenchmark")) return;
        md.append("\n## 1. Kernels\n\n");
        md.append("Vector kernel vs its scalar twin and vs OpenBLAS through FFM, working set in L1 / L2 / L3 / DRAM\n");
        md.append("(16 KB, 256 KB, 8 MB, 128 MB); `stream` is a vectorised sum over the same bytes as `dot` (the read\n");
        md.append("ceiling). `axpy4` (y += four scaled rows: the adjoint update of four measurements) is the same operation\n");
        md.append("as `dgemv` with the 4 x len matrix transposed. GB/s counts bytes read plus written once.\n");
        table("level", "kernel", "median", "error", "GB/s", "of stream", "× scalar twin", "× OpenBLAS", "B/op", "reproduce");
        for (String level : paramValues("KernelBenchmark", "level")) {
            Row stream = find("KernelBenchmark", "stream", "level", level);
            if (stream != null)
                line(level, "stream (reference)", time(stream.seconds()), err(stream),
                        gbps(KernelBenchmark.bytes("stream", level), stream.seconds()), "100%", "", "", bytesOp(stream),
                        cmd("KernelBenchmark.stream$", "-p level=" + level));
            for (String[] k : KERNEL_ROWS) {
                Row v = find("KernelBenchmark", k[0], "level", level);
                if (v == null) continue;
                Row s = find("KernelBenchmark", k[1], "level", level);
                Row b = k[2].isEmpty() ? null : find("KernelBenchmark", k[2], "level", level);
                double bytes = KernelBenchmark.bytes(k[0], level);
                double ofStream = stream == null ? Double.NaN
                        : (bytes / v.seconds()) / (KernelBenchmark.bytes("stream", level) / stream.seconds());
                line(level, "`" + k[0] + "`", time(v.seconds()), err(v), gbps(bytes, v.seconds()), pct(ofStream),
                        s == null ? "–" : ratio(s.seconds() / v.seconds()) + " (" + time(s.seconds()) + ")",
                        b == null ? "–" : ratio(b.seconds() / v.seconds()) + " (" + k[2] + " " + time(b.seconds()) + ")",
                        bytesOp(v), cmd("KernelBenchmark.(" + k[0] + "|" + k[1] + (k[2].isEmpty() ? "" : "|" + k[2]) + "|stream)$",
                                "-p level=" + level));
            }
        }
        md.append("\n`× scalar twin` and `× OpenBLAS` are how many times faster the vector kernel is (time of the other / time of ours).\n");
    }

    private void packed() {
        if (!has("PackedKernelBenchmark")) return;
        md.append("\nPacked products around the sweep (k = 4): the Gram `X X^T` with doubled off-diagonals and `G X` for packed\n");
        md.append("symmetric G, vs their scalar twins and vs `dgemm` on the full n x n matrix (what a BLAS user calls).\n");
        table("level (n)", "kernel", "median", "error", "× scalar twin", "× dgemm (full)", "B/op", "reproduce");
        for (String level : paramValues("PackedKernelBenchmark", "level")) {
            for (String[] k : new String[][] {{"gram", "gramScalar", "gramDgemm"}, {"symTimes", "symTimesScalar", "symTimesDgemm"}}) {
                Row v = find("PackedKernelBenchmark", k[0], "level", level);
                if (v == null) continue;
                Row s = find("PackedKernelBenchmark", k[1], "level", level);
                Row b = find("PackedKernelBenchmark", k[2], "level", level);
                line(level + " (" + Levels.packedN(level) + ")", "`" + k[0] + "`", time(v.seconds()), err(v),
                        s == null ? "–" : ratio(s.seconds() / v.seconds()) + " (" + time(s.seconds()) + ")",
                        b == null ? "–" : ratio(b.seconds() / v.seconds()) + " (" + time(b.seconds()) + ")",
                        bytesOp(v), cmd("PackedKernelBenchmark." + k[0], "-p level=" + level));
            }
        }
    }

    // --------------------------------------------------------------------------------- group 2

    /** bytesPerIteration of each {@link Operators} kind; IterationBenchmark.setUp fails when one drifts from its operator. */
    static long iterationBytes(String kind) {
        return switch (kind) {
            case "dense64" -> 2560L * Kernels.packedLength(128) * 8;
            case "dense32" -> 2560L * Kernels.packedLength(128) * 4;
            case "pmc" -> 3L * 2000 * 2000 * 8;
            case "completion" -> 814_396_360L; // index/value data plus the gathered rows of X (EntryWeightedSparse)
            case "rankOne" -> 8L * 20_000 * 1000;
            default -> -1;
        };
    }

    private static final Map<String, String> KIND_NAMES = new LinkedHashMap<>();

    static {
        KIND_NAMES.put("dense64", "dense Gaussian f64 packed (n 128, m 2560, r 4)");
        KIND_NAMES.put("dense32", "dense Gaussian f32 packed (n 128, m 2560, r 4)");
        KIND_NAMES.put("pmc", "PMC, EntryWeightedDense (n 2000, r 1)");
        KIND_NAMES.put("completion", "completion, EntryWeightedSparse (n 200k, 8M pairs, r 4)");
        KIND_NAMES.put("rankOne", "rank-one (n 1000, m 20k, r 4)");
    }

    private void iterations() {
        if (!has("IterationBenchmark")) return;
        md.append("\n## 2. One gradient-descent iteration per operator\n\n");
        md.append("`residualAndGradient` (residual, h and gradient in one call) beside a streaming read of exactly the\n");
        md.append("operator's `bytesPerIteration` on the same number of threads, in the same JMH fork. Efficiency = stream\n");
        md.append("time / iteration time (the fraction of the machine's streaming bandwidth the iteration achieves).\n");
        table("operator", "threads", "iteration", "error", "stream same bytes", "GB/s", "efficiency", "B/op", "reproduce");
        for (String kind : KIND_NAMES.keySet()) {
            for (String threads : paramValues("IterationBenchmark", "threads")) {
                Row it = find("IterationBenchmark", "iteration", "kind", kind, "threads", threads);
                Row st = find("IterationBenchmark", "stream", "kind", kind, "threads", threads);
                if (it == null) continue;
                double eff = st == null ? Double.NaN : st.seconds() / it.seconds();
                line(KIND_NAMES.get(kind), threads, time(it.seconds()), err(it), st == null ? "–" : time(st.seconds()),
                        gbps(iterationBytes(kind), it.seconds()) + " (stream " + (st == null ? "–" : gbps(iterationBytes(kind), st.seconds())) + ")",
                        pct(eff), bytesOp(it), cmd("IterationBenchmark", "-p kind=" + kind + " -p threads=" + threads));
                if (kind.equals("dense64") || kind.equals("dense32"))
                    headline("fused dense iteration >= 0.8 of streaming read (" + kind + ", " + threads + " thread" + (threads.equals("1") ? "" : "s") + ")",
                            pct(eff), eff >= 0.8);
            }
        }
        Row dense = find("IterationBenchmark", "iteration", "kind", "dense64", "threads", "1");
        if (dense != null && Double.isFinite(dense.bytesPerOp))
            headline("~0 B/op in the GD loop (dense f64, 1 thread; JMH's own few KB per measurement iteration are divided over the ops)",
                    String.format(Locale.ROOT, "%.0f B/op", dense.bytesPerOp), dense.bytesPerOp < 1024);
        md.append("\nB/op is JMH's `gc.alloc.rate.norm` (median over the measurement iterations): all allocation in the JVM during a measurement iteration divided by\n");
        md.append("its operations, so for iterations of many milliseconds JMH's own bookkeeping (a few KB per measurement\n");
        md.append("iteration) shows up; the operators' NoAllocationTest asserts zero allocation directly.\n");
    }

    // --------------------------------------------------------------------------------- group 3

    private void numpyFormulation() {
        if (!has("NumpyFormulationBenchmark") && numpy.isEmpty()) return;
        md.append("\n## 3. The NumPy user's formulation\n\n");
        md.append("Dense Gaussian sensing n = 128, m = 2560, r = 4. Peer: `r = A vec(X X^T) - b; G = A^T r; grad = 2 sym(G) X`\n");
        md.append("with A the unpacked m x n^2 float64 matrix (336 MB): two OpenBLAS `dgemv` passes through FFM (same\n");
        md.append("OpenBLAS thread count as sod's operator threads), and the same lines in NumPy itself (`scripts/bench --numpy`,\n");
        md.append("bench/numpy_iteration.py, its own bundled OpenBLAS). Ours: one fused pass over packed storage.\n");
        table("threads", "two dgemv (FFM)", "NumPy", "sod f64", "sod f32", "× vs two dgemv (f64)", "× vs NumPy (f64)", "f32 over f64", "reproduce");
        for (String threads : List.of("1", "2")) {
            Row two = find("NumpyFormulationBenchmark", "twoDgemv", "threads", threads);
            Row f64 = find("NumpyFormulationBenchmark", "fusedF64", "threads", threads);
            Row f32 = find("NumpyFormulationBenchmark", "fusedF32", "threads", threads);
            double np = Double.NaN;
            for (Map<String, Object> e : numpy)
                if (String.valueOf(((Double) e.get("threads")).intValue()).equals(threads)) np = (Double) e.get("median_ms") * 1e-3;
            if (two == null && f64 == null && !Double.isFinite(np)) continue;
            double s64 = f64 == null ? Double.NaN : f64.seconds(), s32 = f32 == null ? Double.NaN : f32.seconds();
            double vsTwo = two == null ? Double.NaN : two.seconds() / s64;
            line(threads, two == null ? "–" : time(two.seconds()), time(np), time(s64), time(s32), ratio(vsTwo),
                    ratio(np / s64), ratio(s64 / s32), cmd("NumpyFormulationBenchmark", "-p threads=" + threads)
                            + (numpy.isEmpty() ? "" : ", `scripts/bench --numpy NumpyFormulation`"));
            if (Double.isFinite(vsTwo)) headline(">= 3x vs two-dgemv at n 128, m 2560, r 4 (" + threads + " thread" + (threads.equals("1") ? "" : "s") + ")",
                    ratio(vsTwo), vsTwo >= 3);
            if (Double.isFinite(s64 / s32)) headline("float32 a further >= 1.7x (" + threads + " thread" + (threads.equals("1") ? "" : "s") + ")",
                    ratio(s64 / s32), s64 / s32 >= 1.7);
        }
        if (numpy.isEmpty()) md.append("\nNumPy column: not run (pass `--numpy`; needs python3 with numpy).\n");
        else md.append("\nNumPy ").append(numpy.get(0).get("numpy")).append(": median of ")
                .append(((List<?>) numpy.get(0).get("samples_ms")).size()).append(" timed iterations after 3 warm-up ones, `OPENBLAS_NUM_THREADS` = threads.\n");
    }

    // --------------------------------------------------------------------------------- group 4

    private void sodCheck() {
        if (!has("SodCheckBenchmark")) return;
        md.append("\n## 4. The SOD escape check vs GD iterations\n\n");
        md.append("PMC(n, eps = 0.10), one thread. A check is one escape attempt at a stall point: G = A*(r), smallest eigenpair\n");
        md.append("(LAPACK via FFM), weakest singular triplet, A(P), A(uu^T), NCM/AIC/EFS, then the multi-step t-scan (TPGD,\n");
        md.append("121 t values, up to 5 candidates) or the exact line search (4 rays), each candidate evaluated once\n");
        md.append("(\"no probes\") or followed by 100 GD steps (\"probed\", the reference setting). Times include the one gradient\n");
        md.append("evaluation at the stall point. Stall points: a GD run that ended away from the truth (n = 40, 80); at n = 200\n");
        md.append("and 1000 GD recovered the truth from every start tried, so the point is the GD iterate after 30 iterations\n");
        md.append("(G has negative curvature there; the check does the same work).\n");
        table("n", "GD iteration", "check TPGD", "= GD iters", "TPGD probed", "= GD iters", "check line search", "= GD iters",
                "line search probed", "= GD iters", "B/op (TPGD)", "reproduce");
        for (String n : paramValues("SodCheckBenchmark", "n")) {
            Row gd = find("SodCheckBenchmark", "gdIteration", "n", n);
            if (gd == null) continue;
            Object[] cells = new Object[12];
            cells[0] = n;
            cells[1] = time(gd.seconds());
            String[] methods = {"checkTpgd", "checkTpgdProbed", "checkLineSearch", "checkLineSearchProbed"};
            for (int k = 0; k < 4; k++) {
                Row c = find("SodCheckBenchmark", methods[k], "n", n);
                cells[2 + 2 * k] = c == null ? "–" : time(c.seconds());
                cells[3 + 2 * k] = c == null ? "–" : String.format(Locale.ROOT, "%.0f", c.seconds() / gd.seconds());
                if (k == 0 && c != null && n.equals("80"))
                    headline("one SOD check at n = 80 under 100 GD iterations (TPGD, no probes)",
                            String.format(Locale.ROOT, "%.0f GD iterations (%s vs %s)", c.seconds() / gd.seconds(), time(c.seconds()), time(gd.seconds())),
                            c.seconds() / gd.seconds() < 100);
            }
            cells[10] = bytesOp(find("SodCheckBenchmark", "checkTpgd", "n", n));
            cells[11] = cmd("SodCheckBenchmark", "-p n=" + n);
            line(cells);
        }
    }

    private void lifting() {
        if (!has("LiftingBenchmark")) return;
        md.append("\nExplicit lifting of order 3 vs the simulated (closed-form) lifting: the same 121-point t-scan at the stall\n");
        md.append("point. Explicit forms the three n^3 tensors, then per t writes the lifted iterate and does one\n");
        md.append("higher-order power step to extract its rank-one factor (a lower bound on any explicit method). At n = 1000\n");
        md.append("the four tensors would need 32 GB: lifting does not fit.\n");
        table("n", "simulated (closed form)", "explicit order 3", "explicit / simulated", "tensor memory", "reproduce");
        for (String n : paramValues("LiftingBenchmark", "n")) {
            Row s = find("LiftingBenchmark", "simulated", "n", n), e = find("LiftingBenchmark", "explicit", "n", n);
            long nn = Long.parseLong(n);
            line(n, s == null ? "–" : time(s.seconds()), e == null ? "–" : time(e.seconds()),
                    s == null || e == null ? "–" : ratio(e.seconds() / s.seconds()),
                    String.format(Locale.ROOT, "%.0f MB", 4.0 * nn * nn * nn * 8 / 1e6), cmd("LiftingBenchmark", "-p n=" + n));
        }
        line("1000", "(in the check above)", "does not fit", "–", "32000 MB", "–");
    }

    // --------------------------------------------------------------------------------- group 5

    private void eigen() {
        if (!has("EigenBenchmark") && !has("EigenJavaBenchmark") && !has("EjmlBenchmark")) return;
        md.append("\n## 5. Eigensolvers\n\n");
        md.append("n x n symmetric with an isolated smallest eigenvalue (GOE spectrum [-2, 2] plus a planted -2.5 w w^T, like G at\n");
        md.append("a stall point). Smallest pair: LAPACK `dsyevr` RANGE='I' through FFM; full: `dsyevr` all pairs; EJML 0.44\n");
        md.append("(pure Java, full symmetric eig with vectors, the library a Java user would pick; n <= 1000); sod's thick-restart\n");
        md.append("Lanczos (basis 30, tolerance 1e-10, plain Java mat-vec). OpenBLAS 1 and 2 threads for the LAPACK columns.\n");
        table("n", "smallest FFM 1t", "smallest FFM 2t", "full FFM 1t", "full FFM 2t", "EJML full", "Lanczos", "full / smallest (1t)",
                "EJML / smallest", "reproduce");
        List<String> ns = new ArrayList<>(paramValues("EigenBenchmark", "n"));
        for (String n : paramValues("EigenJavaBenchmark", "n")) if (!ns.contains(n)) ns.add(n);
        ns.sort((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
        for (String n : ns) {
            Row s1 = find("EigenBenchmark", "smallestPair", "n", n, "blasThreads", "1");
            Row s2 = find("EigenTwoThreadsBenchmark", "smallestPair", "n", n, "blasThreads", "2");
            Row f1 = find("EigenBenchmark", "fullDecomposition", "n", n, "blasThreads", "1");
            Row f2 = find("EigenTwoThreadsBenchmark", "fullDecomposition", "n", n, "blasThreads", "2");
            Row ej = find("EjmlBenchmark", "ejmlFull", "n", n);
            Row la = find("EigenJavaBenchmark", "lanczosSmallest", "n", n);
            Function<Row, String> t = r -> r == null || Double.isNaN(r.median) ? "–" : time(r.seconds());
            boolean ejmlRun = ej != null && Integer.parseInt(n) <= 1000;
            line(n, t.apply(s1), t.apply(s2), t.apply(f1), t.apply(f2), ejmlRun ? t.apply(ej) : "not run",
                    t.apply(la), s1 == null || f1 == null ? "–" : ratio(f1.seconds() / s1.seconds()),
                    s1 == null || !ejmlRun ? "–" : ratio(ej.seconds() / s1.seconds()), cmd("(Eigen|Ejml)", "-p n=" + n));
        }
    }

    // --------------------------------------------------------------------------------- group 6

    @SuppressWarnings("unchecked")
    /** Group 7: time to 1e-8 relative error per local method ({@link LocalMethodBenchmark}), ratios to gradient descent. */
    private void localMethods() {
        if (!has("LocalMethodBenchmark")) return;
        md.append("\n## 7. Local methods\n\nTime to `||X X^T - M*||_F / ||M*||_F < 1e-8` on dense Gaussian sensing n 128, m 2560,")
                .append(" r 4 (packed float64, 1 thread) from X0 = 0.01 N(0,1), one whole solve per operation (same fork):\n");
        table("local method", "time to 1e-8", "error", "vs gd (Armijo)", "reproduce");
        Row gd = find("LocalMethodBenchmark", "solve", "local", "gd");
        for (String local : paramValues("LocalMethodBenchmark", "local")) {
            Row r = find("LocalMethodBenchmark", "solve", "local", local);
            if (r == null) continue;
            line(local, time(r.seconds()), err(r), gd == null ? "" : String.format(Locale.ROOT, "%.2fx", r.seconds() / gd.seconds()),
                    cmd("LocalMethodBenchmark", "-p local=" + local));
        }
    }

    private void endToEnd() {
        if (!has("EndToEndBenchmark") && sweep == null) return;
        md.append("\n## 6. End to end\n\n");
        if (sweep != null) {
            md.append("The paper's PMC table (n = 40..80, eps 0.15 and 0.10, 50 seeds, GD vs GD+SOD, 3000 iterations, reference\n");
            md.append("settings), through the CLI on all cores:\n\n");
            md.append("- wall time: **").append(time((Double) sweep.get("seconds"))).append("** for ")
                    .append(((Double) sweep.get("trials")).intValue()).append(" trials: `").append(sweep.get("command")).append("`\n");
            Object table = sweep.get("table");
            if (table instanceof List<?> lines && !lines.isEmpty()) {
                md.append("\nSuccess rates of that run (`||X X^T - M*||_F < 0.05`):\n\n```\n");
                for (Object l : lines) md.append(l).append('\n');
                md.append("```\n");
            }
        }
        if (has("EndToEndBenchmark")) {
            md.append("\nOne large solve per operator kind through `Solver` (").append(EndToEndBenchmark.ITERATIONS)
                    .append(" GD iterations, 2 operator threads, the whole loop):\n");
            table("operator", "solve", "error", "iterations/s", "per iteration", "B/op", "reproduce");
            for (String kind : KIND_NAMES.keySet()) {
                Row r = find("EndToEndBenchmark", "solve", "kind", kind);
                if (r == null) continue;
                double perIter = r.seconds() / EndToEndBenchmark.ITERATIONS;
                line(KIND_NAMES.get(kind), time(r.seconds()), err(r), String.format(Locale.ROOT, "%.0f", 1 / perIter),
                        time(perIter), bytesOp(r), cmd("EndToEndBenchmark", "-p kind=" + kind));
            }
        }
    }
}
