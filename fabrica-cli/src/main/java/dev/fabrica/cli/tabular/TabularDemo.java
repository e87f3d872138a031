package dev.fabrica.cli.tabular;

import dev.fabrica.cli.model.RunDir;
import dev.fabrica.cli.report.HtmlPage;
import dev.fabrica.core.AtomicFiles;
import dev.fabrica.core.Reporter;
import dev.fabrica.tabular.Holdout;
import dev.fabrica.tabular.Table;
import dev.fabrica.tabular.TableIO;
import dev.fabrica.tabular.copula.CopulaConfig;
import dev.fabrica.tabular.copula.CopulaModel;
import dev.fabrica.tabular.copula.CopulaSynthesizer;
import dev.fabrica.tabular.eval.Evaluation;
import dev.fabrica.tabular.meta.Metadata;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A demo section: a Gaussian copula learns a real table (scikit-learn's wine), draws synthetic
 * rows, and the quality and privacy report shows how close and how private they are. Leaves
 * {@code out/runs/<name>} (a run for {@code fabrica sample}), the synthetic CSV and the full report
 * beside the demo page.
 */
public final class TabularDemo {
  private TabularDemo() {}

  /**
   * Runs the flow and returns the section's HTML (summary table and per-column plots).
   *
   * @param table e.g. {@code /usr/lib/python3/dist-packages/sklearn/datasets/data/wine_data.csv}
   * @param rows synthetic rows to draw
   */
  public static String run(Path table, Path out, int rows, long seed, Reporter rep) {
    Table t = TableIO.read(table);
    Metadata meta = Metadata.detect(t);
    Holdout h = Holdout.split(t, TrainTabularCommand.DEFAULT_HOLDOUT, seed);
    rep.info("demo: fitting a Gaussian copula to " + h.train().size() + " rows of " + table);
    long t0 = System.nanoTime();
    CopulaModel model = CopulaSynthesizer.fit(h.train(), meta, CopulaConfig.defaults().withSeed(seed));
    double fit = (System.nanoTime() - t0) / 1e9;
    String name = table.getFileName().toString().replaceFirst("(_data)?\\.[a-z]+$", "");
    Path run = out.resolve("runs/" + name);
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("model", "tabular");
    c.put("synthesizer", "copula");
    c.put("data", table.toString());
    c.put("data_fingerprint", t.fingerprint());
    c.put("rows", t.size());
    c.put("train_rows", h.train().size());
    c.put("holdout", TrainTabularCommand.DEFAULT_HOLDOUT);
    c.put("distributions", CopulaConfig.defaults().distributions());
    c.put("seed", seed);
    RunDir.write(run, true, c, model::save);
    Table syn = model.sample(rows, seed, Map.of());
    Path csv = out.resolve(name + "_synthetic.csv");
    TableIO.write(syn, csv);
    Evaluation e = Evaluation.run(h.train(), h.heldOut(), syn, meta, null, seed);
    Path report = out.resolve(name + "_report.html");
    AtomicFiles.writeString(report, TabularReportPage.render(e, "Synthetic table report: " + name));
    String intro = String.format("<p>A Gaussian copula fitted in %.1f s to %,d of the %,d rows of <code>%s</code> (%,d held out to "
        + "judge efficacy and privacy), columns detected as: %s. It drew %,d rows (<code>%s</code>); the full report with "
        + "every column-pair score is <code>%s</code>. Try <code>fabrica sample %s -n 100 --where class=2</code>.</p>",
        fit, h.train().size(), t.size(), HtmlPage.esc(table), h.heldOut().size(),
        HtmlPage.esc(meta.columns().stream().map(m -> m.name() + " " + m.kind().id()).reduce((a, b) -> a + ", " + b).orElse("")),
        rows, HtmlPage.esc(csv.getFileName()), HtmlPage.esc(report.getFileName()), HtmlPage.esc(run));
    return intro + TabularReportPage.summary(e) + TabularReportPage.columns(e);
  }
}
