/**
 * {@code fabrica train nb --engine spark}: a Naive Bayes model fitted per partition by
 * fabrica-classic and merged in input order on the driver, equal to the one-machine fit.
 */
package dev.fabrica.spark.nb;
