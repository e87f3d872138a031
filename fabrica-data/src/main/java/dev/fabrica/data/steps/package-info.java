/**
 * The steps a recipe names ({@code dedupe}, {@code fill_missing}, {@code clean_text}, {@code split},
 * {@code normalize}, {@code augment_text}, ...), each a {@link dev.fabrica.data.engine.Step}
 * registered in {@link dev.fabrica.data.engine.Steps}. Depends on the engine, the tabular model and
 * the text and image utilities.
 */
package dev.fabrica.data.steps;
