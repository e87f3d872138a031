/**
 * The synthetic-table commands: {@code train tabular}, sampling and evaluating a tabular run, the
 * HTML quality report and {@code bench tabular}; depends on fabrica-tabular.
 */
package dev.fabrica.cli.tabular;
