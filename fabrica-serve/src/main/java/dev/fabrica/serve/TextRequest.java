package dev.fabrica.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.neural.gpt.ChatTemplate;
import dev.fabrica.neural.gpt.SamplingOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of a chat or text completion request, checked one by one so that a bad value is a
 * 400 naming its parameter, as OpenAI's API answers. Parameters this server does not implement
 * (logprobs, tools, …) are ignored, as a client library may send them.
 */
record TextRequest(String model, List<String> prompts, SamplingOptions options, int n, boolean stream,
    boolean includeUsage) {

  static final int MAX_N = 16;
  /** Completions one request may ask for: its prompts times n. */
  static final int MAX_ROWS = 64;
  static final int MAX_STOPS = 4;

  /** A /v1/completions body: {@code prompt} a string or an array of strings. */
  static TextRequest completion(JsonNode body, ServeConfig cfg) {
    JsonNode p = body.get("prompt");
    List<String> prompts = new ArrayList<>();
    if (p == null || p.isNull()) {
      prompts.add("");
    } else if (p.isTextual()) {
      prompts.add(p.asText());
    } else if (p.isArray() && !p.isEmpty() && allText(p)) {
      p.forEach(x -> prompts.add(x.asText()));
    } else {
      throw ApiError.invalid("prompt", "'prompt' must be a string or a non-empty array of strings");
    }
    return parse(body, cfg, prompts, List.of(), "max_tokens");
  }

  /** A /v1/chat/completions body: {@code messages} through the model's chat template. */
  static TextRequest chat(JsonNode body, ServeConfig cfg, ChatTemplate template) {
    JsonNode ms = body.get("messages");
    if (ms == null || !ms.isArray() || ms.isEmpty()) {
      throw ApiError.invalid("messages", "'messages' must be a non-empty array of {role, content}");
    }
    List<ChatTemplate.Message> messages = new ArrayList<>();
    for (int i = 0; i < ms.size(); i++) {
      JsonNode m = ms.get(i);
      String role = m.path("role").asText("");
      if (!List.of("system", "developer", "user", "assistant").contains(role)) {
        throw ApiError.invalid("messages[" + i + "].role", "messages[" + i + "].role must be system, developer, user or assistant, got '" + role + "'");
      }
      messages.add(new ChatTemplate.Message(role.equals("developer") ? "system" : role, content(m.get("content"), i)));
    }
    return parse(body, cfg, List.of(template.prompt(messages)), template.stops(), "max_completion_tokens");
  }

  /** A message's text: a string, or an array of parts of which the {@code text} ones are joined. */
  private static String content(JsonNode c, int i) {
    if (c == null || c.isNull()) {
      return "";
    }
    if (c.isTextual()) {
      return c.asText();
    }
    if (c.isArray()) {
      StringBuilder b = new StringBuilder();
      for (JsonNode part : c) {
        if (!part.path("type").asText().equals("text")) {
          throw ApiError.invalid("messages[" + i + "].content", "only text content parts are supported, got type '" + part.path("type").asText() + "'");
        }
        b.append(part.path("text").asText());
      }
      return b.toString();
    }
    throw ApiError.invalid("messages[" + i + "].content", "messages[" + i + "].content must be a string or an array of text parts");
  }

  private static TextRequest parse(JsonNode body, ServeConfig cfg, List<String> prompts, List<String> templateStops, String tokensName) {
    String model = body.path("model").asText(null);
    int maxTokens = cfg.defaultMaxTokens();
    for (String name : List.of(tokensName, "max_tokens")) {
      if (body.hasNonNull(name)) {
        maxTokens = integer(body, name, 1, cfg.maxTokens());
        break;
      }
    }
    double temperature = number(body, "temperature", 1.0, 0, 2);
    double topP = number(body, "top_p", 1.0, Double.MIN_VALUE, 1);
    double freq = number(body, "frequency_penalty", 0, -2, 2);
    double pres = number(body, "presence_penalty", 0, -2, 2);
    int n = body.hasNonNull("n") ? integer(body, "n", 1, MAX_N) : 1;
    if ((long) prompts.size() * n > MAX_ROWS) {
      throw ApiError.invalid(body.hasNonNull("n") ? "n" : "prompt", "this request asks for " + prompts.size() + " prompts × n = "
          + n + ", " + (long) prompts.size() * n + " completions; at most " + MAX_ROWS + " are allowed per request");
    }
    long seed = 0;
    if (body.hasNonNull("seed")) {
      if (!body.get("seed").canConvertToLong() || !body.get("seed").isIntegralNumber()) {
        throw ApiError.invalid("seed", "'seed' must be an integer");
      }
      seed = body.get("seed").asLong();
    } else {
      seed = java.util.concurrent.ThreadLocalRandom.current().nextLong();
    }
    List<String> stops = new ArrayList<>(templateStops);
    JsonNode s = body.get("stop");
    if (s != null && !s.isNull()) {
      if (s.isTextual()) {
        stops.add(s.asText());
      } else if (s.isArray() && s.size() <= MAX_STOPS && allText(s)) {
        s.forEach(x -> stops.add(x.asText()));
      } else {
        throw ApiError.invalid("stop", "'stop' must be a string or an array of at most " + MAX_STOPS + " strings");
      }
      if (stops.stream().anyMatch(String::isEmpty)) {
        throw ApiError.invalid("stop", "a stop sequence must not be empty");
      }
    }
    boolean stream = body.path("stream").asBoolean(false);
    boolean usage = body.path("stream_options").path("include_usage").asBoolean(false);
    SamplingOptions o = SamplingOptions.defaults().withMaxTokens(maxTokens).withTemperature(temperature).withTopK(0)
        .withTopP(topP).withPenalties(freq, pres).withStop(stops).withSeed(seed);
    List<String> all = new ArrayList<>();
    for (String p : prompts) {
      for (int i = 0; i < n; i++) {
        all.add(p);
      }
    }
    return new TextRequest(model, all, o, n, stream, usage);
  }

  private static boolean allText(JsonNode array) {
    for (JsonNode x : array) {
      if (!x.isTextual()) {
        return false;
      }
    }
    return true;
  }

  static double number(JsonNode body, String name, double dflt, double min, double max) {
    JsonNode v = body.get(name);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isNumber() || !(v.asDouble() >= min && v.asDouble() <= max)) {
      throw ApiError.invalid(name, "'" + name + "' must be a number in [" + (min == Double.MIN_VALUE ? "0 (exclusive)" : fmt(min)) + ", " + fmt(max) + "], got " + v);
    }
    return v.asDouble();
  }

  static int integer(JsonNode body, String name, int min, int max) {
    JsonNode v = body.get(name);
    if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
      throw ApiError.invalid(name, "'" + name + "' must be an integer in [" + min + ", " + max + "], got " + v);
    }
    return v.asInt();
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
