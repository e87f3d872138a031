package dev.fabrica.data.engine;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.steps.AugmentImageStep;
import dev.fabrica.data.steps.AugmentTextStep;
import dev.fabrica.data.steps.CleanTextStep;
import dev.fabrica.data.steps.DedupeStep;
import dev.fabrica.data.steps.DropMissingStep;
import dev.fabrica.data.steps.FillMissingStep;
import dev.fabrica.data.steps.LabelStep;
import dev.fabrica.data.steps.NormalizeStep;
import dev.fabrica.data.steps.SelectStep;
import dev.fabrica.data.steps.SplitStep;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** The steps a recipe may name, by recipe name. */
public final class Steps {
  private static final Map<String, StepFactory> FACTORIES = new TreeMap<>();

  static {
    FACTORIES.put("dedupe", DedupeStep::create);
    FACTORIES.put("drop_missing", DropMissingStep::create);
    FACTORIES.put("fill_missing", FillMissingStep::create);
    FACTORIES.put("label", LabelStep::create);
    FACTORIES.put("normalize", NormalizeStep::create);
    FACTORIES.put("select", SelectStep::create);
    FACTORIES.put("split", SplitStep::create);
    FACTORIES.put("augment_image", AugmentImageStep::create);
    FACTORIES.put("augment_text", AugmentTextStep::create);
    FACTORIES.put("clean_text", CleanTextStep::create);
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
