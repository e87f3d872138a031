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
    Files.writeString(fortunes.resolve("tang300"),
        "\u001b[32m《静夜思》\u001b[m\n床前明月光，疑是地上霜。\n%\n举头望明月，低头思故乡。\n%\n！！！\n%\n");
    Files.writeString(fortunes.resolve("fortunes.dat"), "binary index, not a fortune file");
    Path out = tmp.resolve("demo");

    CliTest.Run r = CliTest.run("demo", "--fortunes", fortunes.toString(), "--no-install", "--images", "0", "--out", out.toString(), "-q");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(out.resolve("dataset/train.parquet")).exists();
    String html = Files.readString(out.resolve("report.html"));
    assertThat(html).contains("<h2>1. Collect").contains("tang300").contains("fortunes");
    // 40 English entries with 30 distinct texts: dedupe drops 10, the "！！！" entry is emptied by cleaning and dropped
    assertThat(r.out()).containsPattern("dedupe\\s+43\\s+33").containsPattern("drop_missing\\s+33\\s+32");
    assertThat(html).contains("A happy fortune number").doesNotContain("\u001b");
    assertThat(Files.readString(out.resolve("dataset/train.jsonl")) + Files.readString(out.resolve("dataset/val.jsonl"))
        + Files.readString(out.resolve("dataset/test.jsonl"))).contains("床前明月光疑是地上霜");
    assertThat(html).contains("<svg").contains("dropped");
  }

  @Test
  void explains_what_to_install_when_no_fortunes_are_found() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("none"));
    CliTest.Run r = CliTest.run("demo", "--fortunes", empty.toString(), "--images", "0", "--out", tmp.resolve("d").toString(), "-q");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("apt-get install fortunes fortunes-zh").contains("--fortunes DIR");
  }
}
