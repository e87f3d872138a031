package dev.fabrica.classic.nb;

import java.util.List;

/**
 * Hyperparameters of a Naive Bayes model; each applies to the kinds named beside it.
 *
 * @param kind the distribution family
 * @param alpha additive (Laplace/Lidstone) smoothing of counts: multinomial, bernoulli, categorical,
 *     complement and the categorical and text columns of mixed; must be positive
 * @param varSmoothing ε = varSmoothing · max_i Var(x_i) (over all training rows) is added to every
 *     class variance: gaussian and the numeric columns of mixed (scikit-learn's default 1e-9)
 * @param binarize bernoulli maps x ↦ 1 when x &gt; binarize, else 0; null when the features are
 *     already 0/1 (then any non-zero value counts as 1)
 * @param fitPrior class priors from the label frequencies; false gives uniform priors
 * @param classPrior fixed class priors in sorted class order (overrides fitPrior), or null
 * @param textColumns mixed only: columns modelled as bags of whitespace-separated tokens
 * @param seed recorded in model.json; sampling takes its own seed
 */
public record NbConfig(
    NbKind kind,
    double alpha,
    double varSmoothing,
    Double binarize,
    boolean fitPrior,
    List<Double> classPrior,
    List<String> textColumns,
    long seed) implements java.io.Serializable {
  public NbConfig {
    if (kind == null) {
      throw new IllegalArgumentException("kind must be given");
    }
    if (!(alpha > 0) || !Double.isFinite(alpha)) {
      throw new IllegalArgumentException("alpha must be positive and finite, got " + alpha);
    }
    if (!(varSmoothing >= 0) || !Double.isFinite(varSmoothing)) {
      throw new IllegalArgumentException("varSmoothing must be non-negative and finite, got " + varSmoothing);
    }
    if (binarize != null && !Double.isFinite(binarize)) {
      throw new IllegalArgumentException("binarize must be finite or null, got " + binarize);
    }
    if (classPrior != null) {
      double sum = 0;
      for (Double p : classPrior) {
        if (p == null || !(p >= 0)) {
          throw new IllegalArgumentException("classPrior entries must be non-negative, got " + classPrior);
        }
        sum += p;
      }
      if (Math.abs(sum - 1) > 1e-9) {
        throw new IllegalArgumentException("classPrior must sum to 1, got " + classPrior + " (sum " + sum + ")");
      }
      classPrior = List.copyOf(classPrior);
    }
    textColumns = textColumns == null ? List.of() : List.copyOf(textColumns);
    if (!textColumns.isEmpty() && kind != NbKind.MIXED) {
      throw new IllegalArgumentException("textColumns " + textColumns + " need kind mixed, got " + kind.id());
    }
  }

  /** scikit-learn's defaults for {@code kind}: alpha 1, varSmoothing 1e-9, binarize 0, priors fitted. */
  public static NbConfig defaults(NbKind kind) {
    return new NbConfig(kind, 1.0, 1e-9, 0.0, true, null, List.of(), 0L);
  }

  /** Gaussian with scikit-learn's defaults. */
  public static NbConfig defaults() {
    return defaults(NbKind.GAUSSIAN);
  }

  public NbConfig withAlpha(double a) {
    return new NbConfig(kind, a, varSmoothing, binarize, fitPrior, classPrior, textColumns, seed);
  }

  public NbConfig withVarSmoothing(double v) {
    return new NbConfig(kind, alpha, v, binarize, fitPrior, classPrior, textColumns, seed);
  }

  public NbConfig withBinarize(Double b) {
    return new NbConfig(kind, alpha, varSmoothing, b, fitPrior, classPrior, textColumns, seed);
  }

  public NbConfig withClassPrior(List<Double> p) {
    return new NbConfig(kind, alpha, varSmoothing, binarize, fitPrior, p, textColumns, seed);
  }

  public NbConfig withFitPrior(boolean f) {
    return new NbConfig(kind, alpha, varSmoothing, binarize, f, classPrior, textColumns, seed);
  }

  public NbConfig withTextColumns(List<String> t) {
    return new NbConfig(kind, alpha, varSmoothing, binarize, fitPrior, classPrior, t, seed);
  }

  public NbConfig withSeed(long s) {
    return new NbConfig(kind, alpha, varSmoothing, binarize, fitPrior, classPrior, textColumns, s);
  }
}
