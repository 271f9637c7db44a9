package sod.spark;

import java.util.Locale;
import java.util.Map;
import sod.SodInputException;
import sod.problems.Problem;
import sod.problems.ProblemEngine;

/**
 * {@code sod solve --engine spark}: the completion problem of {@code --observed} on a SparkSession this
 * engine starts (and stops when the problem is closed). Settings ({@code --engine-opt KEY=VALUE}):
 * {@code partitions}, {@code format} (parquet, csv), {@code header} (CSV), {@code delta} (SOD's RIP
 * constant; without it the solver estimates one by Monte Carlo, thousands of distributed passes),
 * {@code residuals} (on-demand, eager). Residuals are filled on demand only under gradient-descent local
 * methods, whose solver code reads them through the operator; anything else gets them eagerly.
 */
public final class SparkEngine implements ProblemEngine {
    private double delta = Double.NaN;

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public Problem observed(Request request) {
        Map<String, String> o = request.options();
        for (String key : o.keySet()) {
            if (!java.util.Set.of("master", "partitions", "format", "header", "delta", "residuals", "method", "local").contains(key))
                throw new SodInputException("--engine-opt " + key + ": unknown spark setting; use partitions, format, header, delta or residuals");
        }
        ObservationInput.Format format = switch (o.getOrDefault("format", "auto").toLowerCase(Locale.ROOT)) {
            case "auto" -> ObservationInput.Format.AUTO;
            case "parquet" -> ObservationInput.Format.PARQUET;
            case "csv" -> ObservationInput.Format.CSV;
            default -> throw new SodInputException("--engine-opt format=" + o.get("format") + ": use parquet or csv");
        };
        SparkCompletionOperator.Residuals residuals = residuals(o);
        delta = delta(o);
        SparkCompletion.Settings s = new SparkCompletion.Settings(request.observed(), format, Boolean.parseBoolean(o.get("header")),
                request.n(), request.rank(), integer(o, "partitions"), residuals);
        Sessions.Started started = Sessions.start(o.get("master"), "sod solve");
        try {
            return SparkCompletion.load(started.spark(), s, null, started.owned());
        } catch (RuntimeException e) {
            if (started.created()) started.spark().stop();
            throw e;
        }
    }

    private static SparkCompletionOperator.Residuals residuals(Map<String, String> o) {
        String r = o.get("residuals");
        if (r != null) {
            return switch (r.toLowerCase(Locale.ROOT)) {
                case "eager" -> SparkCompletionOperator.Residuals.EAGER;
                case "on-demand" -> SparkCompletionOperator.Residuals.ON_DEMAND;
                default -> throw new SodInputException("--engine-opt residuals=" + r + ": use on-demand or eager");
            };
        }
        boolean gd = "gd".equals(o.getOrDefault("local", "gd")) && !"sgd".equals(o.get("method"));
        return gd ? SparkCompletionOperator.Residuals.ON_DEMAND : SparkCompletionOperator.Residuals.EAGER;
    }

    private static int integer(Map<String, String> o, String key) {
        String v = o.get(key);
        if (v == null) return 0;
        try {
            int p = Integer.parseInt(v.strip());
            if (p < 1) throw new NumberFormatException();
            return p;
        } catch (NumberFormatException e) {
            throw new SodInputException("--engine-opt " + key + "=" + v + ": must be an integer >= 1");
        }
    }

    /** The {@code delta} setting of the last {@link #observed} call (one engine instance per command). */
    @Override
    public double ripConstant(Problem problem) {
        return delta;
    }

    private static double delta(Map<String, String> o) {
        String v = o.get("delta");
        if (v == null) return Double.NaN;
        try {
            double d = Double.parseDouble(v.strip());
            if (!(d >= 0 && d < 1)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new SodInputException("--engine-opt delta=" + v + ": must be a number in [0, 1)");
        }
    }
}
