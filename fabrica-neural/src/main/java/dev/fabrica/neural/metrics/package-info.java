/**
 * The maths of image-generation metrics on feature matrices (rows are samples): Gaussian statistics,
 * Fréchet (FID) and kernel (KID) Inception distances, the Inception Score and class accuracy, with
 * the symmetric eigensolver they need. Pure Java: depends on {@code fabrica-core} only, not on DJL.
 */
package dev.fabrica.neural.metrics;
