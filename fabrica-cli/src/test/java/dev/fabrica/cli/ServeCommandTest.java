package dev.fabrica.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** fabrica serve through the command line: it serves the runs until stopped, and refuses bad options with one line. */
class ServeCommandTest {
  @TempDir Path tmp;

  @Test
  void serves_a_trained_run_until_interrupted() throws Exception {
    Path text = tmp.resolve("t.txt");
    Files.writeString(text, "明月光，地上霜。\n".repeat(30));
    Path runs = tmp.resolve("runs");
    CliTest.Run trained = CliTest.run("train", "gpt", "--text", text.toString(), "--preset", "tiny", "--max-steps", "2",
        "--eval-interval", "2", "--out", runs.resolve("moon").toString(), "--threads", "1", "-q");
    assertThat(trained.code()).as(trained.err()).isZero();

    StringWriter out = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(new StringWriter(), true));
    int[] code = {-1};
    Thread serving = new Thread(() -> code[0] = cl.execute("serve", "--runs", runs.toString(), "--port", "0", "--threads", "1"));
    serving.start();
    Pattern at = Pattern.compile("1 model from .* at http://127\\.0\\.0\\.1:(\\d+)/v1");
    Matcher m = at.matcher("");
    for (int i = 0; i < 200 && !(m = at.matcher(out.toString())).find(); i++) {
      Thread.sleep(50);
    }
    assertThat(m.find(0)).as(out.toString()).isTrue();
    HttpResponse<String> models = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.group(1) + "/v1/models")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(models.body()).contains("\"id\":\"moon\"").contains("\"kind\":\"text\"");
    serving.interrupt();
    serving.join(10_000);
    assertThat(serving.isAlive()).isFalse();
  }

  @Test
  void a_missing_runs_directory_and_an_open_address_without_keys_are_one_line_errors() {
    CliTest.Run missing = CliTest.run("serve", "--runs", tmp.resolve("nope").toString(), "--port", "0");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).startsWith("fabrica: ").contains("--runs").contains("nope");
    CliTest.Run open = CliTest.run("serve", "--runs", tmp.toString(), "--host", "0.0.0.0", "--port", "0");
    assertThat(open.code()).isEqualTo(2);
    assertThat(open.err()).contains("--no-auth");
    assertThat(open.err().strip().lines()).hasSize(1);
  }
}
