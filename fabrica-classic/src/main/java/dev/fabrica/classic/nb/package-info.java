/**
 * Naive Bayes models that are generative: fit, predict, joint and marginal log-likelihood, and
 * sampling of new rows. Depends on {@code dev.fabrica.classic} and fabrica-data's stats API.
 */
package dev.fabrica.classic.nb;
