package dev.fabrica.tabular.eval;

import dev.fabrica.core.BadInputException;
import dev.fabrica.tabular.Table;
import dev.fabrica.tabular.Values;
import dev.fabrica.tabular.meta.ColumnKind;
import dev.fabrica.tabular.meta.ColumnMeta;
import dev.fabrica.tabular.meta.Metadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Machine-learning efficacy: a classifier trained on synthetic rows and tested on held-out real
 * rows, against the same classifier trained on the real training rows. The target is categorical
 * or boolean; the classifier is one-vs-rest L2 logistic regression over {@link Encoder}'s
 * features; the scores are accuracy and macro-averaged F1.
 */
public final class Efficacy {
  private Efficacy() {}

  /** Accuracy and macro F1 of one train/test run. */
  public record Score(double accuracy, double macroF1) {}

  /** The default target: the last categorical or boolean column, or null when there is none. */
  public static String defaultTarget(Metadata meta) {
    String t = null;
    for (ColumnMeta m : meta.columns()) {
      if (m.kind() == ColumnKind.CATEGORICAL || m.kind() == ColumnKind.BOOLEAN) {
        t = m.name();
      }
    }
    return t;
  }

  public static Score score(Table train, Table test, Table encoderFit, Metadata meta, String target) {
    int t = meta.names().indexOf(target);
    if (t < 0) {
      throw new BadInputException("--target: unknown column '" + target + "' (columns: " + String.join(", ", meta.names()) + ")");
    }
    ColumnMeta tm = meta.columns().get(t);
    if (tm.kind() != ColumnKind.CATEGORICAL && tm.kind() != ColumnKind.BOOLEAN) {
      throw new BadInputException("--target " + target + ": is " + tm.kind().id() + "; machine-learning efficacy needs a categorical or boolean target");
    }
    Encoder enc = new Encoder(encoderFit, meta, t);
    List<String> classes = new ArrayList<>();
    for (Object[] r : encoderFit.rows()) {
      String k = Values.key(r[t]);
      if (!classes.contains(k)) {
        classes.add(k);
      }
    }
    double[][] x = enc.encode(train.rows());
    List<Logistic> models = new ArrayList<>();
    for (String c : classes) {
      int[] y = train.rows().stream().mapToInt(r -> Values.key(r[t]).equals(c) ? 1 : 0).toArray();
      models.add(Logistic.fit(x, y, Detection.LAMBDA));
    }
    int[][] confusion = new int[classes.size()][classes.size()];
    int correct = 0;
    int counted = 0;
    for (Object[] r : test.rows()) {
      int truth = classes.indexOf(Values.key(r[t]));
      if (truth < 0) {
        continue;
      }
      double[] f = enc.encode(r);
      int best = 0;
      for (int k = 1; k < models.size(); k++) {
        if (models.get(k).predict(f) > models.get(best).predict(f)) {
          best = k;
        }
      }
      confusion[truth][best]++;
      correct += truth == best ? 1 : 0;
      counted++;
    }
    double f1 = 0;
    for (int k = 0; k < classes.size(); k++) {
      int tp = confusion[k][k];
      int fp = 0;
      int fn = 0;
      for (int j = 0; j < classes.size(); j++) {
        if (j != k) {
          fp += confusion[j][k];
          fn += confusion[k][j];
        }
      }
      f1 += tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }
    return new Score(counted == 0 ? Double.NaN : (double) correct / counted, f1 / classes.size());
  }

  /** Train-synthetic-test-real against train-real-test-real, as JSON. */
  public static Map<String, Object> compare(Table realTrain, Table holdout, Table synthetic, Metadata meta, String target) {
    Score real = score(realTrain, holdout, realTrain, meta, target);
    Score synth = score(synthetic, holdout, realTrain, meta, target);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("target", target);
    m.put("test_rows", holdout.size());
    m.put("real_accuracy", real.accuracy());
    m.put("real_macro_f1", real.macroF1());
    m.put("synthetic_accuracy", synth.accuracy());
    m.put("synthetic_macro_f1", synth.macroF1());
    m.put("f1_ratio", real.macroF1() > 0 ? synth.macroF1() / real.macroF1() : Double.NaN);
    return m;
  }
}
