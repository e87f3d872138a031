/**
 * Naive Bayes models that are generative: fit, partialFit, predict, joint and marginal
 * log-likelihood, and sampling of new rows ({@link dev.fabrica.classic.nb.NbModel}), on tables
 * described by {@link dev.fabrica.classic.nb.NbTable} and loaded by {@link
 * dev.fabrica.classic.nb.NbData}. Missing cells are skipped when fitting and scoring; categories and
 * tokens never seen in training score as zero counts and are ignored, respectively. Depends on
 * {@code dev.fabrica.classic} and fabrica-data's table, format and stats APIs.
 */
package dev.fabrica.classic.nb;
