package dev.fabrica.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real clients against a real server: the official OpenAI client for Node.js, and the playground
 * page in headless Chromium (Debian's chromium, driven by playwright-core). .ci/run installs both;
 * elsewhere the test is skipped when they are missing, and fails when they are missing under CI.
 */
@Tag("slow")
class ServerClientsTest {
  static final Path NODE = Path.of("src/test/node").toAbsolutePath();
  static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
  @TempDir static Path tmp;
  static FabricaServer server;

  @BeforeAll
  static void start() {
    require(Files.isDirectory(NODE.resolve("node_modules/openai")), "the openai npm package (npm ci in " + NODE + ")");
    server = FabricaServer.start(ServeConfig.defaults(ServedRuns.make(tmp)).withPort(0).withKeys(ApiKeys.of(List.of("test-key"))));
  }

  static void require(boolean present, String what) {
    if (!present) {
      if (System.getenv("CI") != null) {
        throw new AssertionError(what + " is missing; .ci/run installs it");
      }
      Assumptions.abort(what + " is not installed");
    }
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static String node(String... args) throws IOException, InterruptedException {
    Path log = Files.createTempFile(tmp, "node-", ".log");
    ProcessBuilder pb = new ProcessBuilder(new java.util.ArrayList<>(List.of("node")));
    pb.command().addAll(List.of(args));
    Process p = pb.directory(NODE.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean done = p.waitFor(120, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(done).as("node " + String.join(" ", args) + " finished in time\n" + out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void the_official_openai_client_lists_chats_streams_completes_and_draws_and_gets_typed_errors() throws Exception {
    String out = node("clients.mjs", "http://127.0.0.1:" + server.port(), "test-key");
    assertThat(out).contains("9 passed, 0 failed");
  }

  @Test
  void the_playground_chats_with_a_streamed_reply_and_shows_generated_images_in_chromium() throws Exception {
    require(Files.isExecutable(CHROMIUM), "Chromium (" + CHROMIUM + ")");
    Path shot = tmp.resolve("playground.png");
    String out = node("playground.mjs", "http://127.0.0.1:" + server.port(), "test-key", shot.toString());
    assertThat(out).contains("chat reply and 4 images shown");
    assertThat(Files.size(shot)).isPositive();
    if (System.getenv("FABRICA_KEEP_SCREENSHOT") != null) {
      Files.copy(shot, Path.of(System.getenv("FABRICA_KEEP_SCREENSHOT")), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
