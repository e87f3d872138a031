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
}
