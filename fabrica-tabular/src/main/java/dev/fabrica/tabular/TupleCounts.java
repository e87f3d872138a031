package dev.fabrica.tabular;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct value tuples of some columns of a table, most frequent first (ties in order of first
 * appearance), with each one's share of the rows: the categories of the copula's frequency
 * intervals and of the neural synthesizers' one-hot spans.
 */
public record TupleCounts(List<Object[]> tuples, double[] shares) {
  public static TupleCounts of(Table table, int[] columns) {
    Map<String, Object[]> values = new LinkedHashMap<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Object[] row : table.rows()) {
      Object[] tuple = new Object[columns.length];
      for (int j = 0; j < columns.length; j++) {
        tuple[j] = row[columns[j]];
      }
      String key = key(tuple);
      values.putIfAbsent(key, tuple);
      counts.merge(key, 1, Integer::sum);
    }
    List<String> keys = new ArrayList<>(counts.keySet());
    keys.sort((a, b) -> Integer.compare(counts.get(b), counts.get(a))); // a stable sort
    List<Object[]> ordered = new ArrayList<>();
    double[] shares = new double[keys.size()];
    for (int k = 0; k < keys.size(); k++) {
      ordered.add(values.get(keys.get(k)));
      shares[k] = (double) counts.get(keys.get(k)) / table.size();
    }
    return new TupleCounts(ordered, shares);
  }

  /** A tuple's identity: its values' keys ({@link Values#key}) joined by a unit separator. */
  public static String key(Object[] tuple) {
    StringBuilder b = new StringBuilder();
    for (Object v : tuple) {
      b.append(Values.key(v)).append('\u001f');
    }
    return b.toString();
  }
}
