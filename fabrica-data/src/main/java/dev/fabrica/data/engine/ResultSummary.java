package dev.fabrica.data.engine;

import dev.fabrica.data.table.Cells;
import dev.fabrica.data.table.Row;
import dev.fabrica.data.table.Schema;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What the last pass of a run emitted, counted as it goes by (so the report needs no further read
 * of the result): rows per split, and the values of the label column per split. Serializable and
 * mergeable, so an engine that holds the result in parts (Spark) counts each part where it is.
 */
public final class ResultSummary implements Consumer<Row>, java.io.Serializable {
  private final String labelColumn;
  private final int labelIndex;
  private final long[] splitSizes = new long[4];
  /** Per split code + 1: label text to count. */
  @SuppressWarnings("unchecked")
  private final Map<String, long[]>[] labels = new Map[4];
  /** Split codes in the order their first row came. */
  private final byte[] firstSeen = new byte[4];
  private int seen;
  private transient Schema schema;

  /**
   * @param columns the result's columns
   * @param labelColumn the column whose values are counted, or null
   */
  ResultSummary(List<String> columns, String labelColumn) {
    this.labelColumn = labelColumn;
    this.labelIndex = labelColumn == null ? -1 : columns.indexOf(labelColumn);
  }

  /**
   * Adds the counts of {@code later}, a summary of rows that come after this one's (as Spark's
   * partitions of a sorted result do), so splits keep the order in which their first rows came.
   */
  public void merge(ResultSummary later) {
    for (int i = 0; i < later.seen; i++) {
      int s = later.firstSeen[i] + 1;
      if (splitSizes[s] == 0) {
        firstSeen[seen++] = later.firstSeen[i];
        labels[s] = new HashMap<>();
      }
      splitSizes[s] += later.splitSizes[s];
      later.labels[s].forEach((k, n) -> labels[s].computeIfAbsent(k, x -> new long[1])[0] += n[0]);
    }
  }

  @Override
  public void accept(Row row) {
    int s = row.split() + 1;
    if (splitSizes[s]++ == 0) {
      firstSeen[seen++] = row.split();
      labels[s] = new HashMap<>();
    }
    if (labelIndex >= 0) {
      Object v = row.get(labelIndex);
      labels[s].computeIfAbsent(v == null ? "(missing)" : Cells.asText(v), k -> new long[1])[0]++;
    }
  }

  void setSchema(Schema schema) {
    this.schema = schema;
  }

  Schema schema() {
    return schema;
  }

  /** All rows counted. */
  public long rows() {
    return splitSizes[0] + splitSizes[1] + splitSizes[2] + splitSizes[3];
  }

  /** Rows with a split code ({@link Row#NO_SPLIT}, TRAIN, VAL, TEST). */
  public long size(byte split) {
    return splitSizes[split + 1];
  }

  /** Rows per split code + 1. */
  long[] splitSizes() {
    return splitSizes.clone();
  }

  String labelColumn() {
    return labelIndex >= 0 ? labelColumn : null;
  }

  /** Label counts by split name, splits in the order their first row came, labels sorted. */
  Map<String, Map<String, Long>> labelCounts() {
    Map<String, Map<String, Long>> out = new LinkedHashMap<>();
    for (int i = 0; i < seen; i++) {
      Map<String, Long> m = new TreeMap<>();
      labels[firstSeen[i] + 1].forEach((k, n) -> m.put(k, n[0]));
      out.put(Row.splitName(firstSeen[i]), m);
    }
    return out;
  }

  /** Label counts over all splits, labels sorted. */
  Map<String, Long> allLabelCounts() {
    Map<String, Long> all = new TreeMap<>();
    for (Map<String, Long> m : labelCounts().values()) {
      m.forEach((k, n) -> all.merge(k, n, Long::sum));
    }
    return all;
  }
}
