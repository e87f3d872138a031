package dev.fabrica.classic.nb;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.format.Formats;
import dev.fabrica.data.format.RowSource;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.stats.DatasetStats;
import dev.fabrica.data.table.Row;
import dev.fabrica.data.table.Schema;
import dev.fabrica.data.table.TypeTracker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Rows ready for a Naive Bayes model: features encoded by an {@link NbTable} (finite doubles or
 * text, null when missing), one label per row (null when the row has none: such rows are skipped by
 * fitting), and where each row came from for messages. Immutable.
 */
public final class NbData {
  private final NbTable table;
  private final String source;
  private final List<Object[]> features;
  private final List<String> labels;
  private final long[] lines;
  private final DatasetStats stats;

  private NbData(NbTable table, String source, List<Object[]> features, List<String> labels, long[] lines,
      DatasetStats stats) {
    this.table = table;
    this.source = source;
    this.features = features;
    this.labels = labels;
    this.lines = lines;
    this.stats = stats;
  }

  /**
   * Reads a CSV with a header and describes it for {@code config.kind()}; when a {@code stats.json}
   * sits beside the file (a prep output directory), its scalers are kept so that samples can be
   * de-normalized.
   */
  public static NbData fromCsv(Path csv, String labelColumn, NbConfig config) {
    Path statsFile = csv.toAbsolutePath().getParent().resolve("stats.json");
    DatasetStats stats = Files.isRegularFile(statsFile) ? DatasetStats.read(statsFile) : null;
    List<String> names = new ArrayList<>();
    List<Row> rows = readCsv(csv, names);
    return of(csv.toString(), names, rows, labelColumn, config, stats);
  }

  /** Reads a CSV whose feature columns are those of a fitted model's table (e.g. a test split). */
  public static NbData fromCsv(Path csv, NbTable table) {
    List<String> names = new ArrayList<>();
    List<Row> rows = readCsv(csv, names);
    return against(table, csv.toString(), names, rows);
  }

  private static List<Row> readCsv(Path csv, List<String> names) {
    if (!Files.isRegularFile(csv)) {
      throw new BadInputException(csv + ": no such file");
    }
    List<Row> rows = new ArrayList<>();
    try (RowSource src = Formats.input("csv", "naive bayes input").open(csv, Params.empty(csv.toString()))) {
      names.addAll(src.columns());
      src.read(rows::add);
    } catch (IOException e) {
      throw new BadInputException("cannot read " + csv + ": " + e.getMessage());
    }
    return rows;
  }

  /**
   * Types the columns of {@code rows} from their values and encodes them for {@code config.kind()}.
   *
   * @param names column names, in cell order
   * @param stats stats.json of the prepared dataset the rows come from, or null
   */
  public static NbData of(String source, List<String> names, List<Row> rows, String labelColumn, NbConfig config,
      DatasetStats stats) {
    if (rows.isEmpty()) {
      throw new BadInputException(source + ": no rows (fitting needs at least one labelled row)");
    }
    TypeTracker types = new TypeTracker(names);
    rows.forEach(types::accept);
    Schema schema = types.schema();
    NbTable table = NbTable.describe(schema, labelColumn, config.kind(), config.textColumns(), stats, source);
    return against(table, source, names, rows).withStats(stats);
  }

  /** Plain cell arrays (line numbers are 1-based row numbers), for code and tests. */
  public static NbData ofCells(String source, List<String> names, List<Object[]> cells, String labelColumn,
      NbConfig config) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < cells.size(); i++) {
      rows.add(new Row(cells.get(i), i + 1));
    }
    return of(source, names, rows, labelColumn, config, null);
  }

  /**
   * Encodes rows by an existing table: its feature columns are looked up by name (all must be
   * present); the label column may be absent, for prediction.
   */
  public static NbData against(NbTable table, String source, List<String> names, List<Row> rows) {
    int[] at = new int[table.columns().size()];
    for (int j = 0; j < at.length; j++) {
      at[j] = names.indexOf(table.columns().get(j).name());
      if (at[j] < 0) {
        throw new BadInputException(source + ": column '" + table.columns().get(j).name()
            + "' is missing (columns: " + String.join(", ", names) + ")");
      }
    }
    int label = names.indexOf(table.labelColumn());
    List<Object[]> features = new ArrayList<>(rows.size());
    List<String> labels = new ArrayList<>(rows.size());
    long[] lines = new long[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      String where = source + " line " + r.line();
      Object[] x = new Object[at.length];
      for (int j = 0; j < at.length; j++) {
        x[j] = table.encode(j, at[j] < r.size() ? r.get(at[j]) : null, where);
      }
      features.add(x);
      labels.add(label < 0 || label >= r.size() ? null : NbTable.labelText(r.get(label)));
      lines[i] = r.line();
    }
    return new NbData(table, source, features, labels, lines, null);
  }

  private NbData withStats(DatasetStats s) {
    return new NbData(table, source, features, labels, lines, s);
  }

  /** Rows [from, to), for incremental fitting. */
  public NbData slice(int from, int to) {
    return new NbData(table, source, features.subList(from, to), labels.subList(from, to),
        java.util.Arrays.copyOfRange(lines, from, to), stats);
  }

  public NbTable table() {
    return table;
  }

  public String source() {
    return source;
  }

  public int size() {
    return features.size();
  }

  /** Encoded features of row {@code i}, in {@link NbTable#columns()} order; do not modify. */
  public Object[] features(int i) {
    return features.get(i);
  }

  /** The label text of row {@code i}, or null. */
  public String label(int i) {
    return labels.get(i);
  }

  /** Where row {@code i} came from, for messages: {@code file line N}. */
  public String where(int i) {
    return source + " line " + lines[i];
  }

  /** The prepared dataset's stats, or null. */
  public DatasetStats stats() {
    return stats;
  }

  /** SHA-256 (first 16 hex digits) of the encoded features and labels, for provenance. */
  public String fingerprint() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (int i = 0; i < size(); i++) {
        for (Object v : features.get(i)) {
          md.update(String.valueOf(v).getBytes(StandardCharsets.UTF_8));
          md.update((byte) 0x1f);
        }
        md.update(String.valueOf(labels.get(i)).getBytes(StandardCharsets.UTF_8));
        md.update((byte) '\n');
      }
      return HexFormat.of().formatHex(md.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The data as a map for model.json's provenance. */
  Map<String, Object> provenance() {
    return Map.of("source", source, "rows", size(), "fingerprint", fingerprint());
  }
}
