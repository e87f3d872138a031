/**
 * Classical generative models that learn a joint distribution and sample from it: Naive Bayes
 * ({@code nb}) and Hidden Markov Models ({@code hmm}), with shared numerics ({@link
 * dev.fabrica.classic.LogMath}). Pure Java: depends on fabrica-core and fabrica-data only.
 */
package dev.fabrica.classic;
