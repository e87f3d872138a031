package dev.fabrica.neural.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.core.AtomicFiles;
import dev.fabrica.core.Json;
import dev.fabrica.neural.io.LinePlot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code metrics.jsonl} (one JSON object per evaluation: step, the training losses averaged since
 * the previous evaluation, the evaluation figures, elapsed seconds) and the {@code loss.png} drawn
 * from it.
 */
public final class MetricsLog {
  public static final String FILE = "metrics.jsonl";
  private final Path file;
  private final List<Map<String, Object>> lines = new ArrayList<>();

  /** Opens the log of a run; lines past {@code keepUpToStep} (a resumed run's future) are dropped. */
  public MetricsLog(Path runDir, long keepUpToStep) {
    this.file = runDir.resolve(FILE);
    if (Files.isRegularFile(file)) {
      try {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (line.isBlank()) {
            continue;
          }
          JsonNode n = Json.MAPPER.readTree(line);
          if (n.path("step").asLong() <= keepUpToStep) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = Json.MAPPER.convertValue(n, LinkedHashMap.class);
            lines.add(m);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
  }

  public List<Map<String, Object>> lines() {
    return lines;
  }

  /** Appends a line and rewrites the file (small: one line per evaluation) atomically. */
  public void add(Map<String, Object> line) {
    lines.add(line);
    StringBuilder sb = new StringBuilder();
    for (Map<String, Object> l : lines) {
      sb.append(Json.compact(l)).append('\n');
    }
    AtomicFiles.writeString(file, sb.toString());
  }

  /** Draws every numeric loss-like column ("loss" in its name) against the step. */
  public void plot(Path png, String title) {
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    for (Map<String, Object> l : lines) {
      double step = ((Number) l.get("step")).doubleValue();
      l.forEach((k, v) -> {
        if (k.contains("loss") && v instanceof Number n) {
          series.computeIfAbsent(k, x -> new ArrayList<>()).add(new double[] {step, n.doubleValue()});
        }
      });
    }
    List<LinePlot.Series> out = new ArrayList<>();
    series.forEach((k, pts) -> out.add(new LinePlot.Series(
        k, pts.stream().mapToDouble(p -> p[0]).toArray(), pts.stream().mapToDouble(p -> p[1]).toArray())));
    LinePlot.write(png, title, "step", "loss", out);
  }
}
