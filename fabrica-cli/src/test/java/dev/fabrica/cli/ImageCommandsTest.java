package dev.fabrica.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.core.Json;
import dev.fabrica.testkit.FakeFashion;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image commands end to end on a tiny Fashion-MNIST look-alike: train, resume, sample, eval, errors. */
class ImageCommandsTest {
  @TempDir static Path tmp;
  static Path data;

  @BeforeAll
  static void fake() throws Exception {
    data = FakeFashion.write(tmp.resolve("fmnist"), 300, 60, 1);
  }

  private static CliTest.Run ok(String... args) {
    CliTest.Run r = CliTest.run(args);
    assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isZero();
    return r;
  }

  @Test
  void train_resume_sample_and_eval_a_vae() throws Exception {
    Path run = tmp.resolve("runs/vae");
    ok("train", "vae", "--data", data.toString(), "--out", run.toString(), "--steps", "6", "--eval-every", "3", "--threads", "1", "-q");
    assertThat(Files.readAllLines(run.resolve("metrics.jsonl"))).hasSize(2);
    JsonNode config = Json.MAPPER.readTree(run.resolve("config.json").toFile());
    assertThat(config.get("model").asText()).isEqualTo("vae");
    assertThat(config.get("classes").get(1).asText()).isEqualTo("Trouser");

    CliTest.Run again = CliTest.run("train", "vae", "--data", data.toString(), "--out", run.toString(), "--steps", "6", "-q");
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("already exists").contains("--resume");

    ok("train", "vae", "--data", data.toString(), "--out", run.toString(), "--steps", "9", "--eval-every", "3", "--resume", "--threads", "1", "-q");
    assertThat(Files.readAllLines(run.resolve("metrics.jsonl"))).hasSize(3);
    assertThat(Files.readString(run.resolve("last/state.json"))).contains("\"step\" : 9");

    Path grid = tmp.resolve("vae.png");
    ok("sample", run.toString(), "-n", "9", "--out", grid.toString(), "--threads", "1");
    assertThat(ImageIO.read(grid.toFile()).getWidth()).isEqualTo(3 * 56 + 2 * 2); // 3 tiles of 28×2, 2 px between
    Path dir = tmp.resolve("vae-samples");
    ok("sample", run.toString(), "-n", "4", "--out", dir.toString(), "--threads", "1");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("000000.png", "000001.png", "000002.png", "000003.png");
    }
    ok("sample", run.toString(), "--reconstruct", "-n", "8", "--out", tmp.resolve("recon.png").toString(), "--threads", "1");
    ok("sample", run.toString(), "--interpolate", "0,5", "-n", "7", "--out", tmp.resolve("interp.png").toString(), "--threads", "1");

    ok("train", "classifier", "--data", data.toString(), "--out", tmp.resolve("runs/classifier").toString(), "--steps", "5", "--threads", "1", "-q");
    CliTest.Run e = ok("eval", run.toString(), "-n", "40", "--threads", "1", "-q");
    JsonNode s = Json.MAPPER.readTree(e.out());
    assertThat(s.get("fid_fmnist").asDouble()).isPositive();
    assertThat(s.get("ceiling").get("fid_fmnist").asDouble()).isGreaterThan(s.get("floor").get("fid_fmnist").asDouble());
    assertThat(s.get("test_loss").asDouble()).isPositive();
    assertThat(s.get("test_recon").asDouble() + s.get("test_kl").asDouble()).isCloseTo(s.get("test_loss").asDouble(), org.assertj.core.data.Offset.offset(1e-6));
    assertThat(run.resolve("scores.json")).exists();
  }

  @Test
  void a_conditional_gan_samples_the_class_asked_for_and_rejects_unknown_ones() throws Exception {
    Path run = tmp.resolve("runs/cgan");
    ok("train", "cgan", "--data", data.toString(), "--out", run.toString(), "--steps", "4", "--batch", "32", "--threads", "1", "-q");
    assertThat(run.resolve("samples.png")).exists();
    assertThat(run.resolve("progress")).isDirectory();
    ok("sample", run.toString(), "--class", "Trouser", "-n", "8", "--out", tmp.resolve("trousers.png").toString(), "--threads", "1");
    Path gan = tmp.resolve("runs/gan");
    ok("train", "gan", "--data", data.toString(), "--out", gan.toString(), "--steps", "2", "--batch", "32", "--threads", "1", "-q");
    ok("sample", gan.toString(), "-n", "4", "--out", tmp.resolve("gan.png").toString(), "--threads", "1");
    CliTest.Run uncond = CliTest.run("sample", gan.toString(), "--class", "Trouser", "-n", "4", "--out", tmp.resolve("y.png").toString());
    assertThat(uncond.code()).isEqualTo(2);
    assertThat(uncond.err()).contains("unconditional");
    CliTest.Run bad = CliTest.run("sample", run.toString(), "--class", "Hat", "-n", "8", "--out", tmp.resolve("x.png").toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("unknown class 'Hat'").contains("Ankle boot");
  }

  @Test
  void bad_image_data_fails_with_a_clear_message() throws Exception {
    CliTest.Run missing = CliTest.run("train", "vae", "--data", tmp.resolve("nowhere").toString(), "--out", tmp.resolve("r1").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("--data").contains("nowhere");

    Path broken = Files.createDirectories(tmp.resolve("broken"));
    Files.copy(data.resolve("t10k-images-idx3-ubyte.gz"), broken.resolve("t10k-images-idx3-ubyte.gz"));
    Files.copy(data.resolve("t10k-labels-idx1-ubyte.gz"), broken.resolve("t10k-labels-idx1-ubyte.gz"));
    Files.copy(data.resolve("train-labels-idx1-ubyte.gz"), broken.resolve("train-labels-idx1-ubyte.gz"));
    try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(broken.resolve("train-images-idx3-ubyte.gz"))))) {
      out.writeInt(2049); // a labels magic number where images belong
      out.writeInt(300);
    }
    CliTest.Run magic = CliTest.run("train", "vae", "--data", broken.toString(), "--out", tmp.resolve("r2").toString());
    assertThat(magic.code()).isEqualTo(2);
    assertThat(magic.err()).contains("train-images-idx3-ubyte.gz").contains("2051");
    assertThat(tmp.resolve("r2")).doesNotExist();
  }
}
