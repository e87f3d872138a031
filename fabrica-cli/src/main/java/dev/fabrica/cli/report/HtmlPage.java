package dev.fabrica.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A report page built from sections; {@link #render()} gives one self-contained HTML file. */
public final class HtmlPage {
  private static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1"};
  private final String title;
  private final List<String> sections = new ArrayList<>();

  public HtmlPage(String title) {
    this.title = title;
  }

  /** Escapes text for HTML element content and attribute values. */
  public static String esc(Object o) {
    String s = String.valueOf(o);
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** Adds a section with a heading and raw (already escaped) HTML content. */
  public HtmlPage section(String heading, String html) {
    sections.add("<section><h2>" + esc(heading) + "</h2>\n" + html + "</section>\n");
    return this;
  }

  /** A table cell that is already HTML (an image, say) and is not escaped. */
  public record Raw(String html) {}

  /** A table from a header and rows of cells (escaped here, except {@link Raw} ones). */
  public static String table(List<String> header, List<List<?>> rows) {
    StringBuilder b = new StringBuilder("<table><tr>");
    for (String h : header) {
      b.append("<th>").append(esc(h)).append("</th>");
    }
    b.append("</tr>\n");
    for (List<?> r : rows) {
      b.append("<tr>");
      for (Object c : r) {
        String cell = c == null ? "<span class=na>missing</span>" : c instanceof Raw raw ? raw.html() : esc(c);
        b.append(c instanceof Number ? "<td class=num>" : "<td>").append(cell).append("</td>");
      }
      b.append("</tr>\n");
    }
    return b.append("</table>\n").toString();
  }

  /** A horizontal bar chart of labelled values, as inline SVG. */
  public static String barChart(List<String> labels, List<? extends Number> values, String unit) {
    int rowH = 26;
    int labelW = 150;
    int barW = 440;
    double max = values.stream().mapToDouble(Number::doubleValue).max().orElse(1);
    StringBuilder b = new StringBuilder();
    b.append("<svg class=chart width=\"").append(labelW + barW + 120).append("\" height=\"").append(rowH * labels.size() + 8)
        .append("\" role=img aria-label=\"bar chart\">");
    for (int i = 0; i < labels.size(); i++) {
      double v = values.get(i).doubleValue();
      int w = max <= 0 ? 0 : (int) Math.round(barW * v / max);
      int y = i * rowH + 4;
      b.append("<text x=\"").append(labelW - 8).append("\" y=\"").append(y + 16).append("\" text-anchor=end>")
          .append(esc(labels.get(i))).append("</text>");
      b.append("<rect x=\"").append(labelW).append("\" y=\"").append(y).append("\" width=\"").append(Math.max(w, 1))
          .append("\" height=\"").append(rowH - 8).append("\" fill=\"").append(PALETTE[0]).append("\"/>");
      b.append("<text x=\"").append(labelW + w + 6).append("\" y=\"").append(y + 16).append("\">")
          .append(String.format("%,d", Math.round(v))).append(' ').append(esc(unit)).append("</text>");
    }
    return b.append("</svg>\n").toString();
  }

  /**
   * Vertical bars grouped by category: one bar per series in each group, coloured by series, with a
   * legend; values are probabilities in [0, max].
   */
  public static String groupedBars(List<String> categories, List<String> series, double[][] values) {
    int groupW = 26;
    int barW = Math.max(3, (groupW - 6) / Math.max(1, series.size()));
    int h = 180;
    int left = 40;
    double max = 0;
    for (double[] v : values) {
      for (double x : v) {
        max = Math.max(max, x);
      }
    }
    max = max <= 0 ? 1 : max;
    int width = left + groupW * categories.size() + 10;
    StringBuilder b = new StringBuilder(String.format(
        "<svg class=chart width=\"%d\" height=\"%d\" role=img aria-label=\"grouped bars\">", width, h + 60));
    for (int g = 0; g <= 4; g++) {
      double v = max * g / 4;
      int y = 10 + h - (int) Math.round(h * v / max);
      b.append(String.format("<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#eee\"/>"
          + "<text x=\"%d\" y=\"%d\" text-anchor=end font-size=10>%.2f</text>", left, width - 10, y, y, left - 4, y + 4, v));
    }
    for (int c = 0; c < categories.size(); c++) {
      int x0 = left + c * groupW + 3;
      for (int s = 0; s < series.size(); s++) {
        double v = values[s][c];
        int bh = (int) Math.round(h * v / max);
        b.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s, %s: %.3f</title></rect>",
            x0 + s * barW, 10 + h - bh, barW, bh, PALETTE[s % PALETTE.length], esc(series.get(s)), esc(categories.get(c)), v));
      }
      b.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=middle>%s</text>", x0 + groupW / 2 - 3, h + 26,
          esc(categories.get(c))));
    }
    int lx = left;
    for (int s = 0; s < series.size(); s++) {
      b.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>",
          lx, h + 38, PALETTE[s % PALETTE.length], lx + 16, h + 49, esc(series.get(s))));
      lx += 40 + 8 * series.get(s).length();
    }
    return b.append("</svg>\n").toString();
  }

  /** One stacked horizontal bar per group, segments coloured by key, with a legend. */
  public static String stackedBars(Map<String, Map<String, Long>> groups) {
    List<String> keys = new ArrayList<>();
    long max = 1;
    for (Map<String, Long> g : groups.values()) {
      long sum = 0;
      for (Map.Entry<String, Long> e : g.entrySet()) {
        if (!keys.contains(e.getKey())) {
          keys.add(e.getKey());
        }
        sum += e.getValue();
      }
      max = Math.max(max, sum);
    }
    int rowH = 28;
    int labelW = 80;
    int barW = 480;
    StringBuilder b = new StringBuilder("<svg class=chart width=\"").append(labelW + barW + 120).append("\" height=\"")
        .append(rowH * groups.size() + 34).append("\" role=img aria-label=\"stacked bars\">");
    int i = 0;
    for (Map.Entry<String, Map<String, Long>> g : groups.entrySet()) {
      int y = i++ * rowH + 4;
      b.append("<text x=\"").append(labelW - 8).append("\" y=\"").append(y + 17).append("\" text-anchor=end>")
          .append(esc(g.getKey())).append("</text>");
      double x = labelW;
      long total = 0;
      for (String k : keys) {
        long v = g.getValue().getOrDefault(k, 0L);
        total += v;
        double w = barW * (double) v / max;
        b.append(String.format("<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s: %,d</title></rect>",
            x, y, w, rowH - 8, PALETTE[keys.indexOf(k) % PALETTE.length], esc(k), v));
        x += w;
      }
      b.append(String.format("<text x=\"%.1f\" y=\"%d\">%,d</text>", x + 6, y + 17, total));
    }
    int ly = groups.size() * rowH + 18;
    int lx = labelW;
    for (String k : keys) {
      b.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>",
          lx, ly - 10, PALETTE[keys.indexOf(k) % PALETTE.length], lx + 16, ly, esc(k)));
      lx += 24 + 9 * k.length() + 20;
    }
    return b.append("</svg>\n").toString();
  }

  /** The whole page. */
  public String render() {
    StringBuilder b = new StringBuilder();
    b.append("<!doctype html>\n<html lang=en><head><meta charset=utf-8><meta name=viewport content=\"width=device-width\">");
    b.append("<title>").append(esc(title)).append("</title><style>");
    b.append("body{font:15px/1.5 system-ui,'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222}");
    b.append("h1{margin-bottom:.2em}section{margin:2em 0;border-top:1px solid #ddd;padding-top:.5em}");
    b.append("table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:.3em .6em;vertical-align:top;text-align:left}");
    b.append("th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}.na{color:#999;font-style:italic}");
    b.append(".before{background:#fff3f0}.after{background:#f0fff3}pre{background:#f7f7f7;padding:.8em;overflow:auto}");
    b.append(".muted{color:#666}.chart text{font-size:13px}.step{margin:1.2em 0}.step h3{margin:.2em 0}");
    b.append("</style></head><body>\n<h1>").append(esc(title)).append("</h1>\n");
    sections.forEach(b::append);
    b.append("</body></html>\n");
    return b.toString();
  }
}
