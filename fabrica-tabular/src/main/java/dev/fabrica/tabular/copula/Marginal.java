package dev.fabrica.tabular.copula;

import java.util.Map;

/** A fitted univariate continuous distribution: the marginal of one numerical column. */
public interface Marginal {
  /** The family's name: normal, truncnorm, beta, uniform, kde, constant. */
  String name();

  /** F(x) = P(X ≤ x). */
  double cdf(double x);

  /** F⁻¹(u) for u in (0, 1). */
  double inverse(double u);

  /** The parameters, as stored in model.json ({@code name} included). */
  Map<String, Object> toJson();
}
