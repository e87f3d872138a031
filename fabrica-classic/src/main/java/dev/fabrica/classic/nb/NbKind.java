package dev.fabrica.classic.nb;

import dev.fabrica.core.BadInputException;
import java.util.Arrays;
import java.util.Locale;

/** Which Naive Bayes: one distribution for every feature column, or {@link #MIXED} by column type. */
public enum NbKind {
  /** x_i | y=c ~ N(θ_ci, σ²_ci + ε), as scikit-learn's GaussianNB. */
  GAUSSIAN,
  /** x | y=c ~ Multinomial(θ_c), θ_ci = (N_ci + α) / (N_c + α·n), as MultinomialNB. */
  MULTINOMIAL,
  /** x_i | y=c ~ Bernoulli(p_ci) after x_i ↦ [x_i > binarize], as BernoulliNB. */
  BERNOULLI,
  /** x_i | y=c ~ Categorical(θ_ci), θ_cik = (N_cik + α) / (N_ci + α·K_i), as CategoricalNB. */
  CATEGORICAL,
  /** ComplementNB (norm=false): scores each class by the complement of its counts. */
  COMPLEMENT,
  /** Numbers Gaussian, strings categorical, named text columns multinomial over whitespace tokens. */
  MIXED;

  /** Lower-case name used in model.json and configs. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind named {@code id}, or an error listing the known kinds. */
  public static NbKind of(String id) {
    for (NbKind k : values()) {
      if (k.id().equals(id)) {
        return k;
      }
    }
    throw new BadInputException("unknown naive bayes kind '" + id + "' (known: "
        + String.join(", ", Arrays.stream(values()).map(NbKind::id).toList()) + ")");
  }
}
