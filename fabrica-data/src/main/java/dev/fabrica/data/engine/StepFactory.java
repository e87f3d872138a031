package dev.fabrica.data.engine;

import dev.fabrica.data.recipe.Params;

/** Creates a step from its recipe block. */
@FunctionalInterface
public interface StepFactory {
  Step create(Params params, StepContext context);
}
