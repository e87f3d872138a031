package dev.fabrica.tabular;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A free-text column's stand-in model: cells are drawn as a length (in words) from the column's
 * lengths, then that many words by their frequency in the column. It keeps the vocabulary and the
 * length profile, not the sentences; it is independent of the other columns.
 */
public final class TextColumn {
  private final List<String> words;
  private final double[] cumulative;
  private final int[] lengths;
  private final double missing;

  TextColumn(List<String> words, double[] cumulative, int[] lengths, double missing) {
    this.words = List.copyOf(words);
    this.cumulative = cumulative;
    this.lengths = lengths;
    this.missing = missing;
  }

  /** Learns the words and lengths of a column's cells (null for missing). */
  public static TextColumn fit(List<Object> cells) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    List<Integer> lens = new ArrayList<>();
    int missing = 0;
    for (Object v : cells) {
      if (v == null) {
        missing++;
        continue;
      }
      String[] ws = v.toString().strip().split("\\s+");
      lens.add(ws.length);
      for (String w : ws) {
        counts.merge(w, 1, Integer::sum);
      }
    }
    List<String> words = new ArrayList<>(counts.keySet());
    double[] cum = new double[words.size()];
    double total = counts.values().stream().mapToInt(Integer::intValue).sum();
    double acc = 0;
    for (int i = 0; i < words.size(); i++) {
      acc += counts.get(words.get(i)) / total;
      cum[i] = acc;
    }
    return new TextColumn(words, cum, lens.stream().mapToInt(Integer::intValue).toArray(),
        cells.isEmpty() ? 0 : (double) missing / cells.size());
  }

  /** One synthetic cell. */
  public Object draw(SplittableRandom rng) {
    if (lengths.length == 0 || rng.nextDouble() < missing) {
      return null;
    }
    int len = lengths[rng.nextInt(lengths.length)];
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < len; i++) {
      double u = rng.nextDouble() * cumulative[cumulative.length - 1];
      int k = java.util.Arrays.binarySearch(cumulative, u);
      k = k >= 0 ? k : Math.min(cumulative.length - 1, -k - 1);
      b.append(i == 0 ? "" : " ").append(words.get(k));
    }
    return b.toString();
  }

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("words", words);
    List<Double> cum = new ArrayList<>();
    for (double c : cumulative) {
      cum.add(c);
    }
    m.put("cumulative", cum);
    m.put("lengths", java.util.Arrays.stream(lengths).boxed().toList());
    m.put("missing", missing);
    return m;
  }

  public static TextColumn fromJson(Map<?, ?> m) {
    List<?> w = (List<?>) m.get("words");
    List<?> c = (List<?>) m.get("cumulative");
    List<?> l = (List<?>) m.get("lengths");
    double[] cum = new double[c.size()];
    for (int i = 0; i < cum.length; i++) {
      cum[i] = ((Number) c.get(i)).doubleValue();
    }
    int[] lens = new int[l.size()];
    for (int i = 0; i < lens.length; i++) {
      lens[i] = ((Number) l.get(i)).intValue();
    }
    return new TextColumn(w.stream().map(String::valueOf).toList(), cum, lens, ((Number) m.get("missing")).doubleValue());
  }
}
