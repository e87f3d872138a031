package dev.fabrica.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabrica.testkit.FakeFashion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real SIGINT or SIGTERM to a training process: it checkpoints, says how to resume, exits 130 or
 * 143 (not a crash on the way out), and resumes.
 */
@Tag("slow")
class CtrlCSlowTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @CsvSource({"INT, 130, Ctrl-C", "TERM, 143, SIGTERM"})
  void a_signal_saves_a_checkpoint_that_resume_continues(String signal, int exit, String said) throws Exception {
    Path data = FakeFashion.write(tmp.resolve("fmnist"), 300, 60, 2);
    Path run = tmp.resolve("runs/vae");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "train", "vae", "--data", data.toString(), "--out", run.toString(), "--steps", "1000000", "--eval-every", "1000000",
        "--threads", "1"));
    Path err = tmp.resolve("stderr.txt");
    Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    // wait until training is under way: the run directory and its config exist, then some steps
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.isRegularFile(run.resolve("config.json")) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    Thread.sleep(3000);
    assertThat(p.isAlive()).as(Files.readString(err)).isTrue();
    new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String log = Files.readString(err);
    assertThat(p.exitValue()).as(log).isEqualTo(exit);
    assertThat(log).contains(said + ": saving a checkpoint").contains("--resume").doesNotContain("SIGSEGV");
    String state = Files.readString(run.resolve("last/state.json"));
    long step = Long.parseLong(state.replaceAll("(?s).*\"step\" : (\\d+).*", "$1"));
    assertThat(step).isPositive();
    assertThat(run.resolve("model.safetensors")).isRegularFile();

    CliTest.Run r = CliTest.run("train", "vae", "--data", data.toString(), "--out", run.toString(), "--steps",
        Long.toString(step + 5), "--resume", "--threads", "1", "-q");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readString(run.resolve("last/state.json"))).contains("\"step\" : " + (step + 5));
  }

  /** The same for a CTGAN tabular run, which used to be staged and lost its checkpoint with a stop. */
  @org.junit.jupiter.api.Test
  void a_sigterm_saves_a_tabular_checkpoint_that_resume_continues() throws Exception {
    StringBuilder csv = new StringBuilder("group,x\n");
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < 200; i++) {
      boolean b = r.nextBoolean();
      csv.append(b ? "b" : "a").append(',').append(String.format("%.2f", (b ? 5 : 0) + r.nextGaussian())).append('\n');
    }
    Path data = tmp.resolve("t.csv");
    Files.writeString(data, csv.toString());
    Path run = tmp.resolve("runs/ctgan");
    // 160 training rows in batches of 40: four steps an epoch
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "train", "tabular", "--synthesizer", "ctgan", "--data", data.toString(), "--out", run.toString(),
        "--epochs", "1000000", "--batch", "40", "--threads", "1"));
    Path err = tmp.resolve("stderr.txt");
    Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.isRegularFile(run.resolve("ctgan.json")) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    Thread.sleep(3000);
    assertThat(p.isAlive()).as(Files.readString(err)).isTrue();
    new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String log = Files.readString(err);
    assertThat(p.exitValue()).as(log).isEqualTo(143);
    assertThat(log).contains("SIGTERM: saving a checkpoint").contains("continue with --resume --out " + run).doesNotContain("SIGSEGV");
    long step = Long.parseLong(Files.readString(run.resolve("last/state.json")).replaceAll("(?s).*\"step\" : (\\d+).*", "$1"));
    assertThat(step).isPositive();
    // the stopped run samples already, from its last weights
    assertThat(CliTest.run("sample", run.toString(), "-n", "5").code()).isZero();

    long epochs = step / 4 + 2;
    CliTest.Run again = CliTest.run("train", "tabular", "--data", data.toString(), "--out", run.toString(), "--resume",
        "--epochs", Long.toString(epochs), "--threads", "1", "-q");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(Files.readString(run.resolve("last/state.json"))).contains("\"step\" : " + 4 * epochs);
  }
}
