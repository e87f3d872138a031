package dev.fabrica.neural;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabrica.testkit.FakeFashion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.fabrica.core.Reporter;
import dev.fabrica.neural.gan.Gan;
import dev.fabrica.neural.gan.GanConfig;
import dev.fabrica.neural.gan.GanTrainer;
import dev.fabrica.neural.image.ImageSet;
import dev.fabrica.neural.io.Safetensors;
import dev.fabrica.neural.nn.Params;
import dev.fabrica.neural.train.Adam;
import dev.fabrica.neural.train.LoopConfig;
import dev.fabrica.neural.train.TrainLoop;
import dev.fabrica.neural.train.Trainable;
import dev.fabrica.neural.vae.Vae;
import dev.fabrica.neural.vae.VaeConfig;
import dev.fabrica.neural.vae.VaeTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainLoopTest {
  @TempDir static Path data;
  static ImageSet train;
  static ImageSet test;

  @TempDir Path tmp;

  @BeforeAll
  static void load() throws Exception {
    Torch.start(1);
    FakeFashion.write(data, 200, 40, 5);
    train = ImageSet.fashionMnist(data, true);
    test = ImageSet.fashionMnist(data, false);
  }

  private static final VaeConfig TINY = new VaeConfig("mlp", 4, 32, 16, 1e-3, 7);

  /** Records every step's loss, and can stop the loop at a given step. */
  private static final class Recording implements Trainable {
    final VaeTrainer inner;
    final List<Double> losses = new ArrayList<>();
    TrainLoop loop;
    long stopAt = -1;
    long nanAt = -1;

    Recording(VaeTrainer inner) {
      this.inner = inner;
    }

    @Override
    public Params params() {
      return inner.params();
    }

    @Override
    public List<Adam> optimizers() {
      return inner.optimizers();
    }

    @Override
    public Map<String, Double> trainStep(long step, NDManager scope) {
      Map<String, Double> l = inner.trainStep(step, scope);
      losses.add(l.get("train_loss"));
      if (step + 1 == nanAt) {
        return Map.of("train_loss", Double.NaN);
      }
      if (step + 1 == stopAt) {
        loop.requestStop();
      }
      return l;
    }

    @Override
    public Map<String, Double> evaluate(NDManager scope) {
      return inner.evaluate(scope);
    }
  }

  private List<Double> train(Path run, long steps, long stopAt, boolean resume) throws Exception {
    Files.createDirectories(run);
    try (NDManager m = NDManager.newBaseManager(); Vae vae = new Vae(TINY, m)) {
      Recording rec = new Recording(new VaeTrainer(vae, train, test));
      rec.loop = new TrainLoop(new LoopConfig(steps, 10, "test_loss", TINY.seed()), Reporter.silent());
      rec.stopAt = stopAt;
      TrainLoop.Outcome o = rec.loop.run(rec, run, resume, m);
      assertThat(o.stopped()).isEqualTo(stopAt > 0);
      return rec.losses;
    }
  }

  @Test
  void a_loss_that_is_not_a_number_stops_training_with_a_clear_error_and_keeps_the_last_checkpoint() throws Exception {
    Path run = data.resolve("diverged");
    Files.createDirectories(run);
    try (NDManager m = NDManager.newBaseManager(); Vae vae = new Vae(TINY, m)) {
      Recording rec = new Recording(new VaeTrainer(vae, train, test));
      rec.loop = new TrainLoop(new LoopConfig(30, 10, "test_loss", TINY.seed()), Reporter.silent());
      rec.nanAt = 15;
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> rec.loop.run(rec, run, false, m))
          .isInstanceOf(dev.fabrica.neural.train.DivergedException.class)
          .hasMessageContaining("diverged at step 15: train_loss is NaN").hasMessageContaining("--resume");
    }
    assertThat(Files.readString(run.resolve("last/state.json"))).contains("\"step\" : 10");
  }

  @Test
  void a_resumed_run_continues_the_loss_curve_of_an_uninterrupted_one() throws Exception {
    List<Double> whole = train(tmp.resolve("whole"), 40, -1, false);
    Path run = tmp.resolve("split");
    List<Double> first = train(run, 40, 17, false); // Ctrl-C after step 17: a checkpoint there
    assertThat(first).hasSize(17);
    assertThat(Files.readString(run.resolve("last/state.json"))).contains("\"step\" : 17");
    List<Double> rest = train(run, 40, -1, true);
    assertThat(rest).hasSize(23);
    List<Double> joined = new ArrayList<>(first);
    joined.addAll(rest);
    assertThat(joined).hasSize(40);
    for (int i = 0; i < 40; i++) {
      assertThat(joined.get(i)).as("step %d", i + 1).isCloseTo(whole.get(i), org.assertj.core.data.Percentage.withPercentage(1e-4));
    }
    List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
    assertThat(lines).hasSize(5); // steps 10, 17 (the stop), 20, 30, 40
    assertThat(run.resolve("loss.png")).isRegularFile();
    assertThat(run.resolve("model.safetensors")).isRegularFile();
  }

  @Test
  void memory_stays_flat_over_many_steps() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      Vae mlp = new Vae(TINY, m);
      Vae conv = new Vae(TINY.withKind("conv"), m);
      Gan gan = new Gan(GanConfig.cgan().withWidths(8, 4).withBatch(16), m);
      List<Trainable> models = List.of(new VaeTrainer(mlp, train, test), new VaeTrainer(conv, train, test), new GanTrainer(gan, train));
      int i = 0;
      for (Trainable t : models) {
        Path run = tmp.resolve("flat" + i++);
        Files.createDirectories(run);
        new TrainLoop(new LoopConfig(20, 1000, null, 1), Reporter.silent()).run(t, run, false, m);
        int arrays = m.getManagedArrays().size();
        new TrainLoop(new LoopConfig(120, 50, null, 1), Reporter.silent()).run(t, run, true, m); // 100 more steps, 2 evaluations
        assertThat(m.getManagedArrays().size()).as(run.getFileName().toString()).isEqualTo(arrays);
      }
    }
  }

  @Test
  void saved_weights_load_into_a_fresh_model_with_identical_outputs() throws Exception {
    Path file = tmp.resolve("vae.safetensors");
    try (NDManager m = NDManager.newBaseManager();
        Vae a = new Vae(TINY, m);
        Vae b = new Vae(TINY.withSeed(99), m)) {
      Safetensors.write(file, a.params().toTensors(), Map.of());
      NDArray z = m.randomNormal(new Shape(4, 4));
      assertThat(b.decodeLogits(z).toFloatArray()).isNotEqualTo(a.decodeLogits(z).toFloatArray());
      b.params().load(Safetensors.read(file).tensors(), file.toString());
      assertThat(b.decodeLogits(z).toFloatArray()).containsExactly(a.decodeLogits(z).toFloatArray());
    }
  }
}
