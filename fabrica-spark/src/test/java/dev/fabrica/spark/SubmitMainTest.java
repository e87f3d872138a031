package dev.fabrica.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabrica.cli.SubmitMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The entry point of fabrica-spark-submit.jar offers the commands that run on Spark, with the
 * command line's exit codes, and nothing that needs the neural-network libraries.
 */
class SubmitMainTest {
  @TempDir Path dir;

  private static int run(StringWriter out, StringWriter err, String... args) {
    CommandLine cl = SubmitMain.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  @Test
  void trains_an_hmm_on_spark_and_refuses_the_neural_commands() throws Exception {
    SharedSpark.session();
    Path text = dir.resolve("t.txt");
    Files.writeString(text, "the cat sat on the mat\nthe dog sat on the log\na cat and a dog\n".repeat(10));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = run(out, err, "train", "hmm", "--text", text.toString(), "--states", "2", "--restarts", "1",
        "--max-iter", "5", "--out", dir.resolve("run").toString(), "--engine", "spark", "--master", "local[2]", "-q");
    assertThat(code).as(err.toString()).isZero();
    assertThat(dir.resolve("run/model.json")).exists();
    assertThat(out.toString()).contains("2-state categorical HMM");

    StringWriter err2 = new StringWriter();
    assertThat(run(new StringWriter(), err2, "train", "gpt")).isEqualTo(2);
    assertThat(err2.toString()).contains("Unmatched argument at index 1: 'gpt'");
    StringWriter err3 = new StringWriter();
    assertThat(run(new StringWriter(), err3, "train", "hmm", "--text", dir.resolve("none.txt").toString(), "--states", "2",
        "--out", dir.resolve("x").toString(), "--engine", "spark")).isEqualTo(2);
    assertThat(err3.toString()).startsWith("fabrica: --text: no such file");
  }
}
