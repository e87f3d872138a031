package dev.fabrica.cli;

import dev.fabrica.data.engine.Pipeline;
import dev.fabrica.data.engine.PrepReport;
import dev.fabrica.data.recipe.Recipe;
import dev.fabrica.data.recipe.RecipeParser;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fabrica prep RECIPE}: runs a data-preparation recipe and prints its report as a table. */
@Command(
    name = "prep",
    mixinStandardHelpOptions = true,
    description = {
      "Prepare a dataset: read the recipe's input, run its steps (dedupe, fill_missing, drop_missing,",
      "clean_text, label, select, split, normalize, augment_text, augment_image), write each split in",
      "every output format with stats.json and report.json. The output directory appears only when",
      "everything succeeded."
    })
public final class PrepCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RECIPE", description = "Recipe file (YAML or JSON).")
  Path recipe;

  @Option(names = "--out", paramLabel = "DIR", description = "Write here instead of the recipe's output.dir.")
  Path out;

  @Option(names = "--overwrite", description = "Replace the output directory if it exists.")
  boolean overwrite;

  @Override
  public Integer call() {
    Recipe r = RecipeParser.parse(recipe);
    PrepReport report = Pipeline.run(r, new Pipeline.Options(common.seed(), overwrite, out, common.reporter(), false).withThreads(common.threads()));
    spec.commandLine().getOut().print(report.table());
    spec.commandLine().getOut().println("wrote " + report.output());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
