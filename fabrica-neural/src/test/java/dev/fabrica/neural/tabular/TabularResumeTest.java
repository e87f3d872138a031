package dev.fabrica.neural.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import dev.fabrica.core.Reporter;
import dev.fabrica.neural.io.Safetensors;
import dev.fabrica.neural.io.Tensor;
import dev.fabrica.tabular.Table;
import dev.fabrica.tabular.TabularModel;
import dev.fabrica.tabular.meta.Metadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training N steps, then resuming to 2N, gives the weights of 2N steps straight, bit for bit. */
class TabularResumeTest {
  private static final Table TABLE = TvaeTest.table(300); // 3 steps an epoch in batches of 100

  @Test
  void a_resumed_ctgan_run_ends_with_the_weights_of_an_uninterrupted_one(@TempDir Path tmp) throws Exception {
    CtganConfig c = CtganConfig.tiny().withDiscriminatorSteps(2); // the critic's several updates a step resume too
    Metadata meta = Metadata.detect(TABLE);
    Path whole = Files.createDirectories(tmp.resolve("whole"));
    Path split = Files.createDirectories(tmp.resolve("split"));
    try (CtganModel m = CtganModel.train(TABLE, meta, c.withEpochs(10), whole, 1, Reporter.silent())) {
      assertThat(m).isNotNull();
    }
    try (CtganModel m = CtganModel.train(TABLE, meta, c.withEpochs(5), split, 1, Reporter.silent())) {
      assertThat(Files.readString(split.resolve("last/state.json"))).contains("\"step\" : 15");
    }
    TabularTraining.Result<CtganModel> r = CtganModel.train(TABLE, null, c.withEpochs(10), split, true, 1, Reporter.silent());
    try (CtganModel m = r.model()) {
      assertThat(r.outcome().step()).isEqualTo(30);
      assertThat(r.outcome().stopped()).isFalse();
      try (CtganModel straight = CtganModel.load(whole)) {
        assertSameRows(straight, m);
      }
    }
    assertSameWeights(whole, split);
    assertThat(Files.readString(split.resolve("ctgan.json"))).contains("\"epochs\" : 10");
    assertThat(evaluatedSteps(split)).containsExactly(15L, 30L);
  }

  @Test
  void a_resumed_tvae_run_ends_with_the_weights_of_an_uninterrupted_one(@TempDir Path tmp) throws Exception {
    TvaeConfig c = TvaeConfig.tiny();
    Metadata meta = Metadata.detect(TABLE);
    Path whole = Files.createDirectories(tmp.resolve("whole"));
    Path split = Files.createDirectories(tmp.resolve("split"));
    TvaeModel.train(TABLE, meta, c.withEpochs(10), whole, 1, Reporter.silent()).close();
    TvaeModel.train(TABLE, meta, c.withEpochs(5), split, 1, Reporter.silent()).close();
    TabularTraining.Result<TvaeModel> r = TvaeModel.train(TABLE, null, c.withEpochs(10), split, true, 1, Reporter.silent());
    try (TvaeModel m = r.model(); TvaeModel straight = TvaeModel.load(whole)) {
      assertThat(r.outcome().step()).isEqualTo(30);
      assertSameRows(straight, m);
    }
    assertSameWeights(whole, split);
    assertThat(evaluatedSteps(split)).containsExactly(15L, 30L);
  }

  @Test
  void resuming_refuses_changed_settings_and_runs_without_a_checkpoint(@TempDir Path tmp) throws Exception {
    Metadata meta = Metadata.detect(TABLE);
    Path run = Files.createDirectories(tmp.resolve("run"));
    TvaeModel.train(TABLE, meta, TvaeConfig.tiny().withEpochs(2), run, 1, Reporter.silent()).close();
    assertThatThrownBy(() -> TvaeModel.train(TABLE, null, TvaeConfig.tiny().withEpochs(4).withBatch(50), run, true, 1, Reporter.silent()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--resume: " + run.resolve("tvae.json"))
        .hasMessageContaining("keeps every setting but the epochs");
    assertThatThrownBy(() -> TvaeModel.train(TABLE, null, TvaeConfig.tiny().withEpochs(2), run, true, 1, Reporter.silent()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("has trained 6 steps already, and the epochs asked for make 6; pass more epochs");
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertThatThrownBy(() -> CtganModel.train(TABLE, null, CtganConfig.tiny(), empty, true, 1, Reporter.silent()))
        .isInstanceOf(BadInputException.class).hasMessageContaining("metadata.json: missing (not a ctgan run directory?)");
  }

  /**
   * The steps of metrics.jsonl: the first run's 15 and the resumed run's 30 (a run that started over
   * instead of resuming would have the weights of the whole run too, but only step 30 here).
   */
  private static List<Long> evaluatedSteps(Path run) throws Exception {
    List<Long> steps = new java.util.ArrayList<>();
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      steps.add(Json.MAPPER.readTree(line).get("step").asLong());
    }
    return steps;
  }

  private static void assertSameWeights(Path a, Path b) {
    Map<String, Tensor> x = Safetensors.read(a.resolve("model.safetensors")).tensors();
    Map<String, Tensor> y = Safetensors.read(b.resolve("model.safetensors")).tensors();
    assertThat(y.keySet()).isEqualTo(x.keySet());
    for (String name : x.keySet()) {
      assertThat(y.get(name).data()).as(name).isEqualTo(x.get(name).data());
    }
    Map<String, Tensor> ox = Safetensors.read(a.resolve("last/optimizer.safetensors")).tensors();
    Map<String, Tensor> oy = Safetensors.read(b.resolve("last/optimizer.safetensors")).tensors();
    for (String name : ox.keySet()) {
      assertThat(oy.get(name).data()).as(name).isEqualTo(ox.get(name).data());
    }
  }

  private static void assertSameRows(TabularModel a, TabularModel b) {
    List<Object[]> x = a.sample(50, 9, Map.of()).rows();
    List<Object[]> y = b.sample(50, 9, Map.of()).rows();
    for (int i = 0; i < 50; i++) {
      assertThat(y.get(i)).containsExactly(x.get(i));
    }
  }
}
