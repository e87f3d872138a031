package dev.fabrica.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
  @TempDir Path tmp;

  /** Exit code, standard output and standard error of one command. */
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void help_lists_the_subcommands() {
    Run r = run("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("prep").contains("--version");
  }

  @Test
  void version_names_fabrica_and_java() {
    Run r = run("--version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("fabrica ").contains("Java 17");
  }

  @Test
  void subcommand_help_shows_the_shared_options() {
    Run r = run("prep", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("--seed").contains("--threads").contains("--verbose").contains("--quiet").contains("--overwrite");
  }

  @Test
  void a_usage_error_exits_with_two() {
    Run r = run("prep");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Missing required parameter");
    assertThat(run("nonsense").code()).isEqualTo(2);
  }

  @Test
  void prep_runs_a_recipe_and_prints_the_report_table() throws IOException {
    Files.writeString(tmp.resolve("a.csv"), "id,text,label\n1,a,x\n2,b,y\n2,b,y\n");
    Files.writeString(tmp.resolve("r.yaml"), "input: {path: a.csv}\nsteps:\n  - dedupe: {}\noutput: {dir: out}\n");
    Run r = run("prep", tmp.resolve("r.yaml").toString(), "-q");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("dedupe").contains("\"duplicates_dropped\":1").contains("wrote ");
    assertThat(tmp.resolve("out/data.csv")).exists();
  }

  @Test
  void bad_input_prints_one_line_and_exits_with_two() throws IOException {
    Files.writeString(tmp.resolve("a.csv"), "id,text\n1,\"open\n");
    Files.writeString(tmp.resolve("r.yaml"), "input: {path: a.csv}\noutput: {dir: out}\n");
    Run r = run("prep", tmp.resolve("r.yaml").toString(), "-q");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("fabrica: ").contains("a.csv line 2, column 3").doesNotContain("\n");
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void verbose_adds_the_stack_trace() throws IOException {
    Files.writeString(tmp.resolve("r.yaml"), "input: {path: missing.csv}\noutput: {dir: out}\n");
    Run r = run("prep", tmp.resolve("r.yaml").toString(), "-v");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no such file").contains("at dev.fabrica");
  }

  @Test
  void an_existing_output_needs_overwrite() throws IOException {
    Files.writeString(tmp.resolve("a.csv"), "id\n1\n");
    Files.writeString(tmp.resolve("r.yaml"), "input: {path: a.csv}\noutput: {dir: out}\n");
    assertThat(run("prep", tmp.resolve("r.yaml").toString(), "-q").code()).isZero();
    Run again = run("prep", tmp.resolve("r.yaml").toString(), "-q");
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("already exists").contains("--overwrite");
    assertThat(run("prep", tmp.resolve("r.yaml").toString(), "-q", "--overwrite").code()).isZero();
  }

  @Test
  void the_spark_engine_without_its_jar_says_how_to_get_it() throws IOException {
    Files.writeString(tmp.resolve("a.csv"), "id\n1\n");
    Files.writeString(tmp.resolve("r.yaml"), "input: {path: a.csv}\noutput: {dir: out}\n");
    Run r = run("prep", tmp.resolve("r.yaml").toString(), "-q", "--engine", "spark");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--engine spark").contains("fabrica-spark").doesNotContain("at dev.fabrica");
    assertThat(run("prep", tmp.resolve("r.yaml").toString(), "--engine", "flink").err()).contains("unknown engine 'flink'");
    assertThat(run("prep", tmp.resolve("r.yaml").toString(), "--master", "local[2]").err())
        .contains("--master").contains("--engine spark");
    assertThat(tmp.resolve("out")).doesNotExist();
    Run nb = run("train", "nb", "--data", tmp.resolve("a.csv").toString(), "--label", "id", "--out",
        tmp.resolve("run").toString(), "--engine", "spark");
    assertThat(nb.code()).isEqualTo(2);
    assertThat(nb.err()).contains("--engine spark").contains("fabrica-spark");
    assertThat(tmp.resolve("run")).doesNotExist();
  }
}
