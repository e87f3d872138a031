/**
 * The embedded engine: runs a recipe's steps over a source in streaming passes (one pass per step
 * that must first see its whole input), keeping rows between passes in a spilling {@link
 * dev.fabrica.data.table.RowStore}. Steps implement {@link dev.fabrica.data.engine.Step}.
 */
package dev.fabrica.data.engine;
