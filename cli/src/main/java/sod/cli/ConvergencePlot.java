package sod.cli;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import sod.cli.plot.Canvas;
import sod.cli.plot.Marker;
import sod.cli.plot.Palette;
import sod.cli.plot.Stroke;
import sod.cli.plot.XYChart;
import sod.kernels.Factors;
import sod.problems.Problem;
import sod.solver.Escape;
import sod.solver.SolverConfig;

/**
 * The convergence figure of a solve: the objective and the distance to the truth against the iteration
 * count on a log scale. The iterations an escape charged to the budget for its probe steps are a grey
 * band, not part of the curves (the trajectory did not pass through them): the curves break there and a
 * dotted line joins the stalled point to where the run went on. Every attempt is marked with its kind;
 * the residual tolerance and the distance target are drawn as lines when they fall near the curves, else
 * named in the legend.
 */
final class ConvergencePlot {
    /** A reference line more than this factor below the lowest curve point would squash the curves: named only. */
    private static final double NEAR = 1e3;

    /**
     * What the curves are measured against.
     *
     * @param objective     the objective's legend label, "h(X)" or "f(X)"
     * @param tolerance     the objective's value at which the run counts as converged (NaN: none)
     * @param toleranceText its legend label
     * @param target        the distance target (NaN: none)
     * @param targetText    its legend label
     */
    record Guides(String objective, double tolerance, String toleranceText, double target, String targetText) {
        /** The l2 loss: the zero-residual tolerance htol h(0) and the distance target, if any. */
        static Guides l2(SolverConfig.Stopping stopping, Problem problem) {
            double b = Factors.norm(problem.b());
            double htol = stopping.residualTolerance();
            double tolerance = htol > 0 ? htol * 0.5 * b * b : Double.NaN;
            String toleranceText = String.format(Locale.ROOT, "h tolerance %s %s h(0)", Report.number("%.0e", htol),
                    Canvas.typeset("\u00B7", "x"));
            double target = Double.NaN;
            String targetText = "";
            if (!Double.isNaN(stopping.targetDistance())) {
                target = stopping.targetDistance();
                targetText = "target distance " + Report.number("%.3g", target);
            }
            if (!Double.isNaN(stopping.targetRelative()) && problem.hasTruth()) {
                double relative = stopping.targetRelative() * Math.sqrt(Factors.gramSquaredNorm(problem.truth(), problem.n(), problem.truthRank()));
                if (Double.isNaN(target) || relative > target) {
                    target = relative;
                    targetText = "target distance " + Report.number("%.3g", stopping.targetRelative()) + " "
                            + Canvas.typeset("\u2016M*\u2016_F", "||M*||_F");
                }
            }
            return new Guides("h(X)", tolerance, toleranceText, target, targetText);
        }

        /** The l1 loss: no tolerance or target lines. */
        static Guides l1() {
            return new Guides("f(X)", Double.NaN, "", Double.NaN, "");
        }
    }

    private ConvergencePlot() {
    }

    static XYChart chart(String title, History history, Guides guides) {
        List<History.EscapeMark> escapes = history.escapes();
        boolean charged = escapes.stream().anyMatch(e -> e.charged() > 0);
        XYChart chart = new XYChart(title, charged ? "iteration (escape probe steps included, as the budget counts them)" : "iteration",
                guides.objective() + (history.hasDistance() ? " and distance" : "") + " (log scale)").logY().xFromZero();
        double[] it = history.iterations(), h = history.h(), d = history.distance();
        Curve objective = Curve.broken(it, h, escapes, true);
        chart.line(guides.objective(), objective.x, objective.y, Palette.BLUE, Stroke.SOLID, null);
        Curve distance = null;
        if (history.hasDistance()) {
            distance = Curve.broken(it, d, escapes, false);
            chart.line("distance " + Canvas.typeset("\u2016XX\u1D40 \u2212 M*\u2016_F", "||XX^T - M*||_F"), distance.x, distance.y,
                    Palette.ORANGE, Stroke.SOLID, null);
        }
        guide(chart, guides.tolerance(), guides.toleranceText(), objective.lowest(), Palette.BLUE);
        if (distance != null) guide(chart, guides.target(), guides.targetText(), distance.lowest(), Palette.ORANGE);
        for (History.EscapeMark e : escapes) {
            if (e.charged() > 0) {
                chart.span("probe steps of an escape attempt", e.iteration(), e.resumedAt());
                chart.segment(e.iteration(), e.hBefore(), e.resumedAt(), e.hAfter(), Palette.BLUE, Stroke.DOTTED);
            }
        }
        for (Escape.Kind kind : Escape.Kind.values()) {
            List<History.EscapeMark> ofKind = escapes.stream().filter(e -> e.kind() == kind).toList();
            if (ofKind.isEmpty()) continue;
            double[] x = new double[ofKind.size()], y = new double[ofKind.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = ofKind.get(i).iteration();
                y[i] = ofKind.get(i).hBefore();
            }
            Style s = Style.of(kind);
            chart.points(s.label + " (" + x.length + ")", x, y, s.marker, s.color, kind.accepted());
        }
        return chart;
    }

    /** A reference line, drawn when it lies near the curve (else named in the legend only). */
    private static void guide(XYChart chart, double value, String text, double lowest, Color color) {
        if (!(value > 0)) return;
        if (!Double.isFinite(lowest) || value * NEAR >= lowest) chart.hline(text, value, color, Stroke.DASHED);
        else chart.note(text + " = " + Report.number("%.1e", value) + " (below)");
    }

    /** A curve's points with a break (NaN) over every charged probe span. */
    private record Curve(double[] x, double[] y) {
        /**
         * @param exactEnds add the escape's own end points (h at the stalled and the resumed point), which
         *                  the thinned history may have dropped
         */
        static Curve broken(double[] it, double[] v, List<History.EscapeMark> escapes, boolean exactEnds) {
            List<double[]> points = new ArrayList<>(it.length + 3 * escapes.size());
            int e = 0;
            for (int i = 0; i < it.length; i++) {
                while (e < escapes.size() && escapes.get(e).resumedAt() <= it[i]) {
                    History.EscapeMark mark = escapes.get(e++);
                    if (mark.charged() == 0) continue;
                    if (exactEnds) points.add(new double[] {mark.iteration(), mark.hBefore()});
                    points.add(new double[] {mark.iteration(), Double.NaN});
                    if (exactEnds) points.add(new double[] {mark.resumedAt(), mark.hAfter()});
                }
                points.add(new double[] {it[i], v[i]});
            }
            double[] x = new double[points.size()], y = new double[points.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = points.get(i)[0];
                y[i] = points.get(i)[1];
            }
            return new Curve(x, y);
        }

        /** The smallest positive finite value (+Inf when none). */
        double lowest() {
            double low = Double.POSITIVE_INFINITY;
            for (double v : y) if (v > 0 && v < low) low = v;
            return low;
        }
    }

    /** Marker, colour and legend label of an escape kind: accepted kinds filled, the others hollow. */
    private record Style(Marker marker, Color color, String label) {
        static Style of(Escape.Kind kind) {
            return switch (kind) {
                case SINGLE -> new Style(Marker.TRIANGLE_DOWN, Palette.VERMILLION, "certified single step");
                case BETA -> new Style(Marker.DIAMOND, Palette.GREEN, "beta-type escape");
                case GAMMA -> new Style(Marker.SQUARE, Palette.PURPLE, "gamma-type escape");
                case LINE_SEARCH -> new Style(Marker.CIRCLE, Palette.SKY, "line-search escape");
                case HESSIAN_DIRECTION -> new Style(Marker.TRIANGLE_UP, Palette.VERMILLION, "negative-curvature step");
                case RESTART -> new Style(Marker.CROSS, Palette.SKY, "random restart");
                case PERTURBATION -> new Style(Marker.CROSS, Palette.BLACK, "PGD perturbation");
                case REJECTED -> new Style(Marker.CIRCLE, Palette.BLACK, "escape rejected");
                case NONE_NO_NEGATIVE_CURVATURE -> new Style(Marker.TRIANGLE_UP, Palette.BLACK, "no negative curvature");
                case NONE_NO_CANDIDATE -> new Style(Marker.DIAMOND, Palette.BLACK, "no escape candidate");
            };
        }
    }
}
