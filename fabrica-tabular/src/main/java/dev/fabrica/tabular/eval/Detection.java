package dev.fabrica.tabular.eval;

import dev.fabrica.tabular.Table;
import dev.fabrica.tabular.meta.Metadata;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How well logistic regression tells real rows from synthetic ones: the ROC AUC of out-of-fold
 * predictions over {@link #FOLDS}-fold cross-validation on the real rows and as many synthetic
 * rows (drawn without replacement, seeded). 0.5 means indistinguishable, 1 means always told apart.
 */
public final class Detection {
  public static final int FOLDS = 5;
  static final double LAMBDA = 1.0;

  private Detection() {}

  public static double auc(Table real, Table synthetic, Metadata meta, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int n = Math.min(real.size(), synthetic.size());
    List<Object[]> reals = subsample(real.rows(), n, rng);
    List<Object[]> synth = subsample(synthetic.rows(), n, rng);
    Encoder enc = new Encoder(real, meta, -1);
    List<double[]> x = new ArrayList<>();
    List<Integer> y = new ArrayList<>();
    for (Object[] r : reals) {
      x.add(enc.encode(r));
      y.add(0);
    }
    for (Object[] r : synth) {
      x.add(enc.encode(r));
      y.add(1);
    }
    // stratified folds: each class's rows shuffled and dealt round-robin
    int[] fold = new int[x.size()];
    for (int cls = 0; cls < 2; cls++) {
      int[] idx = shuffled(n, rng);
      for (int k = 0; k < n; k++) {
        fold[cls * n + idx[k]] = k % FOLDS;
      }
    }
    double[] score = new double[x.size()];
    int[] labels = y.stream().mapToInt(Integer::intValue).toArray();
    for (int f = 0; f < FOLDS; f++) {
      List<double[]> tx = new ArrayList<>();
      List<Integer> ty = new ArrayList<>();
      for (int i = 0; i < x.size(); i++) {
        if (fold[i] != f) {
          tx.add(x.get(i));
          ty.add(labels[i]);
        }
      }
      Logistic model = Logistic.fit(tx.toArray(double[][]::new), ty.stream().mapToInt(Integer::intValue).toArray(), LAMBDA);
      for (int i = 0; i < x.size(); i++) {
        if (fold[i] == f) {
          score[i] = model.predict(x.get(i));
        }
      }
    }
    return Logistic.auc(score, labels);
  }

  static int[] shuffled(int n, SplittableRandom rng) {
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    return idx;
  }

  static List<Object[]> subsample(List<Object[]> rows, int n, SplittableRandom rng) {
    if (rows.size() <= n) {
      return rows;
    }
    int[] idx = shuffled(rows.size(), rng);
    List<Object[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(rows.get(idx[i]));
    }
    return out;
  }
}
