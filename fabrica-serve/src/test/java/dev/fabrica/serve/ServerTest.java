package dev.fabrica.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server over real HTTP on loopback, with tiny trained models: every route, parameter checks and error shapes. */
class ServerTest {
  @TempDir static Path tmp;
  static Path runs;
  static FabricaServer server;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    runs = ServedRuns.make(tmp);
    server = FabricaServer.start(ServeConfig.defaults(runs).withPort(0));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String url(FabricaServer s, String path) {
    return "http://127.0.0.1:" + s.port() + path;
  }

  static HttpResponse<String> post(FabricaServer s, String path, String body, String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(s, path))).POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(FabricaServer s, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url(s, path))).build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r) throws IOException {
    return Json.MAPPER.readTree(r.body());
  }

  static void assertError(HttpResponse<String> r, int status, String param, String code) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode e = json(r).get("error");
    assertThat(e.get("message").asText()).isNotBlank();
    assertThat(e.has("type")).isTrue();
    if (param != null) {
      assertThat(e.get("param").asText()).isEqualTo(param);
    }
    if (code != null) {
      assertThat(e.get("code").asText()).isEqualTo(code);
    }
  }

  /** The content of every data frame before [DONE], which must end the stream. */
  static List<JsonNode> frames(String body) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    String[] parts = body.split("\n\n");
    assertThat(parts[parts.length - 1]).isEqualTo("data: [DONE]");
    for (int i = 0; i < parts.length - 1; i++) {
      assertThat(parts[i]).startsWith("data: ");
      out.add(Json.MAPPER.readTree(parts[i].substring(6)));
    }
    return out;
  }

  @Test
  void lists_text_and_image_models_with_their_kind() throws Exception {
    JsonNode models = json(get(server, "/v1/models"));
    assertThat(models.get("object").asText()).isEqualTo("list");
    assertThat(models.get("data").findValuesAsText("id")).containsExactly("fashion", "poems", "wardrobe");
    assertThat(models.get("data").get(2).get("kind").asText()).isEqualTo("image");
    assertThat(models.get("data").get(1).get("kind").asText()).isEqualTo("text");
    assertThat(models.get("data").get(0).get("kind").asText()).isEqualTo("image");
    assertThat(models.get("data").get(0).get("owned_by").asText()).isEqualTo("fabrica");
    assertThat(json(get(server, "/v1/models/poems")).get("id").asText()).isEqualTo("poems");
    assertError(get(server, "/v1/models/nope"), 404, "model", "model_not_found");
    assertThat(json(get(server, "/health")).get("status").asText()).isEqualTo("ok");
  }

  @Test
  void a_chat_completion_is_reproducible_by_seed_and_counts_its_tokens() throws Exception {
    String body = """
        {"model": "poems", "messages": [{"role": "user", "content": "明月"}], "max_tokens": 12, "seed": 7, "temperature": 0.9}""";
    JsonNode a = json(post(server, "/v1/chat/completions", body, null));
    JsonNode b = json(post(server, "/v1/chat/completions", body, null));
    assertThat(a.get("object").asText()).isEqualTo("chat.completion");
    JsonNode choice = a.get("choices").get(0);
    assertThat(choice.get("message").get("role").asText()).isEqualTo("assistant");
    assertThat(choice.get("finish_reason").asText()).isIn("stop", "length");
    assertThat(choice.get("message").get("content").asText()).isEqualTo(b.get("choices").get(0).get("message").get("content").asText());
    JsonNode usage = a.get("usage");
    assertThat(usage.get("completion_tokens").asInt()).isBetween(1, 12);
    assertThat(usage.get("prompt_tokens").asInt()).isPositive();
    assertThat(usage.get("total_tokens").asInt()).isEqualTo(usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt());
  }

  @Test
  void a_streamed_chat_sends_the_same_text_as_data_frames_then_usage_then_done() throws Exception {
    String whole = """
        {"model": "poems", "messages": [{"role": "user", "content": "月"}], "max_tokens": 16, "seed": 3}""";
    String text = json(post(server, "/v1/chat/completions", whole, null)).get("choices").get(0).get("message").get("content").asText();
    HttpResponse<String> r = post(server, "/v1/chat/completions",
        whole.replace("}", ", \"stream\": true, \"stream_options\": {\"include_usage\": true}}").replaceFirst("\\}, \"stream", "}, \"stream"), null);
    assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
    List<JsonNode> frames = frames(r.body());
    assertThat(frames.get(0).get("choices").get(0).get("delta").get("role").asText()).isEqualTo("assistant");
    StringBuilder streamed = new StringBuilder();
    String finish = null;
    for (JsonNode f : frames.subList(0, frames.size() - 1)) {
      assertThat(f.get("object").asText()).isEqualTo("chat.completion.chunk");
      JsonNode c = f.get("choices").get(0);
      streamed.append(c.get("delta").path("content").asText(""));
      if (!c.get("finish_reason").isNull()) {
        finish = c.get("finish_reason").asText();
      }
    }
    assertThat(streamed.toString()).isEqualTo(text);
    assertThat(finish).isIn("stop", "length");
    JsonNode last = frames.get(frames.size() - 1);
    assertThat(last.get("choices")).isEmpty();
    assertThat(last.get("usage").get("completion_tokens").asInt()).isPositive();
  }

  @Test
  void completions_take_a_prompt_array_and_n_and_stream_too() throws Exception {
    JsonNode r = json(post(server, "/v1/completions", """
        {"model": "poems", "prompt": ["床前", "autumn"], "n": 2, "max_tokens": 5, "seed": 1}""", null));
    assertThat(r.get("object").asText()).isEqualTo("text_completion");
    assertThat(r.get("choices")).hasSize(4);
    assertThat(r.get("choices").get(3).get("index").asInt()).isEqualTo(3);
    HttpResponse<String> s = post(server, "/v1/completions", """
        {"model": "poems", "prompt": "床前", "max_tokens": 6, "seed": 1, "stream": true}""", null);
    StringBuilder text = new StringBuilder();
    for (JsonNode f : frames(s.body())) {
      text.append(f.get("choices").get(0).get("text").asText());
    }
    JsonNode once = json(post(server, "/v1/completions", """
        {"model": "poems", "prompt": "床前", "max_tokens": 6, "seed": 1}""", null));
    assertThat(text.toString()).isEqualTo(once.get("choices").get(0).get("text").asText());
  }

  /** The texts and finish reasons of an answer, whole or streamed, by choice. */
  static List<String> answer(HttpResponse<String> r) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    if (r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream")) {
      java.util.Map<Integer, StringBuilder> texts = new java.util.TreeMap<>();
      for (JsonNode f : frames(r.body())) {
        for (JsonNode c : f.get("choices")) {
          StringBuilder b = texts.computeIfAbsent(c.get("index").asInt(), k -> new StringBuilder());
          b.append(c.has("delta") ? c.get("delta").path("content").asText("") : c.get("text").asText());
          if (!c.get("finish_reason").isNull()) {
            b.append(" | ").append(c.get("finish_reason").asText());
          }
        }
      }
      texts.values().forEach(b -> out.add(b.toString()));
    } else {
      for (JsonNode c : json(r).get("choices")) {
        String text = c.has("message") ? c.get("message").get("content").asText() : c.get("text").asText();
        out.add(text + " | " + c.get("finish_reason").asText());
      }
    }
    return out;
  }

  @Test
  void concurrent_requests_share_the_batch_and_each_gets_the_answer_it_gets_alone() throws Exception {
    List<String[]> asks = List.of(
        new String[] {"/v1/completions", "{\"model\": \"poems\", \"prompt\": \"床前\", \"max_tokens\": 40, \"seed\": 1}"},
        new String[] {"/v1/completions", "{\"model\": \"poems\", \"prompt\": \"明月\", \"max_tokens\": 25, \"seed\": 2, \"temperature\": 0.5, \"top_p\": 0.8}"},
        new String[] {"/v1/completions", "{\"model\": \"poems\", \"prompt\": \"autumn\", \"max_tokens\": 30, \"seed\": 3, \"frequency_penalty\": 1.2, \"stop\": [\"。\", \"d\"]}"},
        new String[] {"/v1/chat/completions", "{\"model\": \"poems\", \"messages\": [{\"role\": \"user\", \"content\": \"月\"}], \"max_tokens\": 20, \"seed\": 4, \"n\": 3}"},
        new String[] {"/v1/completions", "{\"model\": \"poems\", \"prompt\": \"低头\", \"max_tokens\": 35, \"seed\": 5, \"stream\": true}"},
        new String[] {"/v1/chat/completions", "{\"model\": \"poems\", \"messages\": [{\"role\": \"user\", \"content\": \"霜\"}], \"max_tokens\": 30, \"seed\": 6, \"stream\": true, \"presence_penalty\": 0.7}"});
    List<List<String>> single = new ArrayList<>();
    for (String[] a : asks) {
      single.add(answer(post(server, a[0], a[1], null)));
    }
    assertThat(single.get(3)).hasSize(3).doesNotHaveDuplicates(); // n = 3: three rows, three random streams
    for (int round = 0; round < 3; round++) {
      List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
      for (String[] a : asks) {
        all.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(url(server, a[0]))).POST(HttpRequest.BodyPublishers.ofString(a[1]))
            .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString()));
      }
      for (int i = 0; i < asks.size(); i++) {
        assertThat(answer(all.get(i).get())).as("round %d, request %d", round, i).isEqualTo(single.get(i));
      }
    }
    String m = get(server, "/metrics").body();
    assertThat(m).contains("fabrica_batch_rows{model=\"poems\"} 0");
    java.util.regex.Matcher two = java.util.regex.Pattern.compile("fabrica_batch_step_rows_bucket\\{model=\"poems\",le=\"2.0\"} (\\d+)").matcher(m);
    java.util.regex.Matcher steps = java.util.regex.Pattern.compile("fabrica_batch_step_rows_count\\{model=\"poems\"} (\\d+)").matcher(m);
    assertThat(two.find() && steps.find()).as(m).isTrue();
    assertThat(Long.parseLong(two.group(1))).as("steps of at most 2 rows, of all steps: the n = 3 chat ran 3 at once")
        .isLessThan(Long.parseLong(steps.group(1)));
  }

  @Test
  void bad_parameters_are_400s_naming_the_parameter() throws Exception {
    String chat = "/v1/chat/completions";
    assertError(post(server, chat, "{\"model\": \"poems\", \"messages\": []}", null), 400, "messages", null);
    assertError(post(server, chat, "{\"model\": \"poems\", \"messages\": [{\"role\": \"user\", \"content\": \"a\"}], \"temperature\": 3}", null), 400, "temperature", null);
    assertError(post(server, chat, "{\"model\": \"poems\", \"messages\": [{\"role\": \"user\", \"content\": \"a\"}], \"max_tokens\": 0}", null), 400, "max_tokens", null);
    assertError(post(server, chat, "{\"model\": \"poems\", \"messages\": [{\"role\": \"user\", \"content\": \"a\"}], \"max_tokens\": 100000}", null), 400, "max_tokens", null);
    assertError(post(server, chat, "{\"model\": \"poems\", \"messages\": [{\"role\": \"robot\", \"content\": \"a\"}]}", null), 400, "messages[0].role", null);
    assertError(post(server, chat, "{\"model\": \"poems\", \"messages\": [{\"role\": \"user\", \"content\": \"a\"}], \"stop\": [\"\"]}", null), 400, "stop", null);
    assertError(post(server, chat, "{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}]}", null), 400, "model", null);
    assertError(post(server, chat, "{\"model\": \"missing\", \"messages\": [{\"role\": \"user\", \"content\": \"a\"}]}", null), 404, "model", "model_not_found");
    assertError(post(server, chat, "{not json", null), 400, null, null);
    assertError(post(server, "/v1/images/generations", "{\"model\": \"poems\", \"prompt\": \"x\"}", null), 400, "model", null);
    assertError(post(server, "/v1/completions", "{\"model\": \"fashion\", \"prompt\": \"x\"}", null), 400, "model", null);
    assertError(get(server, "/v1/nothing/here"), 404, null, null);
    // five prompts × n 16 = 80 completions, over the cap of 64 per request; four × 16 is allowed
    String five = "[\"月\", \"月\", \"月\", \"月\", \"月\"]";
    assertError(post(server, "/v1/completions", "{\"model\": \"poems\", \"prompt\": " + five + ", \"n\": 16}", null), 400, "n", null);
    // 'x' is not in the poems' vocabulary: a completion refuses it, a chat leaves it out
    assertError(post(server, "/v1/completions", "{\"model\": \"poems\", \"prompt\": \"x月\"}", null), 400, "prompt", null);
    assertThat(post(server, chat, "{\"model\": \"poems\", \"messages\": [{\"role\": \"user\", \"content\": \"x月\"}], \"max_tokens\": 2}", null)
        .statusCode()).isEqualTo(200);
  }

  @Test
  void a_conditional_model_draws_the_class_its_prompt_names_at_the_size_asked_for() throws Exception {
    JsonNode r = json(post(server, "/v1/images/generations", """
        {"model": "fashion", "prompt": "a pair of trousers", "n": 2, "size": "56x56", "response_format": "b64_json", "seed": 5}""", null));
    assertThat(r.get("data")).hasSize(2);
    assertThat(r.get("data").get(0).get("revised_prompt").asText()).isEqualTo("Trouser");
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(r.get("data").get(0).get("b64_json").asText())));
    assertThat(img.getWidth()).isEqualTo(56);
    assertThat(img.getHeight()).isEqualTo(56);
    JsonNode none = json(post(server, "/v1/images/generations", "{\"model\": \"fashion\", \"prompt\": \"a spaceship\", \"response_format\": \"b64_json\"}", null));
    assertThat(none.get("data").get(0).get("revised_prompt").asText()).contains("names none of this model's classes");
    assertError(post(server, "/v1/images/generations", "{\"model\": \"fashion\", \"prompt\": \"x\", \"size\": \"256x128\"}", null), 400, "size", null);
    assertError(post(server, "/v1/images/generations", "{\"model\": \"fashion\", \"prompt\": \"x\", \"n\": 50}", null), 400, "n", null);
  }

  @Test
  void a_text_to_image_model_reads_the_prompt_and_says_how_and_refuses_an_empty_one() throws Exception {
    JsonNode r = json(post(server, "/v1/images/generations", """
        {"model": "wardrobe", "prompt": "一双运动鞋", "n": 2, "response_format": "b64_json", "seed": 5}""", null));
    assertThat(r.get("data")).hasSize(2);
    assertThat(r.get("data").get(0).get("revised_prompt").asText()).startsWith("一双运动鞋 (").contains("'");
    JsonNode again = json(post(server, "/v1/images/generations", """
        {"model": "wardrobe", "prompt": "一双运动鞋", "n": 2, "response_format": "b64_json", "seed": 5}""", null));
    assertThat(again.get("data").get(1).get("b64_json").asText()).isEqualTo(r.get("data").get(1).get("b64_json").asText());
    JsonNode unknown = json(post(server, "/v1/images/generations", "{\"model\": \"wardrobe\", \"prompt\": \"🙂\", \"response_format\": \"b64_json\"}", null));
    assertThat(unknown.get("data").get(0).get("revised_prompt").asText()).contains("shares no word").contains("most likely concept");
    assertError(post(server, "/v1/images/generations", "{\"model\": \"wardrobe\", \"prompt\": \" \"}", null), 400, "prompt", null);
    assertError(post(server, "/v1/images/generations", "{\"model\": \"wardrobe\"}", null), 400, "prompt", null);
  }

  @Test
  void image_urls_serve_the_png_and_nothing_outside_the_image_directory() throws Exception {
    JsonNode r = json(post(server, "/v1/images/generations", "{\"model\": \"fashion\", \"prompt\": \"ankle boot\", \"seed\": 2}", null));
    String u = r.get("data").get(0).get("url").asText();
    assertThat(u).startsWith("http://127.0.0.1:" + server.port() + "/v1/images/files/");
    HttpResponse<byte[]> png = HTTP.send(HttpRequest.newBuilder(URI.create(u)).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(png.statusCode()).isEqualTo(200);
    assertThat(ImageIO.read(new ByteArrayInputStream(png.body())).getWidth()).isEqualTo(28);
    Files.writeString(tmp.resolve("secret.txt"), "secret");
    for (String evil : List.of("..%2Fsecret.txt", "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2fsecret.txt", "abc.png", "..")) {
      HttpResponse<String> e = get(server, "/v1/images/files/" + evil);
      assertThat(e.statusCode()).as(evil).isIn(400, 404);
      assertThat(e.body()).doesNotContain("secret");
    }
  }

  @Test
  void a_new_run_is_served_without_a_restart() throws Exception {
    Path copy = runs.resolve("poems-copy");
    Files.createDirectories(copy);
    try (var files = Files.list(runs.resolve("poems"))) {
      for (Path f : files.toList()) {
        if (Files.isRegularFile(f)) {
          Files.copy(f, copy.resolve(f.getFileName()));
        }
      }
    }
    assertThat(json(get(server, "/v1/models")).get("data").findValuesAsText("id")).contains("poems-copy");
    JsonNode r = json(post(server, "/v1/completions", "{\"model\": \"poems-copy\", \"prompt\": \"月\", \"max_tokens\": 3}", null));
    assertThat(r.get("choices").get(0).get("text").isTextual()).isTrue();
    // the listing is cached per run, but a run whose files change is read again
    Files.delete(copy.resolve("model.safetensors"));
    assertThat(json(get(server, "/v1/models")).get("data").findValuesAsText("id")).contains("poems").doesNotContain("poems-copy");
    assertError(post(server, "/v1/completions", "{\"model\": \"poems-copy\", \"prompt\": \"月\"}", null), 404, "model", "model_not_found");
  }

  @Test
  void metrics_count_requests_by_route_and_status_and_the_tokens_made() throws Exception {
    post(server, "/v1/completions", "{\"model\": \"poems\", \"prompt\": \"月\", \"max_tokens\": 4, \"seed\": 9}", null);
    String m = get(server, "/metrics").body();
    assertThat(m).contains("fabrica_requests_total{route=\"/v1/completions\",status=\"200\"}");
    assertThat(m).contains("fabrica_request_duration_seconds_bucket{route=\"/v1/completions\",le=\"+Inf\"}");
    assertThat(m).containsPattern("fabrica_tokens_generated_total [1-9]");
    assertThat(m).contains("fabrica_queue_depth{model=\"poems\"} 0");
  }

  @Test
  void keys_are_required_as_bearer_tokens_when_configured_and_open_addresses_need_them() throws Exception {
    try (FabricaServer locked = FabricaServer.start(ServeConfig.defaults(runs).withPort(0).withKeys(ApiKeys.of(List.of("k1", "k2"))))) {
      assertError(HTTP.send(HttpRequest.newBuilder(URI.create(url(locked, "/v1/models"))).build(), HttpResponse.BodyHandlers.ofString()),
          401, null, "invalid_api_key");
      assertError(HTTP.send(HttpRequest.newBuilder(URI.create(url(locked, "/v1/models"))).header("Authorization", "Bearer k3").build(),
          HttpResponse.BodyHandlers.ofString()), 401, null, "invalid_api_key");
      assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(url(locked, "/v1/models"))).header("Authorization", "Bearer k2").build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      assertThat(get(locked, "/health").statusCode()).isEqualTo(200);
    }
    assertThatThrownBy(() -> FabricaServer.start(ServeConfig.defaults(runs).withPort(0).withHost("0.0.0.0", false)))
        .isInstanceOf(BadInputException.class).hasMessageContaining("--no-auth");
  }

  @Test
  void a_server_whose_steps_run_on_one_thread_answers_as_one_on_three() throws Exception {
    String ask = "{\"model\": \"poems\", \"prompt\": \"月\", \"max_tokens\": 12, \"n\": 8, \"seed\": 5}";
    String many;
    try (FabricaServer three = FabricaServer.start(ServeConfig.defaults(runs).withPort(0).withThreads(3))) {
      many = json(post(three, "/v1/completions", ask, null)).get("choices").toString(); // 8 rows: 3 lanes on any machine
    }
    try (FabricaServer one = FabricaServer.start(ServeConfig.defaults(runs).withPort(0).withThreads(1))) {
      assertThat(json(post(one, "/v1/completions", ask, null)).get("choices").toString()).isEqualTo(many);
    }
    assertThatThrownBy(() -> ServeConfig.defaults(runs).withThreads(0)).hasMessageContaining("threads must be at least 1");
  }

  @Test
  void a_body_over_the_limit_is_413_and_a_full_queue_is_429_with_retry_after() throws Exception {
    try (FabricaServer small = FabricaServer.start(ServeConfig.defaults(runs).withPort(0).withMaxQueue(1))) {
      String big = "{\"model\": \"poems\", \"prompt\": \"" + "月".repeat(400_000) + "\"}";
      assertError(post(small, "/v1/completions", big, null), 413, null, "request_too_large");
      // a long streamed generation holds the model's only place; the next request is turned away at once.
      // 64 completions of 1,000 tokens (4 prompts × n 16): one of 1,000 took less time than the next request's round trip
      HttpRequest longOne = HttpRequest.newBuilder(URI.create(url(small, "/v1/completions")))
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"poems\", \"prompt\": [\"月\", \"月\", \"月\", \"月\"], \"max_tokens\": 1000, \"n\": 16, \"stream\": true, \"stop\": [\"\\u0001\"]}"))
          .build();
      var running = HTTP.sendAsync(longOne, HttpResponse.BodyHandlers.ofLines());
      var lines = running.get().body().iterator();
      assertThat(lines.next()).startsWith("data: "); // generating now
      HttpResponse<String> busy = post(small, "/v1/completions", "{\"model\": \"poems\", \"prompt\": \"月\", \"max_tokens\": 2}", null);
      assertError(busy, 429, null, "rate_limit_exceeded");
      assertThat(busy.headers().firstValue("retry-after")).isPresent();
      while (lines.hasNext()) {
        lines.next();
      }
      assertThat(post(small, "/v1/completions", "{\"model\": \"poems\", \"prompt\": \"月\", \"max_tokens\": 2}", null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void a_client_that_disconnects_stops_its_generation() throws Exception {
    try (FabricaServer s = FabricaServer.start(ServeConfig.defaults(runs).withPort(0))) {
      java.net.Socket socket = new java.net.Socket("127.0.0.1", s.port());
      // 64 rows of 1024 tokens: seconds of work even with the vector kernels, so the generation cannot
      // end on its own before the server sees the socket close (one row of 1024 took 30 ms in CI)
      String body = "{\"model\": \"poems\", \"prompt\": [\"月\", \"月\", \"月\", \"月\"], \"n\": 16, \"max_tokens\": 1024,"
          + " \"stream\": true, \"stop\": [\"\\u0001\"]}";
      byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      socket.getOutputStream().write(("POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
          + bytes.length + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      java.io.InputStream in = socket.getInputStream();
      byte[] first = new byte[200];
      assertThat(in.read(first)).isPositive(); // headers: generating now
      socket.close();
      String m = "";
      for (int i = 0; i < 100 && !m.contains("fabrica_generations_stopped_total 1"); i++) {
        Thread.sleep(50);
        m = get(s, "/metrics").body();
      }
      assertThat(m).contains("fabrica_generations_stopped_total 1").contains("fabrica_queue_depth{model=\"poems\"} 0");
    }
  }

  @Test
  void a_request_past_the_time_limit_is_a_504_and_leaves_the_batch() throws Exception {
    // 2 ms: far less than 64 rows of 1024 tokens take, even for the tiny model
    try (FabricaServer s = FabricaServer.start(ServeConfig.defaults(runs).withPort(0).withTimeout(0.002))) {
      assertError(post(s, "/v1/completions", "{\"model\": \"poems\", \"prompt\": [\"月\", \"月\", \"月\", \"月\"], \"n\": 16,"
          + " \"max_tokens\": 1024, \"stop\": [\"\\u0001\"]}", null),
          504, null, "timeout");
      String m = "";
      for (int i = 0; i < 100 && !m.contains("fabrica_generations_stopped_total 1"); i++) {
        Thread.sleep(20);
        m = get(s, "/metrics").body();
      }
      assertThat(m).contains("fabrica_generations_stopped_total 1").contains("fabrica_queue_depth{model=\"poems\"} 0")
          .contains("fabrica_batch_rows{model=\"poems\"} 0");
    }
  }

  @Test
  void the_playground_page_is_served_at_the_root() throws Exception {
    HttpResponse<String> r = get(server, "/");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("fabrica playground").contains("/v1/chat/completions").contains("/v1/images/generations");
  }
}
