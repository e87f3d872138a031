package dev.fabrica.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.core.Json;
import dev.fabrica.testkit.FakeFashion;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train stylegan, then sample seeds with truncation and a style-mixing grid, and their errors. */
class StyleCommandsTest {
  @TempDir static Path tmp;
  static Path run;

  @BeforeAll
  static void train() throws Exception {
    Path data = FakeFashion.write(tmp.resolve("fmnist"), 64, 16, 2);
    run = tmp.resolve("runs/style");
    CliTest.Run r = CliTest.run("train", "stylegan", "--data", data.toString(), "--out", run.toString(), "--steps", "2",
        "--eval-every", "2", "--z-dim", "16", "--channels", "8", "--fine-channels", "4", "--mixing", "0.5", "--mapping-layers", "2",
        "--batch", "8", "--threads", "1", "-q");
    assertThat(r.code()).as(r.err()).isZero();
  }

  @Test
  void a_trained_run_records_its_config_and_draws_seeds_the_same_way_twice() throws Exception {
    JsonNode config = Json.MAPPER.readTree(run.resolve("config.json").toFile());
    assertThat(config.get("model").asText()).isEqualTo("stylegan");
    assertThat(config.get("config").get("z_dim").asInt()).isEqualTo(16);
    assertThat(run.resolve("model.safetensors")).exists();
    Path a = tmp.resolve("a.png");
    Path b = tmp.resolve("b.png");
    CliTest.Run r = CliTest.run("sample", run.toString(), "--seeds", "1-4", "--psi", "0.7", "--out", a.toString(), "--threads", "1");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("4 stylegan samples");
    CliTest.run("sample", run.toString(), "--seeds", "1,2,3,4", "--psi", "0.7", "--out", b.toString(), "--threads", "1");
    assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
    Path dir = tmp.resolve("each");
    assertThat(CliTest.run("sample", run.toString(), "-n", "3", "--out", dir.toString(), "--threads", "1").code()).isZero();
    try (var files = Files.list(dir)) {
      assertThat(files.count()).isEqualTo(3);
    }
  }

  @Test
  void a_style_mixing_grid_has_a_row_per_row_seed_and_a_column_per_column_seed_plus_the_sources() throws Exception {
    Path grid = tmp.resolve("mixing.png");
    CliTest.Run r = CliTest.run("sample", run.toString(), "--mix-rows", "1-2", "--mix-cols", "5-7", "--crossover", "3",
        "--out", grid.toString(), "--threads", "1");
    assertThat(r.code()).as(r.err()).isZero();
    BufferedImage img = ImageIO.read(grid.toFile());
    Path single = tmp.resolve("single.png");
    CliTest.run("sample", run.toString(), "--mix-rows", "1", "--mix-cols", "5", "--out", single.toString(), "--threads", "1");
    BufferedImage one = ImageIO.read(single.toFile());
    // 4 columns by 3 rows of tiles against 2 by 2
    assertThat(img.getWidth()).isGreaterThan(one.getWidth());
    assertThat((double) img.getWidth() / img.getHeight()).isCloseTo(4.0 / 3, org.assertj.core.data.Offset.offset(0.05));
  }

  @Test
  void bad_sampling_options_are_one_line_errors() {
    for (String[] args : new String[][] {
        {"--seeds", "5-1"}, {"--seeds", "x"}, {"--psi", "3"}, {"--crossover", "9", "--mix-rows", "1", "--mix-cols", "2"},
        {"--mix-rows", "1"}}) {
      String[] all = new String[args.length + 4];
      all[0] = "sample";
      all[1] = run.toString();
      System.arraycopy(args, 0, all, 2, args.length);
      all[all.length - 2] = "--out";
      all[all.length - 1] = tmp.resolve("x.png").toString();
      CliTest.Run r = CliTest.run(all);
      assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.err().strip().lines()).hasSize(1);
    }
  }

  @Test
  void the_training_settings_reach_the_run_and_bad_ones_are_one_line_errors() throws Exception {
    com.fasterxml.jackson.databind.JsonNode c = dev.fabrica.core.Json.MAPPER.readTree(run.resolve("config.json").toFile()).get("config");
    assertThat(c.get("fine_channels").asInt()).isEqualTo(4);
    assertThat(c.get("channels").asInt()).isEqualTo(8);
    assertThat(c.get("mixing").asDouble()).isEqualTo(0.5);
    assertThat(c.get("d_downsample_first").asBoolean()).isTrue();
    for (String[] bad : new String[][] {{"--fine-channels", "0"}, {"--mixing", "1.5"}}) {
      CliTest.Run r = CliTest.run("train", "stylegan", "--data", tmp.resolve("fmnist").toString(), "--out", tmp.resolve("runs/bad").toString(),
          "--steps", "1", bad[0], bad[1], "-q");
      assertThat(r.code()).as(String.join(" ", bad)).isEqualTo(2);
      assertThat(r.err()).contains(bad[0].equals("--mixing") ? "mixing" : "--fine-channels");
      assertThat(r.err().strip().lines()).hasSize(1);
    }
    assertThat(tmp.resolve("runs/bad")).doesNotExist();
  }
}
