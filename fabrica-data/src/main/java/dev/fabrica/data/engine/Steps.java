package dev.fabrica.data.engine;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.recipe.Params;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** The steps a recipe may name, by recipe name. */
public final class Steps {
  private static final Map<String, StepFactory> FACTORIES = new TreeMap<>();

  static {
    FACTORIES.put("dedupe", dev.fabrica.data.steps.DedupeStep::create);
    FACTORIES.put("drop_missing", dev.fabrica.data.steps.DropMissingStep::create);
    FACTORIES.put("fill_missing", dev.fabrica.data.steps.FillMissingStep::create);
    FACTORIES.put("label", dev.fabrica.data.steps.LabelStep::create);
    FACTORIES.put("normalize", dev.fabrica.data.steps.NormalizeStep::create);
    FACTORIES.put("select", dev.fabrica.data.steps.SelectStep::create);
    FACTORIES.put("split", dev.fabrica.data.steps.SplitStep::create);
  }

  private Steps() {}

  /** Every known step name, sorted. */
  public static java.util.Set<String> names() {
    return Collections.unmodifiableSet(FACTORIES.keySet());
  }

  /** Creates step {@code name}, or fails naming the recipe key and the known steps. */
  public static Step create(String name, Params params, StepContext context) {
    StepFactory f = FACTORIES.get(name);
    if (f == null) {
      throw new BadInputException(
          params.where() + ": unknown step '" + name + "' (known: " + String.join(", ", names()) + ")");
    }
    return f.create(params, context);
  }
}
