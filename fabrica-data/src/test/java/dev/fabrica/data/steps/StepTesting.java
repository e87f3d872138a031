package dev.fabrica.data.steps;

import dev.fabrica.core.Reporter;
import dev.fabrica.data.engine.Step;
import dev.fabrica.data.engine.StepContext;
import dev.fabrica.data.engine.Steps;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Row;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds steps from recipe-like maps and runs rows through them, for tests. */
final class StepTesting {
  static final String WHERE = "recipe.yaml: steps[0]";

  private StepTesting() {}

  static StepContext context(Path baseDir) {
    return new StepContext(1, baseDir, baseDir, Reporter.silent());
  }

  static Step step(String name, Map<String, ?> options, Path baseDir) {
    return Steps.create(name, Params.of(WHERE + "." + name, options), context(baseDir));
  }

  static Step step(String name, Map<String, ?> options) {
    return step(name, options, Path.of("."));
  }

  /** Binds the step and applies it to every row, returning what it emits. */
  static List<Row> run(Step step, List<String> columns, boolean splitBefore, List<Row> rows) {
    step.bind(new Step.Binding(columns, splitBefore));
    List<Row> out = new ArrayList<>();
    for (Row r : rows) {
      step.apply(r, out::add);
    }
    return out;
  }

  static Row row(long line, byte split, Object... values) {
    return new Row(values, line, split);
  }
}
