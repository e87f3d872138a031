package dev.fabrica.data.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabrica.core.Reporter;
import dev.fabrica.data.PrepFixture;
import dev.fabrica.data.recipe.RecipeParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the engine cuts a recipe into passes: a split after steps that keep every row is fitted a pass
 * early, and a last pass whose output types are known writes the files directly. Either way the
 * files must be exactly those of the plain plan, which a step that blocks both (drop_missing on a
 * column with no missing value: it drops nothing, but may) forces.
 */
class PassPlanTest {
  @TempDir Path tmp;

  private static final String STEPS = """
        - dedupe: {}
        - fill_missing: {text: unknown, feature1: mean, feature2: median, label: mode}
        - clean_text: {column: text, remove: [punctuation]}
      %s
        - split: {train: 0.6, val: 0.2, test: 0.2, seed: 3%s}
        - normalize: {columns: [feature1, feature2], method: standard}
      %s
      """;

  private static final String BLOCK = "  - drop_missing: {columns: [id]}";

  private PrepReport run(String name, String beforeSplit, String stratify, String atEnd, String formats, int threads) {
    PrepFixture fx = new PrepFixture(tmp);
    fx.write("reviews.csv", PipelineTest.REVIEWS);
    Path recipe = fx.write("recipe.yaml", "input: {path: reviews.csv}\nsteps:\n"
        + STEPS.formatted(beforeSplit, stratify, atEnd) + "output: {dir: " + name + ", formats: [" + formats + "]}\n");
    return Pipeline.run(RecipeParser.parse(recipe),
        new Pipeline.Options(42, false, null, Reporter.silent(), true, 0, threads));
  }

  @SuppressWarnings("unchecked")
  private static List<String> passes(PrepReport r) {
    return ((List<Map<String, Object>>) r.report().get("passes")).stream().map(p -> (String) p.get("task")).toList();
  }

  private void assertSameFiles(String a, String b, List<String> files) throws IOException {
    for (String f : files) {
      assertThat(Files.readString(tmp.resolve(b).resolve(f))).as(f).isEqualTo(Files.readString(tmp.resolve(a).resolve(f)));
    }
  }

  @Test
  void a_split_after_steps_that_keep_every_row_is_fitted_with_the_fill_and_the_last_pass_writes_the_files()
      throws IOException {
    for (int threads : new int[] {1, 3}) {
      PrepReport fused = run("fused" + threads, "", "", "", "csv, jsonl, json", threads);
      assertThat(passes(fused)).containsExactly("pass 1 (then fit fill_missing, split)", "pass 2 (then fit normalize)",
          "pass 3 (writing the outputs)");
      PrepReport plain = run("plain" + threads, "", "", BLOCK, "csv, jsonl, json", threads);
      assertThat(passes(plain)).containsExactly("pass 1 (then fit fill_missing, split)", "pass 2 (then fit normalize)",
          "pass 3");
      PrepReport unfused = run("unfused" + threads, BLOCK, "", BLOCK, "csv, jsonl, json", threads);
      assertThat(passes(unfused)).containsExactly("pass 1 (then fit fill_missing)", "pass 2 (then fit split)",
          "pass 3 (then fit normalize)", "pass 4");
      List<String> files = List.of("train.csv", "val.csv", "test.csv", "train.jsonl", "val.jsonl", "test.jsonl",
          "train.json", "val.json", "test.json", "stats.json");
      assertSameFiles("unfused" + threads, "fused" + threads, files);
      assertSameFiles("unfused" + threads, "plain" + threads, files);
      assertThat(fused.report().get("splits")).isEqualTo(unfused.report().get("splits"))
          .isEqualTo(Map.of("train", 5L, "val", 2L, "test", 2L));
      assertThat(fused.report().get("label_counts")).isEqualTo(unfused.report().get("label_counts"));
      assertThat(fused.report().get("outputs").toString().replaceAll("seconds=[0-9.E-]+", ""))
          .isEqualTo(unfused.report().get("outputs").toString().replaceAll("seconds=[0-9.E-]+", ""));
    }
  }

  @Test
  void a_split_stratified_on_a_column_the_fill_writes_waits_for_the_fill() {
    PrepReport r = run("strat", "", ", stratify: label", "", "csv", 2);
    assertThat(passes(r)).containsExactly("pass 1 (then fit fill_missing)", "pass 2 (then fit split)",
        "pass 3 (then fit normalize)", "pass 4 (writing the outputs)");
    // fill_missing writes the label column, so the strata (pos 5, neg 4) are counted after it
    assertThat(r.report().get("label_counts")).isEqualTo(Map.of(
        "train", Map.of("neg", 2L, "pos", 3L), "val", Map.of("neg", 1L, "pos", 1L), "test", Map.of("neg", 1L, "pos", 1L)));
  }

  @Test
  void a_format_that_needs_the_whole_dataset_keeps_the_last_pass_stored() throws IOException {
    PrepReport r = run("mixed", "", "", "", "csv, parquet", 2);
    assertThat(passes(r)).last().isEqualTo("pass 3");
    run("streamed", "", "", "", "csv", 2);
    assertSameFiles("streamed", "mixed", List.of("train.csv", "val.csv", "test.csv"));
    assertThat(tmp.resolve("mixed/test.parquet")).exists();
  }
}
