/**
 * The Gaussian copula synthesizer: a fitted marginal per numerical column (chosen by a
 * Kolmogorov-Smirnov fit among normal, truncated normal, beta, uniform and a Gaussian KDE),
 * frequency intervals for categories, joined by the correlation of the normal scores.
 */
package dev.fabrica.tabular.copula;
