package dev.fabrica.data.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabrica.core.BadInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RecipeParserTest {
  private static final Path FILE = Path.of("/data/recipe.yaml");

  @Test
  void parses_steps_in_order_with_their_keys() {
    Recipe r = RecipeParser.parse(FILE, """
        input: {path: reviews.csv}
        steps:
          - dedupe: {}
          - split: {train: 0.8, val: 0.1, test: 0.1}
          - drop_missing
        output: {dir: out, formats: [csv, parquet]}
        """);
    assertThat(r.steps()).extracting(Recipe.StepSpec::name).containsExactly("dedupe", "split", "drop_missing");
    assertThat(r.steps().get(1).params().number("train", 0)).isEqualTo(0.8);
    assertThat(r.steps().get(1).params().where()).isEqualTo("recipe.yaml: steps[1].split");
    assertThat(r.baseDir()).isEqualTo(Path.of("/data"));
  }

  @Test
  void reads_json_recipes() {
    Recipe r = RecipeParser.parse(Path.of("r.json"),
        "{\"input\": {\"path\": \"a.csv\"}, \"steps\": [{\"dedupe\": {}}], \"output\": {\"dir\": \"o\"}}");
    assertThat(r.steps()).hasSize(1);
  }

  @Test
  void a_yaml_syntax_error_names_line_and_column() {
    assertThatThrownBy(() -> RecipeParser.parse(FILE, "input: {path: a.csv\nsteps: [\n"))
        .isInstanceOf(BadInputException.class)
        .hasMessageMatching("recipe\\.yaml line \\d+, column \\d+: .*");
  }

  @Test
  void a_step_with_two_names_is_rejected_with_its_index() {
    assertThatThrownBy(() -> RecipeParser.parse(FILE, """
        input: {path: a.csv}
        steps:
          - {dedupe: {}, split: {}}
        output: {dir: out}
        """)).hasMessageContaining("recipe.yaml: steps[0]: a step is a mapping with one key");
  }

  @Test
  void missing_blocks_and_unknown_top_level_keys_are_named() {
    assertThatThrownBy(() -> RecipeParser.parse(FILE, "steps: []\noutput: {dir: o}\n"))
        .hasMessageContaining("no 'input' block");
    assertThatThrownBy(() -> RecipeParser.parse(FILE, "input: {path: a}\noutput: {dir: o}\nstep: []\n"))
        .hasMessageContaining("unknown key 'step'");
  }

  @Test
  void unknown_options_of_a_block_are_named() {
    Recipe r = RecipeParser.parse(FILE, "input: {path: a.csv}\nsteps: [{dedupe: {colums: [a]}}]\noutput: {dir: o}\n");
    assertThatThrownBy(() -> r.steps().get(0).params().allowOnly("columns"))
        .hasMessageContaining("recipe.yaml: steps[0].dedupe.colums: unknown option 'colums' (known: columns)");
  }
}
