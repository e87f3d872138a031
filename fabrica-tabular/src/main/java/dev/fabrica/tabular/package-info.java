/**
 * Synthetic tables: a {@link dev.fabrica.tabular.Table} of cells, how it is read and written, and
 * the {@link dev.fabrica.tabular.TabularModel} every synthesizer produces. Pure Java: depends on
 * fabrica-core, fabrica-data and commons-math3 only, so the neural synthesizers can build on it.
 */
package dev.fabrica.tabular;
