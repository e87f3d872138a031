package dev.fabrica.classic.nb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A multinomial over a vocabulary: either the COUNTS columns (x_j is the count of feature j) or the
 * whitespace-separated tokens of one TOKENS column. θ_ck = (N_ck + α) / (N_c + α·V), with N_ck the
 * total count of k in class c and V the vocabulary size, and log P(x | c) = Σ_k x_k log θ_ck (the
 * multinomial coefficient is left out, as scikit-learn's MultinomialNB does). Tokens never seen in
 * training are ignored, as a fitted vocabulary ignores them.
 *
 * <p>With {@code complement} (scikit-learn's ComplementNB, norm=false) a row is scored by weights
 * w_ck = -log(θ̃_ck), θ̃_ck = (Σ_c' N_c'k - N_ck + α) / Σ_k' (Σ_c' N_c'k' - N_ck' + α): the counts of
 * every other class. Such scores are not probabilities of x; for sampling, the complement model
 * draws from the class's own smoothed θ_ck, like the plain multinomial.
 *
 * <p>Sampling a row: a length L from the lengths (rounded row sums, or token counts) seen in that
 * class (kept as a histogram of length to rows), then L draws of k ~ Categorical(θ_c).
 */
final class MultinomialBlock extends Block {
  private final boolean tokens;
  private final boolean complement;
  private final List<String> vocab;
  private final Map<String, Integer> index;
  private double[][] counts;
  private final List<TreeMap<Long, Long>> lengths;
  private double[][] logTheta;
  private double[][] cumTheta; // Block.cumulative of each class's logTheta, for sampling
  private double[][] weights;
  private double[] weightsT; // (vocabulary, classes), for the dense path
  private double[] weights4; // (classes / 4, vocabulary, 4): four classes side by side, for the flat path

  MultinomialBlock(int[] cols, int classes, boolean tokens, boolean complement, List<String> columnNames) {
    this(cols, tokens, complement, tokens ? new ArrayList<>() : new ArrayList<>(columnNames),
        new double[classes][tokens ? 0 : cols.length], emptyLengths(classes));
  }

  private MultinomialBlock(int[] cols, boolean tokens, boolean complement, List<String> vocab, double[][] counts,
      List<TreeMap<Long, Long>> lengths) {
    super(cols);
    this.tokens = tokens;
    this.complement = complement;
    this.vocab = vocab;
    this.index = new HashMap<>();
    for (int k = 0; k < vocab.size(); k++) {
      index.put(vocab.get(k), k);
    }
    this.counts = counts;
    this.lengths = lengths;
  }

  private static List<TreeMap<Long, Long>> emptyLengths(int classes) {
    List<TreeMap<Long, Long>> l = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      l.add(new TreeMap<>());
    }
    return l;
  }

  static String[] split(String text) {
    String s = text.strip();
    return s.isEmpty() ? new String[0] : s.split("\\s+");
  }

  @Override
  void add(Object[] x, int c) {
    double len = 0;
    if (tokens) {
      Object v = x[cols[0]];
      if (v == null) {
        return;
      }
      for (String t : split((String) v)) {
        Integer k = index.get(t);
        if (k == null) {
          k = vocab.size();
          vocab.add(t);
          index.put(t, k);
          for (int cc = 0; cc < counts.length; cc++) {
            counts[cc] = Arrays.copyOf(counts[cc], k + 1);
          }
        }
        counts[c][k]++;
        len++;
      }
    } else {
      for (int j = 0; j < cols.length; j++) {
        Object v = x[cols[j]];
        if (v != null) {
          counts[c][j] += (Double) v;
          len += (Double) v;
        }
      }
    }
    lengths.get(c).merge(Math.round(len), 1L, Long::sum);
  }

  @Override
  void prepare(NbConfig config) {
    double a = config.alpha();
    int v = vocab.size();
    int classes = counts.length;
    logTheta = new double[classes][v];
    for (int c = 0; c < classes; c++) {
      double logDen = Math.log(Arrays.stream(counts[c]).sum() + a * v);
      for (int k = 0; k < v; k++) {
        logTheta[c][k] = Math.log(counts[c][k] + a) - logDen;
      }
    }
    cumTheta = new double[classes][];
    for (int c = 0; c < classes; c++) {
      cumTheta[c] = cumulative(logTheta[c]);
    }
    if (!complement) {
      weights = logTheta;
    } else {
      complementWeights(a, v, classes);
    }
    weightsT = new double[v * classes];
    for (int k = 0; k < v; k++) {
      for (int c = 0; c < classes; c++) {
        weightsT[k * classes + c] = weights[c][k];
      }
    }
    weights4 = new double[classes / 4 * v * 4];
    for (int g = 0; g < classes / 4; g++) {
      for (int k = 0; k < v; k++) {
        for (int q = 0; q < 4; q++) {
          weights4[(g * v + k) * 4 + q] = weights[4 * g + q][k];
        }
      }
    }
  }

  private void complementWeights(double a, int v, int classes) {
    double[] all = new double[v];
    for (double[] row : counts) {
      for (int k = 0; k < v; k++) {
        all[k] += row[k];
      }
    }
    weights = new double[classes][v];
    for (int c = 0; c < classes; c++) {
      double sum = 0;
      for (int k = 0; k < v; k++) {
        sum += all[k] + a - counts[c][k];
      }
      for (int k = 0; k < v; k++) {
        weights[c][k] = -(Math.log(all[k] + a - counts[c][k]) - Math.log(sum));
      }
    }
  }

  @Override
  boolean addDense(double[][] x, int[] y, int from, int to, long[] hash) {
    if (tokens) {
      return super.addDense(x, y, from, to, hash);
    }
    return MultinomialDense.addColumns(x, y, cols, counts, from, to, hash);
  }

  @Override
  void addDenseRows(double[][] x, int[] y, int threads) {
    MultinomialCounting.addLengths(lengths, MultinomialDense.rowLengths(x, cols, threads), y);
  }

  /**
   * Adds every flat row-major row of width {@code d} (this block's columns must be 0..d-1, its counts
   * still zero) in one pass split over threads, and sets {@code hash[j]} as {@link #addDense} does.
   *
   * @return what else the pass found; when not valid, the block is to be discarded
   */
  MultinomialCounting.Counted addFlat(double[] x, int d, int[] y, int threads, long[] hash) {
    return MultinomialCounting.countFlat(x, d, y, counts, lengths, threads, hash);
  }

  @Override
  void addLogLikelihoodDense(double[] x, double[] jll) {
    if (tokens) {
      super.addLogLikelihoodDense(x, jll); // token columns have no dense form: this throws
      return;
    }
    MultinomialDense.score(x, cols, weightsT, jll);
  }

  /** Whether the flat kernels apply: count columns 0..d-1 of a d-column table. */
  boolean coversColumns(int d) {
    if (tokens || cols.length != d) {
      return false;
    }
    for (int j = 0; j < d; j++) {
      if (cols[j] != j) {
        return false;
      }
    }
    return true;
  }

  /** (vocabulary, classes) scoring weights, for the flat kernels; do not modify. */
  double[] weightsT() {
    return weightsT;
  }

  /** The weights of classes 4g..4g+3 side by side, (classes / 4, vocabulary, 4); do not modify. */
  double[] weights4() {
    return weights4;
  }

  @Override
  void addLogLikelihood(Object[] x, double[] jll) {
    if (tokens) {
      Object v = x[cols[0]];
      if (v == null) {
        return;
      }
      for (String t : split((String) v)) {
        Integer k = index.get(t);
        if (k != null) {
          for (int c = 0; c < jll.length; c++) {
            jll[c] += weights[c][k];
          }
        }
      }
      return;
    }
    for (int j = 0; j < cols.length; j++) {
      Object v = x[cols[j]];
      if (v != null && (Double) v != 0) {
        double d = (Double) v;
        for (int c = 0; c < jll.length; c++) {
          jll[c] += d * weights[c][j];
        }
      }
    }
  }

  @Override
  void sample(int c, SplittableRandom rng, Object[] out) {
    long len = drawLength(lengths.get(c), rng);
    int v = vocab.size();
    if (tokens) {
      if (len < 0) {
        out[cols[0]] = null;
        return;
      }
      StringBuilder sb = new StringBuilder();
      for (long i = 0; i < len && v > 0; i++) {
        sb.append(i == 0 ? "" : " ").append(vocab.get(drawCumulative(cumTheta[c], rng)));
      }
      out[cols[0]] = sb.toString();
      return;
    }
    double[] row = new double[cols.length];
    for (long i = 0; i < len; i++) {
      row[drawCumulative(cumTheta[c], rng)]++;
    }
    for (int j = 0; j < cols.length; j++) {
      out[cols[j]] = row[j];
    }
  }

  /** A length drawn from a histogram of length to rows; -1 when the class has none. */
  private static long drawLength(TreeMap<Long, Long> hist, SplittableRandom rng) {
    long rows = hist.values().stream().mapToLong(Long::longValue).sum();
    if (rows == 0) {
      return -1;
    }
    long u = rng.nextLong(rows);
    for (Map.Entry<Long, Long> e : hist.entrySet()) {
      u -= e.getValue();
      if (u < 0) {
        return e.getKey();
      }
    }
    return hist.lastKey();
  }

  /** Tokens new to this block follow its vocabulary in the later block's first-seen order, as one pass gives. */
  @Override
  void merge(Block later) {
    MultinomialBlock o = (MultinomialBlock) later;
    for (int kb = 0; kb < o.vocab.size(); kb++) {
      int k = kb;
      if (tokens) {
        Integer known = index.get(o.vocab.get(kb));
        if (known == null) {
          known = vocab.size();
          vocab.add(o.vocab.get(kb));
          index.put(o.vocab.get(kb), known);
          for (int cc = 0; cc < counts.length; cc++) {
            counts[cc] = Arrays.copyOf(counts[cc], known + 1);
          }
        }
        k = known;
      }
      for (int c = 0; c < counts.length; c++) {
        counts[c][k] += o.counts[c][kb];
      }
    }
    for (int c = 0; c < lengths.size(); c++) {
      TreeMap<Long, Long> into = lengths.get(c);
      o.lengths.get(c).forEach((len, times) -> into.merge(len, times, Long::sum));
    }
  }

  @Override
  Block copy() {
    List<TreeMap<Long, Long>> l = new ArrayList<>();
    for (TreeMap<Long, Long> h : lengths) {
      l.add(new TreeMap<>(h));
    }
    return new MultinomialBlock(cols, tokens, complement, new ArrayList<>(vocab), deepCopy(counts), l);
  }

  @Override
  Map<String, Object> toJson(NbTable table) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", tokens ? "tokens" : "multinomial");
    m.put("columns", names(table));
    m.put("complement", complement);
    m.put("vocabulary", vocab);
    m.put("count", counts);
    List<Map<String, Long>> hist = new ArrayList<>();
    for (TreeMap<Long, Long> h : lengths) {
      Map<String, Long> s = new LinkedHashMap<>();
      h.forEach((k, v) -> s.put(Long.toString(k), v));
      hist.add(s);
    }
    m.put("lengths", hist);
    m.put("log_theta", logTheta);
    return m;
  }

  static MultinomialBlock fromJson(JsonNode node, int[] cols, int classes) {
    List<String> vocab = new ArrayList<>();
    node.get("vocabulary").forEach(n -> vocab.add(n.asText()));
    List<TreeMap<Long, Long>> lengths = new ArrayList<>();
    for (JsonNode h : node.get("lengths")) {
      TreeMap<Long, Long> t = new TreeMap<>();
      h.fields().forEachRemaining(e -> t.put(Long.parseLong(e.getKey()), e.getValue().asLong()));
      lengths.add(t);
    }
    return new MultinomialBlock(cols, node.get("type").asText().equals("tokens"), node.get("complement").asBoolean(),
        vocab, matrix(node.get("count")), lengths);
  }
}
