package dev.fabrica.data.stats;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code stats.json} of a prepared dataset: column types, scalers, fill values and labels.
 *
 * <pre>{@code
 * DatasetStats stats = DatasetStats.read(Path.of("out/reviews"));
 * double original = stats.scaler("feature1").orElseThrow().inverse(generated);
 * }</pre>
 */
public final class DatasetStats {
  private final Map<String, Object> raw;

  private DatasetStats(Map<String, Object> raw) {
    this.raw = raw;
  }

  /** Reads {@code dir/stats.json} (or the file itself when given). */
  public static DatasetStats read(Path dirOrFile) {
    Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve("stats.json") : dirOrFile;
    try {
      return new DatasetStats(Json.MAPPER.readValue(file.toFile(), new TypeReference<Map<String, Object>>() {}));
    } catch (IOException e) {
      throw new BadInputException("cannot read " + file + ": " + e.getMessage());
    }
  }

  /** Wraps an in-memory stats map (as a prep run returns it). */
  public static DatasetStats of(Map<String, Object> raw) {
    return new DatasetStats(raw);
  }

  /** Column name to type id ({@code integer}, {@code double}, {@code string}, ...), in order. */
  @SuppressWarnings("unchecked")
  public Map<String, String> columnTypes() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map<String, Object> c : (List<Map<String, Object>>) raw.getOrDefault("columns", List.of())) {
      out.put((String) c.get("name"), (String) c.get("type"));
    }
    return out;
  }

  /** The scaler fitted for {@code column}, if it was normalized. */
  @SuppressWarnings("unchecked")
  public Optional<Scaler> scaler(String column) {
    Map<String, Object> scalers = (Map<String, Object>) raw.get("scalers");
    if (scalers == null || !scalers.containsKey(column)) {
      return Optional.empty();
    }
    return Optional.of(Scaler.fromMap((Map<String, Object>) scalers.get(column)));
  }

  /** Maps a value of {@code column} back to its original scale (identity when not normalized). */
  public double denormalize(String column, double value) {
    return scaler(column).map(s -> s.inverse(value)).orElse(value);
  }

  /** The label values in sorted order, or an empty list. */
  @SuppressWarnings("unchecked")
  public List<String> labels() {
    Map<String, Object> l = (Map<String, Object>) raw.get("labels");
    return l == null ? List.of() : (List<String>) l.get("values");
  }

  /** The raw map. */
  public Map<String, Object> raw() {
    return raw;
  }
}
