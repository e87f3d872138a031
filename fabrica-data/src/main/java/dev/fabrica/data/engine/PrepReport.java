package dev.fabrica.data.engine;

import dev.fabrica.core.Json;
import dev.fabrica.core.Version;
import dev.fabrica.data.recipe.Recipe;
import dev.fabrica.data.table.Column;
import dev.fabrica.data.table.Row;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a prep run did, written as {@code report.json} (rows in and out per step and each step's
 * own figures, split sizes, label counts per split, output files) and {@code stats.json} (column
 * types, fitted scalers, fill values, label vocabulary: what later stages need to map values back).
 */
public final class PrepReport {
  private final Map<String, Object> report = new LinkedHashMap<>();
  private final Map<String, Object> stats = new LinkedHashMap<>();
  private final List<StepRun> steps;
  private Path output;

  private PrepReport(List<StepRun> steps) {
    this.steps = steps;
  }

  static PrepReport build(Recipe recipe, Path input, String format, List<StepRun> steps, ResultSummary result) {
    PrepReport r = new PrepReport(steps);
    r.report.put("fabrica_version", Version.get());
    r.report.put("recipe", recipe.file().toString());
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("path", input.toString());
    in.put("format", format);
    in.put("rows", steps.isEmpty() ? result.rows() : steps.get(0).rowsIn.sum());
    r.report.put("input", in);

    List<Map<String, Object>> columns = new ArrayList<>();
    for (Column c : result.schema().columns()) {
      columns.add(Map.of("name", c.name(), "type", c.type().id()));
    }
    r.stats.put("fabrica_version", Version.get());
    r.stats.put("columns", columns);
    r.stats.put("rows", result.rows());
    for (StepRun s : steps) {
      merge(r.stats, s.step.stats());
    }

    boolean split = steps.stream().anyMatch(s -> s.name.equals("split"));
    String labelColumn = result.labelColumn();
    if (labelColumn != null) {
      Map<String, Map<String, Long>> counts = result.labelCounts();
      Map<String, Long> all = result.allLabelCounts();
      Map<String, Object> labels = new LinkedHashMap<>();
      labels.put("column", labelColumn);
      labels.put("values", new ArrayList<>(all.keySet()));
      labels.put("counts", all);
      r.stats.put("labels", labels);
      r.report.put("label_counts", counts);
    }
    if (split) {
      Map<String, Object> sizes = new LinkedHashMap<>();
      for (byte s : new byte[] {Row.TRAIN, Row.VAL, Row.TEST}) {
        sizes.put(Row.splitName(s), result.size(s));
      }
      r.report.put("splits", sizes);
      r.stats.put("splits", sizes);
    }
    r.report.put("rows_out", result.rows());
    return r;
  }

  /** The stratify column of a split step, else a column named {@code label}; null when neither is a result column. */
  static String labelColumn(List<StepRun> steps, List<String> columns) {
    for (StepRun s : steps) {
      Object col = s.name.equals("split") ? s.step.report().get("stratify") : null;
      if (col instanceof String c && columns.contains(c)) {
        return c;
      }
    }
    return columns.contains("label") ? "label" : null;
  }

  @SuppressWarnings("unchecked")
  private static void merge(Map<String, Object> into, Map<String, Object> from) {
    for (Map.Entry<String, Object> e : from.entrySet()) {
      Object old = into.get(e.getKey());
      if (old instanceof Map && e.getValue() instanceof Map) {
        Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) old);
        merge(m, (Map<String, Object>) e.getValue());
        into.put(e.getKey(), m);
      } else {
        into.put(e.getKey(), e.getValue());
      }
    }
  }

  void finish(List<Map<String, Object>> files, double seconds, double readSeconds) {
    List<Map<String, Object>> stepMaps = new ArrayList<>();
    for (StepRun s : steps) {
      stepMaps.add(s.toMap(readSeconds >= 0));
    }
    report.put("steps", stepMaps);
    report.put("outputs", files);
    if (readSeconds >= 0) {
      report.put("read_seconds", readSeconds);
    }
    report.put("seconds", seconds);
  }

  void writeTo(Path dir) {
    Json.writeFile(dir.resolve("report.json"), report);
    Json.writeFile(dir.resolve("stats.json"), stats);
  }

  PrepReport withOutput(Path dir) {
    this.output = dir;
    return this;
  }

  /** The committed output directory. */
  public Path output() {
    return output;
  }

  /** report.json as a map. */
  public Map<String, Object> report() {
    return report;
  }

  /** stats.json as a map. */
  public Map<String, Object> stats() {
    return stats;
  }

  /** The per-step rows as a plain-text table, for the terminal. */
  @SuppressWarnings("unchecked")
  public String table() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%-4s %-14s %12s %12s  %s%n", "#", "step", "rows in", "rows out", "details"));
    int i = 0;
    for (Map<String, Object> s : (List<Map<String, Object>>) report.get("steps")) {
      Map<String, Object> details = new LinkedHashMap<>(s);
      details.keySet().removeAll(List.of("step", "key", "rows_in", "rows_out", "examples"));
      sb.append(String.format("%-4d %-14s %,12d %,12d  %s%n", i++, s.get("step"), (Long) s.get("rows_in"),
          (Long) s.get("rows_out"), details.isEmpty() ? "" : Json.compact(details)));
    }
    if (report.containsKey("splits")) {
      sb.append("splits: ").append(Json.compact(report.get("splits"))).append('\n');
    }
    if (report.containsKey("label_counts")) {
      sb.append("labels per split: ").append(Json.compact(report.get("label_counts"))).append('\n');
    }
    sb.append("outputs: ");
    List<String> names = new ArrayList<>();
    for (Map<String, Object> f : (List<Map<String, Object>>) report.get("outputs")) {
      names.add((String) f.get("file"));
    }
    sb.append(String.join(", ", names)).append('\n');
    return sb.toString();
  }
}
