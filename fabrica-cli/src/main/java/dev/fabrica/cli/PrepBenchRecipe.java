package dev.fabrica.cli;

import dev.fabrica.core.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The recipe of {@code fabrica bench prep}, in one place: the steps of the benchmark in order. */
final class PrepBenchRecipe {
  /** Output formats, each written for train, val and test. */
  static final List<String> OUTPUT_FORMATS = List.of("csv", "jsonl");

  /** The steps, in order: name and options. */
  static final List<Map.Entry<String, Map<String, Object>>> STEPS = List.of(
      Map.entry("dedupe", Map.of()),
      Map.entry("fill_missing", ordered("text", "unknown", "feature1", "mean", "feature2", "median", "label", "mode")),
      Map.entry("clean_text", ordered("column", "text", "remove", List.of("punctuation", "symbols", "urls", "html"),
          "whitespace", "collapse")),
      Map.entry("split", ordered("train", 0.70, "val", 0.15, "test", 0.15, "seed", 42)),
      Map.entry("normalize", ordered("columns", List.of("feature1", "feature2"), "method", "standard")));

  private PrepBenchRecipe() {}

  /** The recipe as JSON text: read {@code csv}, run the steps, write to {@code outDir}. */
  static String json(Path csv, Path outDir) {
    Map<String, Object> recipe = new LinkedHashMap<>();
    recipe.put("input", Map.of("path", csv.toAbsolutePath().toString(), "format", "csv"));
    recipe.put("steps", STEPS.stream().map(e -> Map.of(e.getKey(), e.getValue())).toList());
    recipe.put("output", Map.of("dir", outDir.toAbsolutePath().toString(), "formats", OUTPUT_FORMATS));
    return Json.pretty(recipe);
  }

  private static Map<String, Object> ordered(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }
}
