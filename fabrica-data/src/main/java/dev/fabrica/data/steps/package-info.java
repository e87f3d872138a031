/**
 * The steps a recipe names, each a {@link dev.fabrica.data.engine.Step} registered in {@link
 * dev.fabrica.data.engine.Steps}. Depends on the engine, the tabular model and the text and image
 * utilities.
 */
package dev.fabrica.data.steps;
