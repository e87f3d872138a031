package dev.fabrica.classic.nb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One categorical column: P(x = k | y = c) = (N_ck + α) / (N_c + α·K), with N_ck the rows of class c
 * showing category k, N_c those of class c where the column is not missing and K the categories
 * seen in training, as scikit-learn's CategoricalNB. A category never seen in training scores as a
 * category of zero count, log(α / (N_c + α·K)), in every class; K is not enlarged for it, so known
 * categories keep exactly the probabilities above (which are then not renormalized).
 */
final class CategoricalBlock extends Block {
  private final List<String> categories;
  private final Map<String, Integer> index;
  private double[][] counts;
  private final double[] total;
  private double[][] logProb;
  private double[][] cumProb; // Block.cumulative of each class's logProb, for sampling
  private double[] logUnseen;

  CategoricalBlock(int col, int classes) {
    this(new int[] {col}, new ArrayList<>(), new double[classes][0], new double[classes]);
  }

  private CategoricalBlock(int[] cols, List<String> categories, double[][] counts, double[] total) {
    super(cols);
    this.categories = categories;
    this.index = new HashMap<>();
    for (int k = 0; k < categories.size(); k++) {
      index.put(categories.get(k), k);
    }
    this.counts = counts;
    this.total = total;
  }

  @Override
  void add(Object[] x, int c) {
    Object v = x[cols[0]];
    if (v == null) {
      return;
    }
    Integer k = index.get((String) v);
    if (k == null) {
      k = categories.size();
      categories.add((String) v);
      index.put((String) v, k);
      for (int cc = 0; cc < counts.length; cc++) {
        counts[cc] = Arrays.copyOf(counts[cc], k + 1);
      }
    }
    counts[c][k]++;
    total[c]++;
  }

  @Override
  void prepare(NbConfig config) {
    double a = config.alpha();
    int kk = categories.size();
    logProb = new double[counts.length][kk];
    logUnseen = new double[counts.length];
    for (int c = 0; c < counts.length; c++) {
      double logDen = Math.log(total[c] + a * kk);
      for (int k = 0; k < kk; k++) {
        logProb[c][k] = Math.log(counts[c][k] + a) - logDen;
      }
      logUnseen[c] = Math.log(a) - logDen;
    }
    cumProb = new double[counts.length][];
    for (int c = 0; c < counts.length; c++) {
      cumProb[c] = cumulative(logProb[c]);
    }
  }

  @Override
  void addLogLikelihood(Object[] x, double[] jll) {
    Object v = x[cols[0]];
    if (v == null) {
      return;
    }
    Integer k = index.get((String) v);
    for (int c = 0; c < jll.length; c++) {
      jll[c] += k == null ? logUnseen[c] : logProb[c][k];
    }
  }

  @Override
  void sample(int c, SplittableRandom rng, Object[] out) {
    out[cols[0]] = categories.isEmpty() ? null : categories.get(drawCumulative(cumProb[c], rng));
  }

  /** The smoothed P(x = k | y = c), (classes, categories). */
  double[][] probabilities() {
    double[][] p = new double[logProb.length][];
    for (int c = 0; c < p.length; c++) {
      p[c] = Arrays.stream(logProb[c]).map(Math::exp).toArray();
    }
    return p;
  }

  List<String> categories() {
    return List.copyOf(categories);
  }

  /** The later block's new categories follow this one's, in its first-seen order: the order one pass gives. */
  @Override
  void merge(Block later) {
    CategoricalBlock o = (CategoricalBlock) later;
    for (int kb = 0; kb < o.categories.size(); kb++) {
      String cat = o.categories.get(kb);
      Integer k = index.get(cat);
      if (k == null) {
        k = categories.size();
        categories.add(cat);
        index.put(cat, k);
        for (int cc = 0; cc < counts.length; cc++) {
          counts[cc] = Arrays.copyOf(counts[cc], k + 1);
        }
      }
      for (int c = 0; c < counts.length; c++) {
        counts[c][k] += o.counts[c][kb];
      }
    }
    for (int c = 0; c < total.length; c++) {
      total[c] += o.total[c];
    }
  }

  @Override
  Block copy() {
    return new CategoricalBlock(cols, new ArrayList<>(categories), deepCopy(counts), total.clone());
  }

  @Override
  Map<String, Object> toJson(NbTable table) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "categorical");
    m.put("columns", names(table));
    m.put("categories", categories);
    m.put("count", counts);
    m.put("probability", probabilities());
    return m;
  }

  static CategoricalBlock fromJson(JsonNode node, int[] cols, int classes) {
    List<String> cats = new ArrayList<>();
    node.get("categories").forEach(n -> cats.add(n.asText()));
    double[][] counts = matrix(node.get("count"));
    double[] total = new double[counts.length];
    for (int c = 0; c < counts.length; c++) {
      total[c] = Arrays.stream(counts[c]).sum();
    }
    return new CategoricalBlock(cols, cats, counts, total);
  }
}
