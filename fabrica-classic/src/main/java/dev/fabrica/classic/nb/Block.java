package dev.fabrica.classic.nb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The per-class model of some feature columns. A block keeps sufficient statistics (counts, sums),
 * so that more rows can be added later ({@link NbModel#partialFit}), and derives its parameters
 * from them in {@link #prepare}. Mutable only while a model is being built; a model copies its
 * blocks before adding rows and never changes them afterwards.
 */
abstract class Block implements java.io.Serializable {
  /** Indexes of the block's columns in {@link NbTable#columns()}. */
  final int[] cols;

  Block(int[] cols) {
    this.cols = cols;
  }

  /**
   * The empty blocks of a model of {@code table} with {@code k} classes: one per categorical or
   * token column, one for all Gaussian, one for all Bernoulli and one for all count columns.
   */
  static List<Block> forTable(NbConfig config, NbTable table, int k) {
    List<Block> blocks = new ArrayList<>();
    List<Integer> gaussian = new ArrayList<>();
    List<Integer> bernoulli = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    for (int j = 0; j < table.columns().size(); j++) {
      switch (table.columns().get(j).dist()) {
        case GAUSSIAN -> gaussian.add(j);
        case BERNOULLI -> bernoulli.add(j);
        case COUNTS -> counts.add(j);
        case CATEGORICAL -> blocks.add(new CategoricalBlock(j, k));
        case TOKENS -> blocks.add(new MultinomialBlock(new int[] {j}, k, true, false, List.of()));
      }
    }
    if (!gaussian.isEmpty()) {
      blocks.add(new GaussianBlock(ints(gaussian), k));
    }
    if (!bernoulli.isEmpty()) {
      blocks.add(new BernoulliBlock(ints(bernoulli), k, config.binarize()));
    }
    if (!counts.isEmpty()) {
      List<String> names = new ArrayList<>();
      for (int j : counts) {
        names.add(table.columns().get(j).name());
      }
      blocks.add(new MultinomialBlock(ints(counts), k, false, config.kind() == NbKind.COMPLEMENT, names));
    }
    return blocks;
  }

  private static int[] ints(List<Integer> l) {
    int[] out = new int[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = l.get(i);
    }
    return out;
  }

  /** A deep copy of each block, in order (loops, not a stream: this runs in every fit's first call). */
  static List<Block> copies(List<Block> blocks) {
    List<Block> out = new ArrayList<>(blocks.size());
    for (Block b : blocks) {
      out.add(b.copy());
    }
    return out;
  }

  /** Adds the encoded row {@code x} of class {@code c}; missing cells are skipped. */
  abstract void add(Object[] x, int c);

  /** Derives the parameters from the statistics. */
  abstract void prepare(NbConfig config);

  /** Adds log P(x_block | y = c) to {@code jll[c]} for every class; missing cells add nothing. */
  abstract void addLogLikelihood(Object[] x, double[] jll);

  /**
   * Adds block columns {@code [from, to)} of every dense row {@code x[i]} of class {@code y[i]}
   * (block column j is {@code x[i][cols[j]]}), and mixes each value into {@code hash[cols[j]]}
   * (h = 31h + bits, row by row). Columns are independent, so ranges may run on different threads.
   * Only blocks of numeric columns support it.
   *
   * @return false when a value is not valid for the block (non-finite, or a negative count); the
   *     block is then to be discarded
   */
  boolean addDense(double[][] x, int[] y, int from, int to, long[] hash) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no dense path");
  }

  /** Adds what depends on whole dense rows (after {@link #addDense}), on up to {@code threads} threads; nothing by default. */
  void addDenseRows(double[][] x, int[] y, int threads) {}

  /** {@link #addLogLikelihood} for a dense row; the same sums in the same order. */
  void addLogLikelihoodDense(double[] x, double[] jll) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no dense path");
  }

  /** Draws the block's cells for class {@code c} into {@code out} (Double or String, null if none). */
  abstract void sample(int c, SplittableRandom rng, Object[] out);

  /**
   * Adds the statistics of {@code later}, a block of the same model layout fitted on rows that come
   * after those this block saw: afterwards this block holds what one pass over both parts would
   * (counts exactly, categories and tokens in first-seen order; Welford means and M2 combined by
   * Chan's pairwise update, equal to rounding).
   */
  abstract void merge(Block later);

  /** Chan, Golub and LeVeque: the count, mean and M2 of two parts from each part's. */
  static void mergeMoments(double[] n, double[] mean, double[] m2, int j, double nb, double meanB, double m2B) {
    if (nb == 0) {
      return;
    }
    if (n[j] == 0) {
      n[j] = nb;
      mean[j] = meanB;
      m2[j] = m2B;
      return;
    }
    double total = n[j] + nb;
    double d = meanB - mean[j];
    mean[j] += d * nb / total;
    m2[j] += m2B + d * d * (n[j] * nb / total);
    n[j] = total;
  }

  /** A deep copy, to add rows to without touching the original. */
  abstract Block copy();

  /** The statistics (and, for reading, the derived parameters) as model.json holds them. */
  abstract Map<String, Object> toJson(NbTable table);

  List<String> names(NbTable table) {
    List<String> out = new ArrayList<>();
    for (int j : cols) {
      out.add(table.columns().get(j).name());
    }
    return out;
  }

  /** Rebuilds a block written by {@link #toJson}. */
  static Block fromJson(JsonNode node, NbTable table, int classes) {
    int[] cols = new int[node.get("columns").size()];
    for (int j = 0; j < cols.length; j++) {
      cols[j] = table.indexOf(node.get("columns").get(j).asText());
      if (cols[j] < 0) {
        throw new IllegalArgumentException("model.json: block column " + node.get("columns").get(j) + " is not in the table");
      }
    }
    String type = node.get("type").asText();
    return switch (type) {
      case "gaussian" -> GaussianBlock.fromJson(node, cols, classes);
      case "bernoulli" -> BernoulliBlock.fromJson(node, cols, classes);
      case "categorical" -> CategoricalBlock.fromJson(node, cols, classes);
      case "multinomial", "tokens" -> MultinomialBlock.fromJson(node, cols, classes);
      default -> throw new IllegalArgumentException("model.json: unknown block type '" + type + "'");
    };
  }

  static double[] vector(JsonNode n) {
    double[] v = new double[n.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = n.get(i).asDouble();
    }
    return v;
  }

  static double[][] matrix(JsonNode n) {
    double[][] m = new double[n.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = vector(n.get(i));
    }
    return m;
  }

  static double[][] deepCopy(double[][] m) {
    double[][] out = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      out[i] = m[i].clone();
    }
    return out;
  }

  /** Index drawn from the normalized weights {@code exp(logP[k])}, by inversion. */
  /**
   * Running sums {@code cum[k] = Σ_{i<=k} exp(logP[i])}, added in the order {@link #drawLog} adds
   * them, so that {@link #drawCumulative} on them returns exactly what {@link #drawLog} returns.
   */
  static double[] cumulative(double[] logP) {
    double[] cum = new double[logP.length];
    double acc = 0;
    for (int k = 0; k < logP.length; k++) {
      acc += Math.exp(logP[k]);
      cum[k] = acc;
    }
    return cum;
  }

  /**
   * {@link #drawLog} from its running sums by bisection: the first k with {@code u < cum[k]}, or the
   * last index when rounding leaves u above them all; one uniform draw either way. O(log K) per draw
   * instead of K exponentials, which is what made sampling long texts from a large vocabulary slow.
   */
  static int drawCumulative(double[] cum, SplittableRandom rng) {
    double u = rng.nextDouble();
    if (cum.length == 0) {
      return -1;
    }
    int lo = 0;
    int hi = cum.length - 1;
    while (lo < hi) { // the sums never decrease, so "u < cum[k]" is false then true along k
      int mid = (lo + hi) >>> 1;
      if (u < cum[mid]) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  static int drawLog(double[] logP, SplittableRandom rng) {
    double u = rng.nextDouble();
    double acc = 0;
    for (int k = 0; k < logP.length; k++) {
      acc += Math.exp(logP[k]);
      if (u < acc) {
        return k;
      }
    }
    return logP.length - 1;
  }
}
