package dev.fabrica.spark;

import dev.fabrica.classic.hmm.HmmEngine;
import dev.fabrica.classic.hmm.HmmModel;
import dev.fabrica.classic.hmm.HmmSpec;
import dev.fabrica.classic.hmm.HmmTrainer;
import dev.fabrica.classic.hmm.Sequences;
import dev.fabrica.classic.nb.NbConfig;
import dev.fabrica.classic.nb.NbEngine;
import dev.fabrica.classic.nb.NbModel;
import dev.fabrica.core.Reporter;
import dev.fabrica.data.engine.Pipeline;
import dev.fabrica.data.engine.PrepEngine;
import dev.fabrica.data.engine.PrepReport;
import dev.fabrica.data.recipe.Recipe;
import dev.fabrica.spark.hmm.SparkHmm;
import dev.fabrica.spark.nb.SparkNb;
import dev.fabrica.spark.nb.SparkNbSampler;
import dev.fabrica.spark.prep.SparkPrep;
import dev.fabrica.spark.tabular.SparkTabularSampler;
import dev.fabrica.tabular.TabularEngine;
import dev.fabrica.tabular.TabularModel;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * {@code --engine spark} for {@code prep}, {@code train nb}, {@code train hmm} and {@code sample}
 * (naive Bayes and copula runs): found by {@link java.util.ServiceLoader} when this jar is on the
 * classpath. Starts a session for the command (or uses the one already running, e.g. under
 * spark-submit or in a test) and stops only a session it started.
 */
public final class SparkEngine implements PrepEngine, NbEngine, HmmEngine, TabularEngine {
  @Override
  public String name() {
    return "spark";
  }

  @Override
  public PrepReport run(Recipe recipe, Pipeline.Options options, String master) {
    return inSession(master, "fabrica prep " + recipe.file().getFileName(), spark -> SparkPrep.run(spark, recipe, options));
  }

  @Override
  public NbModel fit(NbConfig config, Path csv, String labelColumn, String master) {
    return inSession(master, "fabrica train nb " + csv.getFileName(), spark -> SparkNb.fit(spark, config, csv, labelColumn));
  }

  @Override
  public long sample(NbModel model, long n, long seed, String classLabel, String out, int rowsPerPart, String master) {
    return inSession(master, "fabrica sample nb", spark -> SparkNbSampler.sample(spark, model, n, seed, classLabel, out,
        rowsPerPart, false));
  }

  @Override
  public Set<String> synthesizers() {
    return SparkTabularSampler.synthesizers();
  }

  @Override
  public long sample(TabularModel model, long n, long seed, Map<String, String> where, String out, int rowsPerPart,
      String master) {
    return inSession(master, "fabrica sample " + model.synthesizer(), spark -> SparkTabularSampler.sample(spark, model, n,
        seed, where, out, rowsPerPart, false));
  }

  @Override
  public HmmModel fitBestOf(HmmTrainer.Options options, Reporter reporter, Sequences data, HmmSpec spec, int restarts,
      int probe, String master) {
    return inSession(master, "fabrica train hmm", spark -> SparkHmm.fitBestOf(spark, options, reporter, data, spec,
        restarts, probe));
  }

  private static <T> T inSession(String master, String app, Function<SparkSession, T> work) {
    boolean running = SparkSession.getDefaultSession().isDefined();
    SparkSession spark = SparkSessions.start(master, app);
    try {
      return work.apply(spark);
    } finally {
      if (!running) {
        spark.stop();
      }
    }
  }
}
