package dev.fabrica.cli.report;

import static dev.fabrica.cli.report.HtmlPage.esc;

import dev.fabrica.core.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders a prep run's report.json: rows per step, each step's figures and before/after examples, splits. */
public final class PrepSection {
  private PrepSection() {}

  /** Rows after each step as a bar chart, then one card per step. */
  @SuppressWarnings("unchecked")
  public static String steps(Map<String, Object> report) {
    List<Map<String, Object>> steps = (List<Map<String, Object>>) report.get("steps");
    List<String> labels = new ArrayList<>(List.of("input"));
    List<Long> rows = new ArrayList<>(List.of(((Number) ((Map<String, Object>) report.get("input")).get("rows")).longValue()));
    for (Map<String, Object> s : steps) {
      labels.add((String) s.get("step"));
      rows.add(((Number) s.get("rows_out")).longValue());
    }
    StringBuilder b = new StringBuilder("<p>Rows after each step:</p>\n");
    b.append(HtmlPage.barChart(labels, rows, "rows"));
    for (Map<String, Object> s : steps) {
      b.append("<div class=step><h3>").append(esc(s.get("step"))).append("</h3>");
      b.append(String.format("<p>%,d rows in, %,d rows out <span class=muted>(%s)</span></p>",
          ((Number) s.get("rows_in")).longValue(), ((Number) s.get("rows_out")).longValue(), esc(s.get("key"))));
      Map<String, Object> details = new LinkedHashMap<>(s);
      details.keySet().removeAll(List.of("step", "key", "rows_in", "rows_out", "examples", "seconds"));
      if (!details.isEmpty()) {
        b.append("<pre>").append(esc(Json.pretty(details))).append("</pre>");
      }
      List<Map<String, Object>> examples = (List<Map<String, Object>>) s.get("examples");
      if (examples != null && !examples.isEmpty()) {
        b.append(examples(examples));
      }
      b.append("</div>\n");
    }
    return b.toString();
  }

  @SuppressWarnings("unchecked")
  private static String examples(List<Map<String, Object>> examples) {
    StringBuilder b = new StringBuilder("<table><tr><th>line</th><th>before</th><th>after</th></tr>\n");
    for (Map<String, Object> e : examples) {
      Map<String, Object> before = (Map<String, Object>) e.get("before");
      List<Map<String, Object>> after = (List<Map<String, Object>>) e.get("after");
      b.append("<tr><td class=num>").append(esc(e.get("line"))).append("</td><td class=before>")
          .append(cells(before, null)).append("</td><td class=after>");
      if (after.isEmpty()) {
        b.append("<em>dropped</em>");
      }
      for (Map<String, Object> a : after) {
        b.append("<div>").append(cells(a, before)).append("</div>");
      }
      b.append("</td></tr>\n");
    }
    return b.append("</table>\n").toString();
  }

  /** The cells of a row; those equal to {@code compare}'s are left out, so changes stand out. */
  private static String cells(Map<String, Object> row, Map<String, Object> compare) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Object> c : row.entrySet()) {
      if (compare != null && compare.containsKey(c.getKey()) && java.util.Objects.equals(compare.get(c.getKey()), c.getValue())) {
        continue;
      }
      Object v = c.getValue();
      b.append("<div><b>").append(esc(c.getKey())).append(":</b> ")
          .append(v == null ? "<span class=na>missing</span>" : esc(v).replace("\n", "<br>")).append("</div>");
    }
    return b.length() == 0 ? "<span class=muted>(unchanged cells)</span>" : b.toString();
  }

  /** Split sizes and label counts per split. */
  @SuppressWarnings("unchecked")
  public static String splits(Map<String, Object> report) {
    Map<String, Map<String, Long>> counts = (Map<String, Map<String, Long>>) report.get("label_counts");
    if (counts == null) {
      return "<p>No labels.</p>";
    }
    Map<String, Map<String, Long>> ordered = new LinkedHashMap<>();
    for (String s : List.of("train", "val", "test", "none")) {
      if (counts.containsKey(s)) {
        Map<String, Long> m = new LinkedHashMap<>();
        counts.get(s).forEach((k, v) -> m.put(k, ((Number) v).longValue()));
        ordered.put(s, m);
      }
    }
    return HtmlPage.stackedBars(ordered);
  }
}
