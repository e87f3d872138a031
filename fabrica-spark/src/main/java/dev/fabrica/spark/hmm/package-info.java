/**
 * {@code fabrica train hmm --engine spark}: Baum-Welch with the E-step of each partition's sequences
 * computed on the executors by fabrica-classic and the M-step on the driver.
 */
package dev.fabrica.spark.hmm;
