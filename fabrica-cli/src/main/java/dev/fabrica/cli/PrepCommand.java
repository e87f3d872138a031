package dev.fabrica.cli;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.engine.Pipeline;
import dev.fabrica.data.engine.PrepEngine;
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

  @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "embedded",
      description = "embedded (default: this JVM) or spark (needs the fabrica-spark jar on the classpath, which ./fabrica adds); the output is the same.")
  String engine;

  @Option(names = "--master", paramLabel = "URL",
      description = "With --engine spark: local[*] (default), local[N] or spark://host:7077.")
  String master;

  @Override
  public Integer call() {
    Recipe r = RecipeParser.parse(recipe);
    Pipeline.Options options = new Pipeline.Options(common.seed(), overwrite, out, common.reporter(), false).withThreads(common.threads());
    PrepReport report;
    if (engine.equals("embedded")) {
      if (master != null) {
        throw new BadInputException("--master: only --engine spark takes a master URL");
      }
      report = Pipeline.run(r, options);
    } else {
      report = PrepEngine.named(engine).run(r, options, master);
    }
    spec.commandLine().getOut().print(report.table());
    spec.commandLine().getOut().println("wrote " + report.output());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
