/**
 * {@code fabrica prep --engine spark}: a recipe's steps over Spark partitions, each step the
 * fabrica-data step itself (sent to the executors), so the output equals the embedded engine's.
 */
package dev.fabrica.spark.prep;
