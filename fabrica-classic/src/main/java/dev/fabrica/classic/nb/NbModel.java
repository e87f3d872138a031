package dev.fabrica.classic.nb;

import dev.fabrica.classic.LogMath;
import dev.fabrica.core.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A fitted Naive Bayes model, immutable: P(x, y=c) = P(c) Π_j P(x_j | c), each column's factor given
 * by its {@link NbColumn.Dist} (missing cells contribute no factor). The class prior is N_c / N
 * (fitPrior), uniform, or given. Joint log-likelihoods are log P(x, c); probabilities are
 * exp(jll_c - logΣ_c' exp jll_c'), the log-sum-exp taken stably. ComplementNB's scores leave out the
 * prior (with more than one class) and are not probabilities of x, as in scikit-learn.
 *
 * <pre>{@code
 * NbData data = NbData.fromCsv(Path.of("out/iris/train.csv"), "species", NbConfig.defaults());
 * NbModel model = NbModel.fit(NbConfig.defaults(), data);
 * NbSamples rows = model.sample(100, 42L);
 * }</pre>
 */
public final class NbModel implements java.io.Serializable {
  private final NbConfig config;
  private final NbTable table;
  private final List<String> classes;
  private final double[] classCount;
  private final List<Block> blocks;
  private final List<Map<String, Object>> provenance;
  private final double[] classLogPrior;

  NbModel(NbConfig config, NbTable table, List<String> classes, double[] classCount, List<Block> blocks,
      List<Map<String, Object>> provenance) {
    this.config = config;
    this.table = table;
    this.classes = List.copyOf(classes);
    this.classCount = classCount;
    this.blocks = List.copyOf(blocks);
    this.provenance = List.copyOf(provenance);
    for (Block b : blocks) {
      b.prepare(config);
    }
    this.classLogPrior = prior();
  }

  /** Fits on every labelled row of {@code data}; the classes are its labels, sorted. */
  public static NbModel fit(NbConfig config, NbData data) {
    TreeSet<String> labels = new TreeSet<>(data.table().labelOrder());
    for (int i = 0; i < data.size(); i++) {
      if (data.label(i) != null) {
        labels.add(data.label(i));
      }
    }
    if (labels.isEmpty()) {
      throw new BadInputException(data.source() + ": no labelled rows to fit (column '"
          + data.table().labelColumn() + "')");
    }
    return empty(config, data.table(), new ArrayList<>(labels)).partialFit(data);
  }

  /** A model that has seen no rows yet, with its classes fixed (as scikit-learn's first partial_fit). */
  public static NbModel empty(NbConfig config, NbTable table, List<String> classes) {
    int k = classes.size();
    if (config.classPrior() != null && config.classPrior().size() != k) {
      throw new BadInputException("classPrior has " + config.classPrior().size() + " entries but there are " + k
          + " classes " + classes);
    }
    List<Block> blocks = Block.forTable(config, table, k);
    return new NbModel(config, table, classes, new double[k], blocks, List.of());
  }

  /** A new model that has also seen {@code more}; the result equals one fit on all rows. */
  public NbModel partialFit(NbData more) {
    if (!table.sameFeatures(more.table())) {
      throw new BadInputException(more.source() + ": its columns " + more.table().columns()
          + " differ from the model's " + table.columns());
    }
    List<Block> copies = Block.copies(blocks);
    double[] counts = classCount.clone();
    int used = 0;
    for (int i = 0; i < more.size(); i++) {
      String label = more.label(i);
      if (label == null) {
        continue;
      }
      int c = classes.indexOf(label);
      if (c < 0) {
        throw new BadInputException(more.where(i) + ": label '" + label + "' is not one of the classes " + classes
            + " fixed when the model was started");
      }
      Object[] x = more.features(i);
      for (Block b : copies) {
        b.add(x, c);
      }
      counts[c]++;
      used++;
    }
    if (used == 0) {
      throw new BadInputException(more.source() + ": no labelled rows to fit (column '" + table.labelColumn() + "')");
    }
    List<Map<String, Object>> prov = new ArrayList<>(provenance);
    prov.add(more.provenance());
    return new NbModel(config, table, classes, counts, copies, prov);
  }

  /**
   * A model with the statistics of this one and of {@code later}, a model of the same table and
   * classes fitted on rows that come after this one's: the model one fit over both parts' rows in
   * order gives (counts and vocabularies exactly; Gaussian means and variances to rounding). This
   * is how an engine that fits parts of the data at once (Spark) combines them.
   */
  public NbModel merge(NbModel later) {
    if (!table.sameFeatures(later.table) || !classes.equals(later.classes)) {
      throw new IllegalArgumentException("models of different tables or classes do not merge: " + classes + " and "
          + later.classes);
    }
    List<Block> copies = Block.copies(blocks);
    for (int i = 0; i < copies.size(); i++) {
      copies.get(i).merge(later.blocks.get(i));
    }
    double[] counts = classCount.clone();
    for (int c = 0; c < counts.length; c++) {
      counts[c] += later.classCount[c];
    }
    List<Map<String, Object>> prov = new ArrayList<>(provenance);
    prov.addAll(later.provenance);
    return new NbModel(config, table, classes, counts, copies, prov);
  }

  /** This model with {@code provenance} as its record of what it was fitted on. */
  public NbModel withProvenance(List<Map<String, Object>> provenance) {
    return new NbModel(config, table, classes, classCount, blocks, provenance);
  }

  private double[] prior() {
    int k = classes.size();
    double[] p = new double[k];
    double total = 0;
    for (double c : classCount) {
      total += c;
    }
    for (int c = 0; c < k; c++) {
      if (config.classPrior() != null) {
        p[c] = Math.log(config.classPrior().get(c));
      } else if (config.fitPrior() && total > 0) {
        p[c] = Math.log(classCount[c]) - Math.log(total);
      } else {
        p[c] = -Math.log(k);
      }
    }
    return p;
  }

  /**
   * Fits a gaussian, multinomial or complement model on a dense matrix without boxing; the same
   * model as {@link #fit} on the same cells, whatever the thread count.
   *
   * @param x (rows, features), finite (counts &gt;= 0 for multinomial and complement)
   * @param y (rows), class indexes into {@code classes}
   * @param threads 1 for one thread; columns are split over more
   */
  public static NbModel fitDense(NbConfig config, double[][] x, int[] y, List<String> classes, int threads) {
    return NbDense.fit(config, x, y, classes, threads);
  }

  /** P(y=c | x) for each dense row, (rows, classes), equal to the boxed path's; rows split over threads. */
  public double[][] predictProbaDense(double[][] x, int threads) {
    return NbDense.predictProba(this, x, threads);
  }

  /**
   * {@link #fitDense(NbConfig, double[][], int[], List, int)} on one flat row-major matrix (NumPy's C
   * order): multinomial and complement are counted in one pass over it, split by rows.
   *
   * @param x (rows * cols), row i at {@code [i * cols, (i + 1) * cols)}
   */
  public static NbModel fitDense(NbConfig config, double[] x, int cols, int[] y, List<String> classes, int threads) {
    return NbFlat.fit(config, x, cols, y, classes, threads);
  }

  /** {@link #predictProbaDense(double[][], int)} on a flat row-major matrix; returns (rows * classes), row-major. */
  public double[] predictProbaDense(double[] x, int cols, int threads) {
    return NbFlat.predictProba(this, x, cols, threads);
  }

  /** The class log-priors that scores start from (none for complement with several classes). */
  double[] jointLogLikelihoodStart() {
    double[] jll = new double[classes.size()];
    if (config.kind() != NbKind.COMPLEMENT || classes.size() == 1) {
      System.arraycopy(classLogPrior, 0, jll, 0, jll.length);
    }
    return jll;
  }

  /** log P(x, y=c) for each class c, for encoded features {@code x} (see {@link NbData#features}). */
  public double[] jointLogLikelihood(Object[] x) {
    double[] jll = jointLogLikelihoodStart();
    for (Block b : blocks) {
      b.addLogLikelihood(x, jll);
    }
    return jll;
  }

  /** P(y=c | x) for each class c. */
  public double[] predictProba(Object[] x) {
    return normalize(jointLogLikelihood(x));
  }

  /** exp(jll_c - max) / Σ_c' exp(jll_c' - max), in place: one exponential per class, no logarithm. */
  static double[] normalize(double[] jll) {
    normalize(jll, 0, jll.length);
    return jll;
  }

  /** {@link #normalize(double[])} of {@code a[off, off + k)}. */
  static void normalize(double[] a, int off, int k) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = off; c < off + k; c++) {
      max = Math.max(max, a[c]);
    }
    double sum = 0;
    for (int c = off; c < off + k; c++) {
      a[c] = Math.exp(a[c] - max);
      sum += a[c];
    }
    for (int c = off; c < off + k; c++) {
      a[c] /= sum;
    }
  }

  /** log P(x) = log Σ_c P(x, y=c). */
  public double logMarginal(Object[] x) {
    return LogMath.logSumExp(jointLogLikelihood(x));
  }

  /** The most probable class (the first of equals). */
  public String predict(Object[] x) {
    double[] jll = jointLogLikelihood(x);
    int best = 0;
    for (int c = 1; c < jll.length; c++) {
      if (jll[c] > jll[best]) {
        best = c;
      }
    }
    return classes.get(best);
  }

  /** {@link #predictProba(Object[])} for every row, (rows, classes). */
  public double[][] predictProba(NbData data) {
    double[][] out = new double[data.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = predictProba(data.features(i));
    }
    return out;
  }

  /** {@link #predict(Object[])} for every row. */
  public List<String> predict(NbData data) {
    List<String> out = new ArrayList<>(data.size());
    for (int i = 0; i < data.size(); i++) {
      out.add(predict(data.features(i)));
    }
    return out;
  }

  /** {@link #logMarginal(Object[])} for every row. */
  public double[] logMarginal(NbData data) {
    double[] out = new double[data.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = logMarginal(data.features(i));
    }
    return out;
  }

  /** {@code n} rows drawn from P(x, y): y from the class prior, then each column given y. */
  public NbSamples sample(int n, long seed) {
    return sample(n, seed, null);
  }

  /**
   * {@code n} rows of class {@code classLabel} (all classes, by the prior, when null), seeded. Rows
   * hold the feature columns then the label, in their original types; numeric columns that a
   * prepared dataset normalized are mapped back to the original scale.
   */
  public NbSamples sample(int n, long seed, String classLabel) {
    if (n < 0) {
      throw new BadInputException("cannot sample " + n + " rows");
    }
    int fixed = classLabel == null ? -1 : classes.indexOf(classLabel);
    if (classLabel != null && fixed < 0) {
      throw new BadInputException("unknown class '" + classLabel + "' (classes: " + String.join(", ", classes) + ")");
    }
    return NbSampler.sample(this, n, seed, fixed);
  }

  /**
   * The rows {@link #sample(int, long, String)} gives, drawn as the iterator is read, so that any
   * number of rows takes constant memory (batch generation).
   */
  public java.util.Iterator<dev.fabrica.data.table.Row> sampleRows(long n, long seed, String classLabel) {
    if (n < 0) {
      throw new BadInputException("cannot sample " + n + " rows");
    }
    int fixed = classLabel == null ? -1 : classes.indexOf(classLabel);
    if (classLabel != null && fixed < 0) {
      throw new BadInputException("unknown class '" + classLabel + "' (classes: " + String.join(", ", classes) + ")");
    }
    return NbSampler.stream(this, n, seed, fixed);
  }

  public NbConfig config() {
    return config;
  }

  public NbTable table() {
    return table;
  }

  /** The classes in the order of every per-class array. */
  public List<String> classes() {
    return classes;
  }

  /** log P(y = c). */
  public double[] classLogPrior() {
    return classLogPrior.clone();
  }

  /** Labelled rows seen per class. */
  public double[] classCount() {
    return classCount.clone();
  }

  /** The prior without a copy, for the sampler. */
  double[] classLogPriorView() {
    return classLogPrior;
  }

  List<Block> blocks() {
    return blocks;
  }

  /** What the model was fitted on: one entry (source, rows, fingerprint) per fit or partialFit. */
  public List<Map<String, Object>> provenance() {
    return provenance;
  }

  /** Writes model.json (see {@link NbModelJson}). */
  public void save(Path file) {
    NbModelJson.save(this, file);
  }

  /** Reads a model written by {@link #save}. */
  public static NbModel load(Path file) {
    return NbModelJson.load(file);
  }
}
