package dev.fabrica.classic.nb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.core.AtomicFiles;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import dev.fabrica.core.Version;
import dev.fabrica.data.stats.Scaler;
import dev.fabrica.data.table.ColumnType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * model.json of a Naive Bayes model: {@code format} ("fabrica-naive-bayes", version 1), {@code
 * fabrica_version}, {@code kind}, {@code seed}, {@code config} (every hyperparameter), {@code table}
 * (label column and type, feature columns with type and distribution, scalers of normalized
 * columns), {@code classes}, {@code class_count}, {@code class_log_prior}, {@code data} (source, rows
 * and fingerprint of each fit) and {@code blocks}: per block its columns, sufficient statistics
 * (counts, Welford means and m2, length histograms), from which a loaded model is rebuilt exactly,
 * and the derived parameters (variances, probabilities) for people to read.
 */
final class NbModelJson {
  static final String FORMAT = "fabrica-naive-bayes";

  private NbModelJson() {}

  static void save(NbModel m, Path file) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format", FORMAT);
    root.put("format_version", 1);
    root.put("fabrica_version", Version.get());
    root.put("kind", m.config().kind().id());
    root.put("seed", m.config().seed());
    root.put("config", config(m.config()));
    root.put("table", table(m.table()));
    root.put("classes", m.classes());
    root.put("class_count", m.classCount());
    root.put("class_log_prior", m.classLogPrior());
    root.put("data", m.provenance());
    List<Map<String, Object>> blocks = new ArrayList<>();
    for (Block b : m.blocks()) {
      blocks.add(b.toJson(m.table()));
    }
    root.put("blocks", blocks);
    AtomicFiles.write(file, out -> Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, root));
  }

  private static Map<String, Object> config(NbConfig c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", c.kind().id());
    m.put("alpha", c.alpha());
    m.put("var_smoothing", c.varSmoothing());
    m.put("binarize", c.binarize());
    m.put("fit_prior", c.fitPrior());
    m.put("class_prior", c.classPrior());
    m.put("text_columns", c.textColumns());
    m.put("seed", c.seed());
    return m;
  }

  private static Map<String, Object> table(NbTable t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("label_column", t.labelColumn());
    m.put("label_type", t.labelType().id());
    List<Map<String, Object>> cols = new ArrayList<>();
    for (NbColumn c : t.columns()) {
      cols.add(Map.of("name", c.name(), "type", c.type().id(), "dist", c.dist().name().toLowerCase(Locale.ROOT)));
    }
    m.put("columns", cols);
    Map<String, Object> scalers = new LinkedHashMap<>();
    t.scalers().forEach((k, v) -> scalers.put(k, v.toMap()));
    m.put("scalers", scalers);
    return m;
  }

  @SuppressWarnings("unchecked")
  static NbModel load(Path file) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new BadInputException("cannot read " + file + ": " + e.getMessage());
    }
    if (root == null || !FORMAT.equals(root.path("format").asText())) {
      throw new BadInputException(file + ": not a naive bayes model.json (format is not '" + FORMAT + "')");
    }
    try {
      NbConfig config = readConfig(root.get("config"));
      NbTable table = readTable(root.get("table"));
      List<String> classes = new ArrayList<>();
      root.get("classes").forEach(n -> classes.add(n.asText()));
      List<Block> blocks = new ArrayList<>();
      for (JsonNode b : root.get("blocks")) {
        blocks.add(Block.fromJson(b, table, classes.size()));
      }
      List<Map<String, Object>> prov = Json.MAPPER.convertValue(root.get("data"), List.class);
      return new NbModel(config, table, classes, Block.vector(root.get("class_count")), blocks, prov);
    } catch (RuntimeException e) {
      if (e instanceof BadInputException) {
        throw e;
      }
      throw new BadInputException(file + ": malformed model.json: " + e.getMessage(), e);
    }
  }

  private static NbConfig readConfig(JsonNode c) {
    List<Double> prior = null;
    if (c.hasNonNull("class_prior")) {
      prior = new ArrayList<>();
      for (JsonNode p : c.get("class_prior")) {
        prior.add(p.asDouble());
      }
    }
    List<String> text = new ArrayList<>();
    c.path("text_columns").forEach(n -> text.add(n.asText()));
    Double binarize = c.hasNonNull("binarize") ? c.get("binarize").asDouble() : null;
    return new NbConfig(NbKind.of(c.get("kind").asText()), c.get("alpha").asDouble(),
        c.get("var_smoothing").asDouble(), binarize, c.get("fit_prior").asBoolean(), prior, text,
        c.get("seed").asLong());
  }

  @SuppressWarnings("unchecked")
  private static NbTable readTable(JsonNode t) {
    List<NbColumn> cols = new ArrayList<>();
    for (JsonNode c : t.get("columns")) {
      cols.add(new NbColumn(c.get("name").asText(), type(c.get("type").asText()),
          NbColumn.Dist.valueOf(c.get("dist").asText().toUpperCase(Locale.ROOT))));
    }
    Map<String, Scaler> scalers = new LinkedHashMap<>();
    t.path("scalers").fields().forEachRemaining(e ->
        scalers.put(e.getKey(), Scaler.fromMap(Json.MAPPER.convertValue(e.getValue(), Map.class))));
    return new NbTable(t.get("label_column").asText(), type(t.get("label_type").asText()), cols, scalers);
  }

  private static ColumnType type(String id) {
    return ColumnType.valueOf(id.toUpperCase(Locale.ROOT));
  }
}
