/**
 * Recipes: what {@code fabrica prep} reads (input, ordered steps, output) and {@link
 * dev.fabrica.data.recipe.Params}, typed access to a recipe block with errors naming its key. Engine
 * neutral: nothing here knows how steps run.
 */
package dev.fabrica.data.recipe;
