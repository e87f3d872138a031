package dev.fabrica.cli.tabular;

import dev.fabrica.cli.report.HtmlPage;
import dev.fabrica.tabular.Table;
import dev.fabrica.tabular.Values;
import dev.fabrica.tabular.eval.Evaluation;
import dev.fabrica.tabular.eval.Quality;
import dev.fabrica.tabular.meta.ColumnKind;
import dev.fabrica.tabular.meta.ColumnMeta;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTML quality and privacy report of a synthetic table: the scores, then per column its score
 * and a plot of the real and synthetic distributions (histograms of numbers, bars of categories).
 */
public final class TabularReportPage {
  /** Bars per categorical plot: the most frequent real categories. */
  static final int MAX_CATEGORIES = 20;

  static final int BINS = 30;

  private TabularReportPage() {}

  public static String render(Evaluation e, String title) {
    HtmlPage page = new HtmlPage(title);
    page.section("Summary", summary(e));
    page.section("Column shapes", columns(e));
    page.section("Column pairs", pairs(e));
    return page.render();
  }

  /** The report's sections for another page (the demo's). */
  public static void addTo(HtmlPage page, Evaluation e) {
    page.section("Synthetic table: summary", summary(e));
    page.section("Synthetic table: columns", columns(e));
  }

  private static String f3(Object v) {
    return v instanceof Double d ? String.format("%.3f", d) : String.valueOf(v);
  }

  static String summary(Evaluation e) {
    List<List<?>> rows = new ArrayList<>();
    Map<String, Object> q = Quality.summary(e.shapes(), e.pairs());
    rows.add(List.of("overall quality", f3(q.get("overall")), "mean of column shapes and column-pair trends; 1 is a perfect match"));
    rows.add(List.of("column shapes", f3(q.get("column_shapes")), "KS complement (numbers), TV complement (categories)"));
    rows.add(List.of("column-pair trends", f3(q.get("column_pair_trends")), "correlation similarity, contingency similarity"));
    rows.add(List.of("detection AUC", f3(e.detectionAuc()), "logistic regression telling real from synthetic rows; 0.5 is indistinguishable"));
    if (e.efficacy() != null) {
      Map<String, Object> ef = e.efficacy();
      rows.add(List.of("ML efficacy (" + ef.get("target") + ")",
          "macro F1 " + f3(ef.get("synthetic_macro_f1")) + " vs " + f3(ef.get("real_macro_f1")),
          "logistic regression trained on synthetic vs on real rows, tested on " + ef.get("test_rows") + " held-out real rows"));
    }
    Map<String, Object> p = e.privacy();
    rows.add(List.of("exact copies", p.get("exact_copies") + " (" + f3(p.get("exact_copy_share")) + ")", "synthetic rows equal to a real row"));
    rows.add(List.of("distance to closest record", "median " + f3(p.get("dcr_synthetic_median"))
        + (p.containsKey("dcr_holdout_median") ? " vs held-out " + f3(p.get("dcr_holdout_median")) : ""),
        "Gower distance to the nearest training row; synthetic rows no closer than unseen real rows is the aim"));
    String head = String.format("<p class=muted>%,d real training rows, %,d held out, %,d synthetic rows.</p>",
        e.real().size(), e.holdout() == null ? 0 : e.holdout().size(), e.synthetic().size());
    return head + HtmlPage.table(List.of("score", "value", "what it measures"), rows);
  }

  static String columns(Evaluation e) {
    StringBuilder b = new StringBuilder();
    Map<String, Quality.Shape> byName = new LinkedHashMap<>();
    e.shapes().forEach(s -> byName.put(s.column(), s));
    List<ColumnMeta> cols = e.meta().columns();
    for (int c = 0; c < cols.size(); c++) {
      ColumnMeta m = cols.get(c);
      Quality.Shape s = byName.get(m.name());
      b.append("<div class=step><h3>").append(HtmlPage.esc(m.name())).append(" <span class=muted>")
          .append(m.kind().id());
      if (s != null) {
        b.append(", ").append(s.metric()).append(' ').append(String.format("%.3f", s.score()));
      }
      b.append("</span></h3>");
      if (m.kind() == ColumnKind.NUMERICAL || m.kind() == ColumnKind.DATETIME) {
        b.append(histogram(e.real(), e.synthetic(), c, m));
      } else if (m.kind() == ColumnKind.CATEGORICAL || m.kind() == ColumnKind.BOOLEAN) {
        b.append(bars(e.real(), e.synthetic(), c));
      } else {
        b.append("<p class=muted>not modelled jointly (").append(m.kind().id()).append(")</p>");
      }
      b.append("</div>\n");
    }
    return b.toString();
  }

  static String pairs(Evaluation e) {
    List<Quality.Pair> worst = new ArrayList<>(e.pairs());
    worst.sort(Comparator.comparingDouble(Quality.Pair::score));
    List<List<?>> rows = new ArrayList<>();
    for (Quality.Pair p : worst.subList(0, Math.min(15, worst.size()))) {
      rows.add(List.of(p.a(), p.b(), p.metric(), String.format("%.3f", p.score()),
          Double.isNaN(p.real()) ? "" : String.format("%.3f", p.real()),
          Double.isNaN(p.synthetic()) ? "" : String.format("%.3f", p.synthetic())));
    }
    return "<p class=muted>The " + rows.size() + " lowest-scoring of " + e.pairs().size() + " pairs.</p>"
        + HtmlPage.table(List.of("column", "column", "metric", "score", "real ρ", "synthetic ρ"), rows);
  }

  private static double[] numbers(Table t, int c, ColumnMeta m) {
    return t.rows().stream().map(r -> Values.number(r[c], m)).filter(v -> v != null).mapToDouble(Double::doubleValue).toArray();
  }

  /** Real and synthetic histograms (shares per bin over the real range) as two outlines in one SVG. */
  static String histogram(Table real, Table synth, int c, ColumnMeta m) {
    double[] r = numbers(real, c, m);
    double[] s = numbers(synth, c, m);
    if (r.length == 0) {
      return "<p class=muted>no values</p>";
    }
    double lo = java.util.Arrays.stream(r).min().orElse(0);
    double hi = java.util.Arrays.stream(r).max().orElse(1);
    if (hi <= lo) {
      hi = lo + 1;
    }
    double[] hr = bins(r, lo, hi);
    double[] hs = bins(s, lo, hi);
    double max = 1e-12;
    for (int k = 0; k < BINS; k++) {
      max = Math.max(max, Math.max(hr[k], hs[k]));
    }
    int w = 480;
    int h = 140;
    int left = 10;
    StringBuilder b = new StringBuilder(String.format("<svg class=chart width=\"%d\" height=\"%d\" role=img aria-label=\"histogram\">", w + 2 * left, h + 44));
    String[] colors = {"#4e79a7", "#f28e2b"};
    double[][] series = {hr, hs};
    for (int sIdx = 0; sIdx < 2; sIdx++) {
      StringBuilder pts = new StringBuilder();
      for (int k = 0; k < BINS; k++) {
        double x0 = left + (double) w * k / BINS;
        double x1 = left + (double) w * (k + 1) / BINS;
        double y = 10 + h - h * series[sIdx][k] / max;
        pts.append(String.format("%.1f,%.1f %.1f,%.1f ", x0, y, x1, y));
      }
      b.append(String.format("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>", colors[sIdx], pts));
    }
    b.append(String.format("<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#999\"/>", left, left + w, h + 10, h + 10));
    b.append(String.format("<text x=\"%d\" y=\"%d\">%s</text><text x=\"%d\" y=\"%d\" text-anchor=end>%s</text>",
        left, h + 26, HtmlPage.esc(Values.cell(lo, m)), left + w, h + 26, HtmlPage.esc(Values.cell(hi, m))));
    b.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"4\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">real</text>"
        + "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"4\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">synthetic</text>",
        left + 150, h + 36, colors[0], left + 166, h + 41, left + 220, h + 36, colors[1], left + 236, h + 41));
    return b.append("</svg>\n").toString();
  }

  private static double[] bins(double[] x, double lo, double hi) {
    double[] out = new double[BINS];
    for (double v : x) {
      int k = (int) Math.floor((v - lo) / (hi - lo) * BINS);
      out[Math.max(0, Math.min(BINS - 1, k))] += 1.0 / x.length;
    }
    return out;
  }

  /** Shares of the most frequent real categories, real beside synthetic. */
  static String bars(Table real, Table synth, int c) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Object[] r : real.rows()) {
      counts.merge(r[c] == null ? "missing" : Values.key(r[c]), 1, Integer::sum);
    }
    List<String> cats = new ArrayList<>(counts.keySet());
    cats.sort((a, b) -> Integer.compare(counts.get(b), counts.get(a)));
    cats = cats.subList(0, Math.min(MAX_CATEGORIES, cats.size()));
    double[][] v = new double[2][cats.size()];
    Table[] tables = {real, synth};
    for (int t = 0; t < 2; t++) {
      for (Object[] r : tables[t].rows()) {
        int k = cats.indexOf(r[c] == null ? "missing" : Values.key(r[c]));
        if (k >= 0) {
          v[t][k] += 1.0 / tables[t].size();
        }
      }
    }
    return HtmlPage.groupedBars(cats, List.of("real", "synthetic"), v);
  }
}
