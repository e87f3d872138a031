package dev.fabrica.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fabrica.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quality check: the demo on Debian's real English and Chinese fortunes (CI installs them). */
@Tag("slow")
class DemoRealDataSlowTest {
  @TempDir Path tmp;

  @Test
  @SuppressWarnings("unchecked")
  void the_demo_prepares_the_debian_fortunes_and_keeps_the_chinese_text() throws Exception {
    Path dir = FortuneCorpus.DEBIAN_DIR;
    assumeTrue(Files.isRegularFile(dir.resolve("fortunes")) && Files.isRegularFile(dir.resolve("tang300")),
        "Debian's fortunes and fortunes-zh are not installed");
    Path out = tmp.resolve("demo");
    boolean images = Files.isRegularFile(DemoImages.DEBIAN_DIR.resolve("t10k-images-idx3-ubyte.gz"));
    // the image and GPT sections at a tenth of their default size: this checks they run and report, not their quality
    CliTest.Run r = CliTest.run("demo", "--no-install", "--images", "600", "--image-epochs", "1", "--style-steps", "10", "--gpt-steps", "100",
        "--out", out.toString(), "-q");
    assertThat(r.code()).as(r.err()).isZero();

    Map<String, Object> report = Json.MAPPER.readValue(out.resolve("dataset/report.json").toFile(), Map.class);
    Map<String, Map<String, Number>> labels = (Map<String, Map<String, Number>>) report.get("label_counts");
    assertThat(labels.get("train").get("zh").longValue()).isGreaterThan(1000);
    assertThat(labels.get("train").get("en").longValue()).isGreaterThan(10_000);
    // 静夜思 by Li Bai is in tang300; cleaned of its punctuation it must survive intact
    String all = Files.readString(out.resolve("dataset/train.jsonl")) + Files.readString(out.resolve("dataset/val.jsonl"))
        + Files.readString(out.resolve("dataset/test.jsonl"));
    assertThat(all).contains("床前明月光疑是地上霜");
    String html = Files.readString(out.resolve("report.html"));
    assertThat(html).contains("tang300").contains("<svg");
    // the GPT section: the Tang poems' vocabulary holds 秋, so the samples start from it, and the chat reply is there
    assertThat(html).contains(images ? "<h2>10. A GPT" : "<h2>8. A GPT").contains("for 100 steps").contains("<b>秋</b>").contains("给我写一首关于秋天的诗");
    assertThat(out.resolve("runs/poems/loss.png")).isRegularFile();
    // the synthetic-tables section: scikit-learn's wine (CI installs python3-sklearn) through a copula
    assertThat(html).contains("<h2>7. Synthetic tables");
    if (Files.isRegularFile(Path.of("/usr/lib/python3/dist-packages/sklearn/datasets/data/wine_data.csv"))) {
      assertThat(out.resolve("runs/wine/config.json")).isRegularFile();
      assertThat(out.resolve("wine_synthetic.csv")).isRegularFile();
      assertThat(out.resolve("wine_report.html")).isRegularFile();
    }
    if (images) {
      assertThat(html).contains("FID-FMNIST").contains("data:image/png;base64,").contains("ceiling: noise");
      assertThat(out.resolve("runs/cgan/model.safetensors")).isRegularFile();
      // the style section: a truncation sweep, a mixing grid, the prompts with how they were read, prompt accuracy
      assertThat(html).contains("<h2>9. Styles and prompts");
      // the StyleGAN's NaN was DJL's freed scalars (Scalars): it must train, not be reported as diverged
      assertThat(html).doesNotContain("training failed in this run").contains("Truncation: seeds 1-4").contains("Style mixing");
      assertThat(html).contains("一条裤子").contains("how the model read it").contains("prompt accuracy, held-out phrasings");
      assertThat(out.resolve("runs/t2i/captions.tsv")).isRegularFile();
    }
  }
}
