package dev.fabrica.tabular.transform;

import dev.fabrica.core.BadInputException;
import dev.fabrica.tabular.Table;
import dev.fabrica.tabular.TextColumn;
import dev.fabrica.tabular.TupleCounts;
import dev.fabrica.tabular.Values;
import dev.fabrica.tabular.constraint.Constraint;
import dev.fabrica.tabular.meta.ColumnMeta;
import dev.fabrica.tabular.meta.Metadata;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Rows to vectors and back for the neural synthesizers. A numerical or datetime column becomes a
 * scalar α = (x − μ_k) / (4σ_k) in [−1, 1] (a tanh output) and a one-hot of its mode k, drawn from
 * the mode's posterior under the column's {@link BayesianGmm} (an extra "missing" mode when the
 * column has gaps); a categorical or boolean column (or a fixed combination of columns, as one)
 * becomes a one-hot of its categories. Ids and free text are outside the vector, as in the copula.
 * Immutable.
 */
public final class DataTransformer {
  /** Mixture components tried per column, as CTGAN. */
  public static final int MAX_MODES = 10;

  /** Where an output segment sits in the vector and how it is activated. */
  public record Segment(int start, int size, boolean tanh) {}

  /** A numerical column's mixture; {@code missing} whether it has a missing mode (the last). */
  record Continuous(int column, ColumnMeta meta, BayesianGmm gmm, double min, double max, boolean missing) {}

  /** One-hot categories of one column or a fixed combination (tuples, most frequent first). */
  record Discrete(int[] columns, List<Object[]> values, double[] frequencies) {}

  private final Metadata meta;
  private final List<Object> spans; // Continuous or Discrete, in vector order
  private final Map<Integer, TextColumn> texts;
  private final List<Segment> segments = new ArrayList<>();
  private final int width;

  DataTransformer(Metadata meta, List<Object> spans, Map<Integer, TextColumn> texts) {
    this.meta = meta;
    this.spans = List.copyOf(spans);
    this.texts = new TreeMap<>(texts);
    int at = 0;
    for (Object s : this.spans) {
      if (s instanceof Continuous c) {
        segments.add(new Segment(at, 1, true));
        int modes = c.gmm().means().length + (c.missing() ? 1 : 0);
        segments.add(new Segment(at + 1, modes, false));
        at += 1 + modes;
      } else {
        Discrete d = (Discrete) s;
        segments.add(new Segment(at, d.values().size(), false));
        at += d.values().size();
      }
    }
    width = at;
  }

  public Metadata metadata() {
    return meta;
  }

  /** The vector's length. */
  public int width() {
    return width;
  }

  /** The segments in order: a tanh scalar and a mode softmax per numerical column, a softmax per categorical one. */
  public List<Segment> segments() {
    return segments;
  }

  /** The softmax segments that are categorical columns (not modes): what a conditional vector picks from. */
  public List<Segment> discreteSegments() {
    List<Segment> out = new ArrayList<>();
    int s = 0;
    for (Object span : spans) {
      if (span instanceof Continuous) {
        s += 2;
      } else {
        out.add(segments.get(s++));
      }
    }
    return out;
  }

  /** Fits the mixtures and category lists on {@code table}. */
  public static DataTransformer fit(Table table, Metadata meta, long seed) {
    List<Object> spans = new ArrayList<>();
    Set<Integer> grouped = new HashSet<>();
    for (Constraint c : meta.constraints()) {
      if (c instanceof Constraint.FixedCombinations fc) {
        int[] idx = fc.columns().stream().mapToInt(n -> table.require(n, "constraint " + fc.describe())).toArray();
        for (int i : idx) {
          grouped.add(i);
        }
        spans.add(discrete(table, idx));
      }
    }
    Map<Integer, TextColumn> texts = new TreeMap<>();
    for (int c = 0; c < meta.columns().size(); c++) {
      if (grouped.contains(c)) {
        continue;
      }
      ColumnMeta m = meta.columns().get(c);
      switch (m.kind()) {
        case NUMERICAL, DATETIME -> spans.add(continuous(table, c, m));
        case CATEGORICAL, BOOLEAN -> spans.add(discrete(table, new int[] {c}));
        case TEXT -> texts.put(c, TextColumn.fit(table.column(c)));
        case ID -> { }
      }
    }
    return new DataTransformer(meta, spans, texts);
  }

  private static Continuous continuous(Table t, int c, ColumnMeta m) {
    List<Double> xs = new ArrayList<>();
    boolean missing = false;
    for (int r = 0; r < t.size(); r++) {
      Object cell = t.rows().get(r)[c];
      Double x = Values.number(cell, m);
      if (cell == null) {
        missing = true;
      } else if (x == null || !Double.isFinite(x)) {
        throw new BadInputException(t.source() + " data row " + (r + 1) + ", column '" + m.name() + "': '" + cell + "' is not a number");
      } else {
        xs.add(x);
      }
    }
    double[] v = xs.stream().mapToDouble(Double::doubleValue).toArray();
    BayesianGmm g = BayesianGmm.fit(v, MAX_MODES, 1e-3, 100);
    return new Continuous(c, m, g, Arrays.stream(v).min().orElse(0), Arrays.stream(v).max().orElse(0), missing);
  }

  private static Discrete discrete(Table t, int[] columns) {
    TupleCounts tc = TupleCounts.of(t, columns);
    return new Discrete(columns, tc.tuples(), tc.shares());
  }

  /** Encodes rows; modes are drawn from their posteriors with {@code rng}. Row-major (rows, width). */
  public float[] transform(List<Object[]> rows, SplittableRandom rng) {
    float[] out = new float[rows.size() * width];
    List<Map<String, Integer>> index = new ArrayList<>();
    for (Object s : spans) {
      Map<String, Integer> ix = new java.util.HashMap<>();
      if (s instanceof Discrete d) {
        for (int k = 0; k < d.values().size(); k++) {
          ix.put(TupleCounts.key(d.values().get(k)), k);
        }
      }
      index.add(ix);
    }
    for (int i = 0; i < rows.size(); i++) {
      Object[] row = rows.get(i);
      int at = i * width;
      for (int s = 0; s < spans.size(); s++) {
        if (spans.get(s) instanceof Continuous c) {
          int modes = c.gmm().means().length;
          Double x = Values.number(row[c.column()], c.meta());
          if (x == null) {
            out[at + 1 + modes] = 1; // the missing mode; α stays 0
          } else {
            double[] p = c.gmm().responsibilities(x);
            double u = rng.nextDouble();
            int k = 0;
            for (double acc = p[0]; k < modes - 1 && u > acc; acc += p[++k]) {
              // walk to the drawn mode
            }
            double alpha = (x - c.gmm().means()[k]) / (4 * c.gmm().stds()[k]);
            out[at] = (float) Math.max(-0.99, Math.min(0.99, alpha));
            out[at + 1 + k] = 1;
          }
          at += 1 + modes + (c.missing() ? 1 : 0);
        } else {
          Discrete d = (Discrete) spans.get(s);
          Object[] tuple = new Object[d.columns().length];
          for (int j = 0; j < tuple.length; j++) {
            tuple[j] = row[d.columns()[j]];
          }
          Integer k = index.get(s).get(TupleCounts.key(tuple));
          if (k != null) {
            out[at + k] = 1;
          }
          at += d.values().size();
        }
      }
    }
    return out;
  }

  /**
   * Decodes activated vectors (tanh scalars, probabilities or logits per softmax segment) into rows:
   * α gets N(0, σ_j²) noise when {@code sigmas} is given (TVAE's learned per-scalar scale, one per
   * numerical column), each softmax segment its argmax; x = 4σ_k α + μ_k, clipped to the training
   * range and rounded as the column was. Free text is drawn from {@code rng}; ids stay null.
   */
  public List<Object[]> inverse(float[] v, int n, double[] sigmas, SplittableRandom rng) {
    List<Object[]> rows = new ArrayList<>(n);
    int cols = meta.columns().size();
    for (int i = 0; i < n; i++) {
      Object[] row = new Object[cols];
      int at = i * width;
      int cont = 0;
      for (Object s : spans) {
        if (s instanceof Continuous c) {
          int modes = c.gmm().means().length + (c.missing() ? 1 : 0);
          double alpha = v[at];
          if (sigmas != null) {
            alpha += sigmas[cont] * rng.nextGaussian();
          }
          alpha = Math.max(-1, Math.min(1, alpha));
          int k = argmax(v, at + 1, modes);
          if (c.missing() && k == modes - 1) {
            row[c.column()] = null;
          } else {
            double x = alpha * 4 * c.gmm().stds()[k] + c.gmm().means()[k];
            x = Math.max(c.min(), Math.min(c.max(), x));
            row[c.column()] = Values.cell(x, c.meta());
          }
          at += 1 + modes;
          cont++;
        } else {
          Discrete d = (Discrete) s;
          Object[] tuple = d.values().get(argmax(v, at, d.values().size()));
          for (int j = 0; j < tuple.length; j++) {
            row[d.columns()[j]] = tuple[j];
          }
          at += d.values().size();
        }
      }
      for (Map.Entry<Integer, TextColumn> t : texts.entrySet()) {
        row[t.getKey()] = t.getValue().draw(rng);
      }
      rows.add(row);
    }
    return rows;
  }

  /** Numerical columns (the tanh scalars), in vector order. */
  public int continuousCount() {
    return (int) spans.stream().filter(s -> s instanceof Continuous).count();
  }

  /** The mixture modes kept per numerical column, by name. */
  public Map<String, Integer> modes() {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (Object s : spans) {
      if (s instanceof Continuous c) {
        m.put(c.meta().name(), c.gmm().means().length);
      }
    }
    return m;
  }

  /**
   * For a condition {@code column = value} on a categorical column: the index in the vector of
   * the one-hot entries whose category has that value, or an error naming the column.
   */
  public int[] categoryIndexes(String column, String value, String where) {
    int col = meta.names().indexOf(column);
    int at = 0;
    for (Object s : spans) {
      if (s instanceof Continuous c) {
        at += 1 + c.gmm().means().length + (c.missing() ? 1 : 0);
        continue;
      }
      Discrete d = (Discrete) s;
      for (int j = 0; j < d.columns().length; j++) {
        if (d.columns()[j] == col) {
          String key = textKey(value);
          List<Integer> hits = new ArrayList<>();
          Set<String> seen = new java.util.TreeSet<>();
          for (int k = 0; k < d.values().size(); k++) {
            Object cell = d.values().get(k)[j];
            if (cell != null) {
              seen.add(Values.key(cell));
            }
            if (Values.key(cell).equals(key)) {
              hits.add(at + k);
            }
          }
          if (hits.isEmpty()) {
            throw new BadInputException(where + ": '" + column + "' has no value '" + value + "' in training (values: "
                + String.join(", ", seen.stream().limit(30).toList()) + ")");
          }
          return hits.stream().mapToInt(Integer::intValue).toArray();
        }
      }
      at += d.values().size();
    }
    return null;
  }

  private static String textKey(String text) {
    try {
      return Values.key(Double.parseDouble(text.strip()));
    } catch (NumberFormatException e) {
      return Values.key(text);
    }
  }

  /**
   * The training range {min, max} of a numerical or datetime column that has a mixture of its own
   * (decoded values are clipped to it), or null for any other column, such as one in a fixed
   * combination.
   */
  public double[] range(String column) {
    int col = meta.names().indexOf(column);
    for (Object s : spans) {
      if (s instanceof Continuous c && c.column() == col) {
        return new double[] {c.min(), c.max()};
      }
    }
    return null;
  }

  /**
   * The cells a categorical or boolean column takes in decoded rows (missing ones left out, each
   * value once, most frequent first); empty for a column of another kind.
   */
  public List<Object> categories(int column) {
    Map<String, Object> seen = new LinkedHashMap<>();
    for (Object s : spans) {
      if (s instanceof Discrete d) {
        for (int j = 0; j < d.columns().length; j++) {
          if (d.columns()[j] == column) {
            Values.addDistinct(seen, d.values(), j);
          }
        }
      }
    }
    return List.copyOf(seen.values());
  }

  /** Category frequencies of each discrete segment, in {@link #discreteSegments} order. */
  public List<double[]> discreteFrequencies() {
    List<double[]> out = new ArrayList<>();
    for (Object s : spans) {
      if (s instanceof Discrete d) {
        out.add(d.frequencies().clone());
      }
    }
    return out;
  }

  private static int argmax(float[] v, int from, int size) {
    int best = 0;
    for (int k = 1; k < size; k++) {
      best = v[from + k] > v[from + best] ? k : best;
    }
    return best;
  }

  /** The JSON form (transformer.json of a run). */
  public Map<String, Object> toJson() {
    List<String> names = meta.names();
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object s : spans) {
      Map<String, Object> m = new LinkedHashMap<>();
      if (s instanceof Continuous c) {
        m.put("type", "continuous");
        m.put("column", names.get(c.column()));
        m.put("means", Arrays.stream(c.gmm().means()).boxed().toList());
        m.put("stds", Arrays.stream(c.gmm().stds()).boxed().toList());
        m.put("weights", Arrays.stream(c.gmm().weights()).boxed().toList());
        m.put("min", c.min());
        m.put("max", c.max());
        m.put("missing", c.missing());
      } else {
        Discrete d = (Discrete) s;
        m.put("type", "discrete");
        m.put("columns", Arrays.stream(d.columns()).mapToObj(names::get).toList());
        m.put("values", d.values().stream().map(Arrays::asList).toList());
        m.put("frequencies", Arrays.stream(d.frequencies()).boxed().toList());
      }
      out.add(m);
    }
    Map<String, Object> text = new LinkedHashMap<>();
    texts.forEach((c, t) -> text.put(names.get(c), t.toJson()));
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("spans", out);
    j.put("text", text);
    return j;
  }

  public static DataTransformer fromJson(Map<?, ?> json, Metadata meta, String where) {
    List<String> names = meta.names();
    List<Object> spans = new ArrayList<>();
    try {
      for (Object o : (List<?>) json.get("spans")) {
        Map<?, ?> m = (Map<?, ?>) o;
        if ("continuous".equals(m.get("type"))) {
          int c = names.indexOf((String) m.get("column"));
          spans.add(new Continuous(c, meta.columns().get(c),
              new BayesianGmm(doubles(m.get("means")), doubles(m.get("stds")), doubles(m.get("weights"))),
              ((Number) m.get("min")).doubleValue(), ((Number) m.get("max")).doubleValue(), Boolean.TRUE.equals(m.get("missing"))));
        } else {
          int[] cols = ((List<?>) m.get("columns")).stream().mapToInt(x -> names.indexOf((String) x)).toArray();
          List<Object[]> values = new ArrayList<>();
          for (Object t : (List<?>) m.get("values")) {
            values.add(((List<?>) t).stream().map(v -> v instanceof Integer i ? (Object) i.longValue() : v).toArray());
          }
          spans.add(new Discrete(cols, values, doubles(m.get("frequencies"))));
        }
      }
      Map<Integer, TextColumn> texts = new TreeMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) json.get("text")).entrySet()) {
        texts.put(names.indexOf((String) e.getKey()), TextColumn.fromJson((Map<?, ?>) e.getValue()));
      }
      return new DataTransformer(meta, spans, texts);
    } catch (ClassCastException | NullPointerException | IndexOutOfBoundsException e) {
      throw new BadInputException(where + ": not a transformer written by fabrica (" + e.getMessage() + ")");
    }
  }

  private static double[] doubles(Object o) {
    return ((List<?>) o).stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
  }
}
