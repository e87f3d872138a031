package dev.fabrica.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.core.Json;
import dev.fabrica.testkit.FakeFashion;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train t2i, sample from prompts, eval its prompt accuracy, and the errors of each. */
class T2iCommandsTest {
  @TempDir static Path tmp;
  static Path data;
  static Path run;

  @BeforeAll
  static void train() throws Exception {
    data = FakeFashion.write(tmp.resolve("fmnist"), 120, 40, 1);
    run = tmp.resolve("runs/t2i");
    ok("train", "t2i", "--data", data.toString(), "--out", run.toString(), "--steps", "4", "--eval-every", "2",
        "--batch", "24", "--text-dim", "8", "--threads", "1", "-q");
  }

  private static CliTest.Run ok(String... args) {
    CliTest.Run r = CliTest.run(args);
    assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isZero();
    return r;
  }

  @Test
  void a_run_keeps_its_captions_and_samples_a_prompt_as_a_grid_or_one_file_per_image() throws Exception {
    JsonNode config = Json.MAPPER.readTree(run.resolve("config.json").toFile());
    assertThat(config.get("model").asText()).isEqualTo("t2i");
    assertThat(config.get("config").get("textDim").asInt()).isEqualTo(8);
    assertThat(Files.readString(run.resolve("captions.tsv"))).contains("Ankle boot\ttrain\tan ankle boot").contains("一双运动鞋");
    assertThat(Files.readAllLines(run.resolve("metrics.jsonl")).get(0)).contains("text_accuracy_heldout");
    Path grid = tmp.resolve("boots.png");
    CliTest.Run r = ok("sample", run.toString(), "--prompt", "an ankle boot", "-n", "16", "--out", grid.toString(), "--threads", "1");
    assertThat(r.out()).contains("\"an ankle boot\": ").contains("wrote 16 t2i samples");
    assertThat(ImageIO.read(grid.toFile()).getWidth()).isEqualTo(4 * 56 + 3 * 2);
    Path again = tmp.resolve("boots2.png");
    ok("sample", run.toString(), "--prompt", "an ankle boot", "-n", "16", "--out", again.toString(), "--threads", "1");
    assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(grid));
    Path dir = tmp.resolve("each");
    ok("sample", run.toString(), "--prompt", "一双运动鞋", "-n", "3", "--out", dir.toString(), "--threads", "1");
    try (var files = Files.list(dir)) {
      assertThat(files.count()).isEqualTo(3);
    }
    CliTest.Run unknown = ok("sample", run.toString(), "--prompt", "🙂", "-n", "2", "--out", tmp.resolve("u.png").toString(), "--threads", "1");
    assertThat(unknown.out()).contains("shares no word").contains("most likely concept");
    ok("sample", run.toString(), "--class", "Bag", "-n", "2", "--out", tmp.resolve("bag.png").toString(), "--threads", "1");
  }

  @Test
  void bad_prompts_and_caption_files_are_one_line_errors() throws Exception {
    CliTest.Run empty = CliTest.run("sample", run.toString(), "--prompt", "  ", "--out", tmp.resolve("e.png").toString());
    assertThat(empty.code()).isEqualTo(2);
    assertThat(empty.err()).contains("--prompt: the prompt is empty");
    CliTest.Run both = CliTest.run("sample", run.toString(), "--prompt", "a bag", "--class", "Bag", "--out", tmp.resolve("b.png").toString());
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("give one");
    CliTest.Run longer = CliTest.run("sample", run.toString(), "--prompt", "x".repeat(600), "--out", tmp.resolve("l.png").toString());
    assertThat(longer.code()).isEqualTo(2);
    assertThat(longer.err()).contains("600 characters");
    Path caps = Files.writeString(tmp.resolve("caps.tsv"), "Bag\ttrain\ta bag\nHat\ttrain\ta hat\n");
    CliTest.Run bad = CliTest.run("train", "t2i", "--data", data.toString(), "--out", tmp.resolve("r").toString(), "--captions", caps.toString(), "--steps", "1");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains(caps + ":2: unknown concept 'Hat'");
    assertThat(tmp.resolve("r")).doesNotExist();
  }

  @Test
  void eval_reports_prompt_accuracy_on_seen_and_held_out_phrasings() throws Exception {
    ok("train", "classifier", "--data", data.toString(), "--out", tmp.resolve("runs/classifier").toString(), "--steps", "3", "--threads", "1", "-q");
    JsonNode s = Json.MAPPER.readTree(ok("eval", run.toString(), "-n", "240", "--threads", "1", "-q").out());
    assertThat(s.get("fid_fmnist").asDouble()).isPositive();
    assertThat(s.get("captions_seen").asInt()).isEqualTo(120);
    assertThat(s.get("captions_heldout").asInt()).isEqualTo(30);
    assertThat(s.get("prompt_samples_seen").asInt()).isEqualTo(240);
    for (String k : new String[] {"prompt_accuracy_seen", "prompt_accuracy_heldout", "prompt_accuracy_seen_zh", "text_accuracy_heldout"}) {
      assertThat(s.get(k).asDouble()).as(k).isBetween(0.0, 1.0);
    }
    assertThat(s.get("psi").asDouble()).isEqualTo(0.7); // t2i samples prompts truncated unless told otherwise
    JsonNode all = Json.MAPPER.readTree(ok("eval", run.toString(), "-n", "240", "--psi", "1", "--threads", "1", "-q").out());
    assertThat(all.get("psi").asDouble()).isEqualTo(1.0);
    assertThat(all.get("class_spread").asDouble()).isNotEqualTo(s.get("class_spread").asDouble());
  }

  @Test
  void psi_changes_the_images_its_default_is_0_7_and_a_value_out_of_range_is_a_clear_error() throws Exception {
    Path a = tmp.resolve("psi-default.png");
    Path b = tmp.resolve("psi-0.7.png");
    Path c = tmp.resolve("psi-1.png");
    ok("sample", run.toString(), "--prompt", "a bag", "-n", "4", "--out", a.toString(), "--threads", "1");
    ok("sample", run.toString(), "--prompt", "a bag", "-n", "4", "--psi", "0.7", "--out", b.toString(), "--threads", "1");
    ok("sample", run.toString(), "--prompt", "a bag", "-n", "4", "--psi", "1", "--out", c.toString(), "--threads", "1");
    assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    assertThat(Files.readAllBytes(a)).isNotEqualTo(Files.readAllBytes(c));
    CliTest.Run bad = CliTest.run("sample", run.toString(), "--prompt", "a bag", "--psi", "3", "--out", tmp.resolve("bad.png").toString());
    assertThat(bad.code()).isNotZero();
    assertThat(bad.err()).contains("--psi must be in [0, 2], got 3.0");
    assertThat(tmp.resolve("bad.png")).doesNotExist();
  }
}
