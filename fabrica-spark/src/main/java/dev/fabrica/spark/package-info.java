/**
 * fabrica on Apache Spark: recipes, Naive Bayes fitting, for data that outgrows one machine. Spark
 * runs the work; the per-row logic is fabrica-data's and fabrica-classic's own, so results equal
 * the embedded engine's. Depends on core, data, classic and Spark; no other module depends on it.
 */
package dev.fabrica.spark;
