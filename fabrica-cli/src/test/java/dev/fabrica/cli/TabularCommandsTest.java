package dev.fabrica.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TabularCommandsTest {
  @TempDir Path tmp;

  /** x ~ N(0,1) or N(5,1) by group, y = 2x + noise (2 decimals), an id, and start <= end dates. */
  private Path table(int rows) throws IOException {
    java.util.Random r = new java.util.Random(3);
    StringBuilder csv = new StringBuilder("id,group,x,y,start,end\n");
    for (int i = 0; i < rows; i++) {
      boolean a = r.nextDouble() < 0.7;
      double x = (a ? 0 : 5) + r.nextGaussian();
      int d0 = 1 + r.nextInt(15);
      csv.append(i + 1).append(',').append(a ? "a" : "b").append(',').append(String.format("%.2f", x)).append(',')
          .append(String.format("%.2f", 2 * x + 0.3 * r.nextGaussian())).append(',')
          .append(String.format("2025-06-%02d", d0)).append(',').append(String.format("2025-06-%02d", d0 + r.nextInt(10))).append('\n');
    }
    Path p = tmp.resolve("table.csv");
    Files.writeString(p, csv.toString());
    return p;
  }

  @Test
  void train_sample_where_and_eval_a_copula_run() throws IOException {
    Path data = table(300);
    Path meta = tmp.resolve("meta.json");
    Files.writeString(meta, "{\"constraints\": [{\"type\": \"inequality\", \"low\": \"start\", \"high\": \"end\"}]}");
    Path run = tmp.resolve("runs/t");
    CliTest.Run t = CliTest.run("train", "tabular", "--data", data.toString(), "--metadata", meta.toString(), "--out", run.toString());
    assertThat(t.code()).as(t.err()).isZero();
    assertThat(t.out()).contains("id      id").contains("group   categorical").contains("x       numerical (2 decimals)")
        .contains("start   datetime (uuuu-MM-dd)").contains("constraint: start <= end").contains("on 240 of 300 rows");
    assertThat(run.resolve("model.json")).exists();
    assertThat(run.resolve("metadata.json")).exists();

    CliTest.Run s = CliTest.run("sample", run.toString(), "-n", "400", "--seed", "4");
    assertThat(s.code()).as(s.err()).isZero();
    List<String> lines = s.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("id,group,x,y,start,end");
    assertThat(lines).hasSize(401);
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split(",");
      assertThat(f[4].compareTo(f[5])).as(l).isLessThanOrEqualTo(0);
      assertThat(f[2]).matches("-?\\d+(\\.\\d{1,2})?");
    }
    assertThat(CliTest.run("sample", run.toString(), "-n", "400", "--seed", "4").out()).isEqualTo(s.out());

    Path out = tmp.resolve("b.csv");
    CliTest.Run w = CliTest.run("sample", run.toString(), "-n", "200", "--where", "group=b", "--out", out.toString());
    assertThat(w.code()).as(w.err()).isZero();
    List<String> b = Files.readAllLines(out);
    assertThat(b).hasSize(201);
    assertThat(b.subList(1, b.size())).allMatch(l -> l.split(",")[1].equals("b"));
    double meanX = b.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[2])).average().orElseThrow();
    // real: 5 in group b, 1.5 overall; a Gaussian copula shifts x most of the way (a bimodal x given a
    // binary category is beyond what one correlation can say)
    assertThat(meanX).isBetween(3.0, 6.0);

    CliTest.Run bad = CliTest.run("sample", run.toString(), "--where", "group=z");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--where group=z: 'group' has no value 'z'");
    CliTest.Run byClass = CliTest.run("sample", run.toString(), "--class", "b");
    assertThat(byClass.code()).isEqualTo(2);
    assertThat(byClass.err()).contains("--class: tabular runs take --where COLUMN=VALUE instead");

    Path syn = tmp.resolve("syn.csv");
    assertThat(CliTest.run("sample", run.toString(), "-n", "1000", "--out", syn.toString()).code()).isZero();
    Path report = tmp.resolve("report.html");
    CliTest.Run e = CliTest.run("eval", run.toString(), "--real", data.toString(), "--synthetic", syn.toString(), "--report", report.toString());
    assertThat(e.code()).as(e.err()).isZero();
    JsonNode scores = Json.MAPPER.readTree(e.out().substring(0, e.out().lastIndexOf('}') + 1));
    assertThat(scores.get("holdout_rows").asInt()).isEqualTo(60);
    assertThat(scores.get("quality").get("overall").asDouble()).isGreaterThan(0.85);
    assertThat(scores.get("detection_auc").asDouble()).isLessThan(0.8);
    assertThat(scores.get("privacy").get("exact_copies").asInt()).isZero();
    assertThat(scores.get("ml_efficacy").get("target").asText()).isEqualTo("group");
    String html = Files.readString(report);
    assertThat(html).contains("overall quality").contains("<svg").contains("start").contains("detection AUC");
    assertThat(run.resolve("scores.json")).exists();
  }

  @Test
  void train_and_sample_a_tvae_run() throws IOException {
    Path data = table(200);
    Path run = tmp.resolve("runs/tvae");
    CliTest.Run t = CliTest.run("train", "tabular", "--data", data.toString(), "--synthesizer", "tvae", "--epochs", "20",
        "--batch", "100", "--out", run.toString(), "-q", "--threads", "1");
    assertThat(t.code()).as(t.err()).isZero();
    assertThat(t.out()).contains("trained a tvae (20 epochs) on 160 of 200 rows");
    assertThat(run.resolve("model.safetensors")).exists();
    assertThat(run.resolve("transformer.json")).exists();
    CliTest.Run s = CliTest.run("sample", run.toString(), "-n", "50", "--seed", "2", "--where", "group=a");
    assertThat(s.code()).as(s.err()).isZero();
    assertThat(s.out().lines().skip(1).toList()).hasSize(50).allMatch(l -> l.split(",")[1].equals("a"));
    assertThat(CliTest.run("sample", run.toString(), "-n", "50", "--seed", "2", "--where", "group=a").out()).isEqualTo(s.out());
    CliTest.Run bad = CliTest.run("train", "tabular", "--data", data.toString(), "--epochs", "3", "--out", tmp.resolve("x").toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--epochs, --batch and --lr are tvae and ctgan options");
  }

  @Test
  void train_and_sample_a_ctgan_run() throws IOException {
    Path data = table(200);
    Path run = tmp.resolve("runs/ctgan");
    CliTest.Run t = CliTest.run("train", "tabular", "--data", data.toString(), "--synthesizer", "ctgan", "--epochs", "10",
        "--batch", "50", "--out", run.toString(), "-q", "--threads", "1");
    assertThat(t.code()).as(t.err()).isZero();
    assertThat(t.out()).contains("trained a ctgan (10 epochs) on 160 of 200 rows");
    CliTest.Run s = CliTest.run("sample", run.toString(), "-n", "30", "--seed", "2", "--where", "group=b");
    assertThat(s.code()).as(s.err()).isZero();
    assertThat(s.out().lines().skip(1).toList()).hasSize(30).allMatch(l -> l.split(",")[1].equals("b"));
    // a datetime (a number to the model) by rejection: the commonest start date of free rows
    String start = CliTest.run("sample", run.toString(), "-n", "200", "--seed", "1").out().lines().skip(1)
        .collect(java.util.stream.Collectors.groupingBy(l -> l.split(",")[4], java.util.stream.Collectors.counting()))
        .entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
    CliTest.Run d = CliTest.run("sample", run.toString(), "-n", "30", "--seed", "2", "--where", "start=" + start, "--where", "group=b");
    assertThat(d.code()).as(d.err()).isZero();
    assertThat(d.out().lines().skip(1).toList()).hasSize(30).allMatch(l -> l.split(",")[4].equals(start) && l.split(",")[1].equals("b"));
    CliTest.Run far = CliTest.run("sample", run.toString(), "-n", "30", "--where", "x=99");
    assertThat(far.code()).isEqualTo(2);
    assertThat(far.err()).contains("--where x=99: outside the range seen in training");
    CliTest.Run bad = CliTest.run("train", "tabular", "--data", data.toString(), "--synthesizer", "ctgan", "--batch", "55",
        "--out", tmp.resolve("y").toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("batch must be a positive multiple of pac 10, got 55");
  }

  @Test
  void a_resumed_tvae_run_ends_as_an_uninterrupted_one() throws IOException {
    Path data = table(200);
    Path whole = tmp.resolve("runs/whole");
    Path split = tmp.resolve("runs/split");
    List<String> common = List.of("train", "tabular", "--data", data.toString(), "--synthesizer", "tvae", "--batch", "40", "-q", "--threads", "1");
    CliTest.Run w = CliTest.run(with(common, "--epochs", "8", "--out", whole.toString()));
    assertThat(w.code()).as(w.err()).isZero();
    CliTest.Run first = CliTest.run(with(common, "--epochs", "4", "--out", split.toString()));
    assertThat(first.code()).as(first.err()).isZero();
    CliTest.Run again = CliTest.run(with(common, "--epochs", "4", "--out", split.toString()));
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("already exists (pass --overwrite to replace it, or --resume to continue it)");
    CliTest.Run r = CliTest.run("train", "tabular", "--data", data.toString(), "--resume", "--epochs", "8", "--out", split.toString(), "-q", "--threads", "1");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("trained a tvae (8 epochs, resumed) on 160 rows");
    assertThat(Files.readAllBytes(split.resolve("model.safetensors"))).isEqualTo(Files.readAllBytes(whole.resolve("model.safetensors")));
    assertThat(Json.MAPPER.readTree(split.resolve("config.json").toFile()).path("tvae").path("epochs").asInt()).isEqualTo(8);
    assertThat(CliTest.run("sample", split.toString(), "-n", "20", "--seed", "4").out())
        .isEqualTo(CliTest.run("sample", whole.toString(), "-n", "20", "--seed", "4").out());

    CliTest.Run batch = CliTest.run("train", "tabular", "--data", data.toString(), "--resume", "--batch", "20", "--out", split.toString());
    assertThat(batch.code()).isEqualTo(2);
    assertThat(batch.err()).contains("--batch: a resumed run keeps the settings of " + split.resolve("config.json"));
    Path other = tmp.resolve("other.csv");
    Files.writeString(other, Files.readString(data).replace("\n1,", "\n1000,"));
    CliTest.Run fp = CliTest.run("train", "tabular", "--data", other.toString(), "--resume", "--out", split.toString());
    assertThat(fp.code()).isEqualTo(2);
    assertThat(fp.err()).contains("--data " + other + " is not the table " + split + " was trained on");
    Path copula = tmp.resolve("runs/copula");
    assertThat(CliTest.run("train", "tabular", "--data", data.toString(), "--out", copula.toString(), "-q").code()).isZero();
    CliTest.Run cr = CliTest.run("train", "tabular", "--data", data.toString(), "--resume", "--out", copula.toString());
    assertThat(cr.code()).isEqualTo(2);
    assertThat(cr.err()).contains("only tvae and ctgan tabular runs train in steps that can be resumed");
  }

  private static String[] with(List<String> head, String... tail) {
    List<String> all = new java.util.ArrayList<>(head);
    all.addAll(List.of(tail));
    return all.toArray(String[]::new);
  }

  @Test
  void train_errors_name_the_option_or_file() throws IOException {
    Path data = table(50);
    CliTest.Run r = CliTest.run("train", "tabular", "--data", data.toString(), "--synthesizer", "gan", "--out", tmp.resolve("r").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--synthesizer: unknown 'gan'");
    Path meta = tmp.resolve("m.json");
    Files.writeString(meta, "{\"columns\": {\"nope\": {\"type\": \"categorical\"}}}");
    r = CliTest.run("train", "tabular", "--data", data.toString(), "--metadata", meta.toString(), "--out", tmp.resolve("r").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("m.json: columns.nope: no such column");
    r = CliTest.run("train", "tabular", "--data", tmp.resolve("missing.csv").toString(), "--out", tmp.resolve("r").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("missing.csv: no such file");
  }

  @Test
  void demo_section_trains_samples_and_reports_on_wine() {
    Path wine = Path.of("/usr/lib/python3/dist-packages/sklearn/datasets/data/wine_data.csv");
    Assumptions.assumeTrue(Files.isRegularFile(wine), "python3-sklearn not installed");
    String html = dev.fabrica.cli.tabular.TabularDemo.run(wine, tmp, 500, 1, dev.fabrica.core.Reporter.silent());
    assertThat(html).contains("overall quality").contains("<svg").contains("alcohol");
    assertThat(tmp.resolve("runs/wine/model.json")).exists();
    assertThat(tmp.resolve("wine_synthetic.csv")).exists();
    assertThat(tmp.resolve("wine_report.html")).exists();
    assertThat(CliTest.run("sample", tmp.resolve("runs/wine").toString(), "-n", "5", "--where", "class=2").code()).isZero();
  }

  @Test
  void bench_tabular_prints_scores_and_times_for_wine() throws IOException {
    Path wine = Path.of("/usr/lib/python3/dist-packages/sklearn/datasets/data/wine_data.csv");
    Assumptions.assumeTrue(Files.isRegularFile(wine), "python3-sklearn not installed");
    CliTest.Run r = CliTest.run("bench", "tabular", "-n", "500", "--tables", "wine_data.csv", "--synthesizers", "copula");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = Json.MAPPER.readTree(r.out());
    JsonNode w = j.get("results").get(0);
    assertThat(w.get("table").asText()).isEqualTo("wine_data.csv");
    assertThat(w.get("fit_seconds").asDouble()).isPositive();
    assertThat(w.get("quality").get("overall").asDouble()).isGreaterThan(0.85);
    assertThat(j.get("command").asText()).contains("bench tabular -n 500");
  }
}
