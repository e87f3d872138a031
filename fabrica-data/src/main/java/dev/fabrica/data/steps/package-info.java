/**
 * The steps a recipe names ({@code dedupe}, {@code fill_missing}, {@code split}, {@code
 * normalize}, ...), each an {@link dev.fabrica.data.engine.Step} created from its recipe block.
 */
package dev.fabrica.data.steps;
