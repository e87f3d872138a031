/**
 * Data preparation: recipes ({@code recipe}), the tabular model ({@code table}), readers and writers
 * ({@code format}), the steps a recipe names ({@code steps}) and the embedded streaming engine that
 * runs them ({@code engine}). Depends on fabrica-core, Jackson, DuckDB (Parquet), jhdf, extjwnl.
 */
package dev.fabrica.data;
