package dev.fabrica.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir Path tmp;

  @Test
  void runs_the_recipe_on_fortune_files_and_writes_a_report_page() throws IOException {
    Path fortunes = Files.createDirectories(tmp.resolve("fortunes"));
    StringBuilder en = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      en.append("A <b>happy</b> fortune, number ").append(i % 30).append("! Visit http://example.com\n%\n");
    }
    Files.writeString(fortunes.resolve("fortunes"), en.toString());
    // the GPT needs more than a context (64 characters) of training text: the two lines of 静夜思 again, under other titles
    StringBuilder zh = new StringBuilder("\u001b[32m《静夜思》\u001b[m\n床前明月光，疑是地上霜。\n%\n举头望明月，低头思故乡。\n%\n！！！\n%\n");
    for (int i = 0; i < 8; i++) {
      zh.append("\u001b[32m《秋").append(i).append("》\u001b[m\n床前明月光，疑是地上霜。举头望明月，低头思故乡。\n%\n");
    }
    Files.writeString(fortunes.resolve("tang300"), zh.toString());
    Files.writeString(fortunes.resolve("fortunes.dat"), "binary index, not a fortune file");
    Path out = tmp.resolve("demo");

    CliTest.Run r = CliTest.run("demo", "--fortunes", fortunes.toString(), "--no-install", "--images", "0", "--gpt-steps", "3",
        "--threads", "1", "--out", out.toString(), "-q");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(out.resolve("dataset/train.parquet")).exists();
    String html = Files.readString(out.resolve("report.html"));
    assertThat(html).contains("<h2>1. Collect").contains("tang300").contains("fortunes");
    // 40 English entries with 30 distinct texts and 11 Chinese ones (the 8 《秋i》 differ): dedupe drops 10, the "！！！"
    // entry is emptied by cleaning and dropped
    assertThat(r.out()).containsPattern("dedupe\\s+51\\s+41").containsPattern("drop_missing\\s+41\\s+40");
    assertThat(html).contains("A happy fortune number").doesNotContain("\u001b");
    assertThat(Files.readString(out.resolve("dataset/train.jsonl")) + Files.readString(out.resolve("dataset/val.jsonl"))
        + Files.readString(out.resolve("dataset/test.jsonl"))).contains("床前明月光疑是地上霜");
    assertThat(html).contains("<svg").contains("dropped");
    // the GPT section: trained for the 3 steps asked, its loss curve, samples after each prompt and the chat reply
    assertThat(html).contains("<h2>7. Synthetic tables").contains("<h2>8. A GPT").contains("for 3 steps").contains("<b>秋</b>")
        .contains("给我写一首关于秋天的诗").contains("data:image/png;base64,");
    assertThat(out.resolve("runs/poems/model.safetensors")).isRegularFile();
  }

  @Test
  void without_fortunes_zh_the_gpt_section_says_what_to_install() throws IOException {
    Path fortunes = Files.createDirectories(tmp.resolve("english-only"));
    StringBuilder en = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      en.append("Fortune number ").append(i).append(" says hello.\n%\n");
    }
    Files.writeString(fortunes.resolve("fortunes"), en.toString());
    Path out = tmp.resolve("demo-en");
    CliTest.Run r = CliTest.run("demo", "--fortunes", fortunes.toString(), "--no-install", "--images", "0", "--out", out.toString(), "-q");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readString(out.resolve("report.html"))).contains("<h2>8. A GPT").contains("Skipped: no")
        .contains("apt-get install fortunes-zh");
    assertThat(out.resolve("runs/poems")).doesNotExist();
  }

  @Test
  void a_negative_gpt_step_budget_is_an_error_naming_the_option() throws IOException {
    CliTest.Run r = CliTest.run("demo", "--gpt-steps", "-1", "--out", tmp.resolve("d").toString(), "-q");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--gpt-steps");
  }

  @Test
  void explains_what_to_install_when_no_fortunes_are_found() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("none"));
    CliTest.Run r = CliTest.run("demo", "--fortunes", empty.toString(), "--images", "0", "--out", tmp.resolve("d").toString(), "-q");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("apt-get install fortunes fortunes-zh").contains("--fortunes DIR");
  }
}
