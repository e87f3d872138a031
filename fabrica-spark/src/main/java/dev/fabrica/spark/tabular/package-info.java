/**
 * Synthetic tables drawn on Spark: Gaussian copula runs sampled into Parquet parts, each part with
 * its own derived seed. Depends on fabrica-tabular (pure Java) and Spark.
 */
package dev.fabrica.spark.tabular;
