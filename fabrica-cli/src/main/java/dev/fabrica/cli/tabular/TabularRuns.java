package dev.fabrica.cli.tabular;

import dev.fabrica.cli.model.RunDir;
import dev.fabrica.core.AtomicFiles;
import dev.fabrica.core.BadInputException;
import dev.fabrica.tabular.Holdout;
import dev.fabrica.tabular.Table;
import dev.fabrica.tabular.TableIO;
import dev.fabrica.tabular.TabularModel;
import dev.fabrica.tabular.TabularModels;
import dev.fabrica.tabular.eval.Evaluation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Loading, sampling and evaluating tabular runs, for {@code sample}, {@code eval} and the demo. */
public final class TabularRuns {
  private TabularRuns() {}

  /** The model of a tabular run directory. */
  public static TabularModel load(Path run) {
    return TabularModels.load(String.valueOf(RunDir.config(run).get("synthesizer")), run);
  }

  /** {@code --where} texts {@code COLUMN=VALUE} as a map, in order; errors name the text at fault. */
  public static Map<String, String> where(List<String> where) {
    Map<String, String> m = new LinkedHashMap<>();
    if (where == null) {
      return m;
    }
    for (String w : where) {
      int eq = w.indexOf('=');
      if (eq <= 0) {
        throw new BadInputException("--where " + w + ": expected COLUMN=VALUE, e.g. --where class=2");
      }
      String col = w.substring(0, eq).strip();
      if (m.put(col, w.substring(eq + 1).strip()) != null) {
        throw new BadInputException("--where: column '" + col + "' is given twice");
      }
    }
    return m;
  }

  /**
   * The real rows a run was trained on and those it held out: when {@code real} is the very table
   * of config.json (same fingerprint), the run's seeded split is redone; any other table counts as
   * training rows only, with no holdout.
   */
  public static Holdout realRows(Path run, Path real) {
    Map<String, Object> c = RunDir.config(run);
    Table t = TableIO.read(real);
    if (t.fingerprint().equals(c.get("data_fingerprint"))) {
      return Holdout.split(t, ((Number) c.get("holdout")).doubleValue(), ((Number) c.get("seed")).longValue());
    }
    return new Holdout(t, null);
  }

  /**
   * Scores a synthetic table (or {@code n} rows drawn with {@code seed} when {@code synthetic} is
   * null) against the run's real rows; writes the HTML report when {@code report} is given.
   */
  public static Evaluation evaluate(Path run, Path real, Path synthetic, int n, String target, long seed, Path report) {
    if (real == null) {
      throw new BadInputException("--real is required for a tabular run: the table it was trained on");
    }
    TabularModel model = load(run);
    Holdout h = realRows(run, real);
    if (!h.train().names().equals(model.metadata().names())) {
      throw new BadInputException("--real " + real + ": columns " + h.train().names() + " are not the run's " + model.metadata().names());
    }
    Table syn;
    if (synthetic != null) {
      if (!Files.isRegularFile(synthetic)) {
        throw new BadInputException("--synthetic: no such file: " + synthetic);
      }
      syn = TableIO.read(synthetic);
      if (!syn.names().equals(model.metadata().names())) {
        throw new BadInputException("--synthetic " + synthetic + ": columns " + syn.names() + " are not the run's " + model.metadata().names());
      }
    } else {
      syn = model.sample(n, seed, Map.of());
    }
    Evaluation e = Evaluation.run(h.train(), h.heldOut(), syn, model.metadata(), target, seed);
    if (report != null) {
      AtomicFiles.writeString(report, TabularReportPage.render(e, "Synthetic table report: " + run.getFileName()));
    }
    return e;
  }
}
