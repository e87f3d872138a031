package dev.fabrica.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.core.Json;
import dev.fabrica.neural.gpt.Prompts;
import dev.fabrica.neural.gpt.Sampler;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code POST /v1/chat/completions} and {@code POST /v1/completions}: each request's rows join the
 * model's running batch ({@link BatchWorker}), and the answer is sent whole or streamed as
 * server-sent events ({@code data: {…}} frames, then {@code data: [DONE]}). A client that
 * disconnects, or a request past its time limit, leaves the batch before the next token.
 */
final class TextRoutes {
  private final ModelRegistry registry;
  private final ServeConfig cfg;
  private final Metrics metrics;

  TextRoutes(ModelRegistry registry, ServeConfig cfg, Metrics metrics) {
    this.registry = registry;
    this.cfg = cfg;
    this.metrics = metrics;
  }

  /** A chat's characters outside a character model's vocabulary are left out: it answers from those it knows. */
  void chat(Context ctx) throws IOException {
    JsonNode body = Http.json(ctx);
    ModelRegistry.TextModel m = registry.text(body.path("model").asText(null));
    TextRequest r = TextRequest.chat(body, cfg, m.run.template());
    List<String> known = r.prompts().stream().map(p -> Prompts.dropUnknown(m.run.tokenizer(), p)).toList();
    run(ctx, m, new TextRequest(r.model(), known, r.options(), r.n(), r.stream(), r.includeUsage()), true);
  }

  /** A completion's prompt must be in the model's vocabulary: the text is continued as given or not at all. */
  void completion(Context ctx) throws IOException {
    JsonNode body = Http.json(ctx);
    ModelRegistry.TextModel m = registry.text(body.path("model").asText(null));
    TextRequest r = TextRequest.completion(body, cfg);
    for (String p : r.prompts()) {
      String unknown = Prompts.unknown(m.run.tokenizer(), p);
      if (!unknown.isEmpty()) {
        throw ApiError.invalid("prompt", "'prompt' has characters model '" + m.id + "' never saw in training: " + unknown);
      }
    }
    run(ctx, m, r, false);
  }

  private void run(Context ctx, ModelRegistry.TextModel m, TextRequest r, boolean chat) throws IOException {
    String id = (chat ? "chatcmpl-" : "cmpl-") + Http.randomId();
    long created = System.currentTimeMillis() / 1000;
    AtomicBoolean stop = new AtomicBoolean();
    long deadline = System.nanoTime() + (long) (cfg.timeoutSeconds() * 1e9);
    BlockingQueue<Object> events = r.stream() ? new LinkedBlockingQueue<>() : null;
    int[][] ids = new int[r.prompts().size()][];
    for (int i = 0; i < ids.length; i++) {
      try {
        ids[i] = Prompts.encode(m.run.tokenizer(), r.prompts().get(i));
      } catch (dev.fabrica.core.BadInputException e) {
        throw ApiError.invalid(chat ? "messages" : "prompt", e.getMessage());
      }
    }
    CompletableFuture<List<Sampler.Completion>> job = m.worker.submit(ids, r.options(),
        () -> stop.get() || System.nanoTime() > deadline,
        events == null ? null : (row, token, text) -> {
          if (!text.isEmpty()) {
            events.add(new Piece(row, text));
          }
        });
    if (events != null) {
      job.thenAccept(events::add); // after every piece: the worker adds both
    }
    try {
      if (r.stream()) {
        stream(ctx, m.id, r, chat, id, created, events, job, deadline, stop);
      } else {
        List<Sampler.Completion> out = await(job, deadline, stop);
        ctx.contentType("application/json").result(Json.compact(whole(m.id, r, chat, id, created, out)));
      }
    } finally {
      stop.set(true);
    }
  }

  private record Piece(int row, String text) {}

  private List<Sampler.Completion> await(Future<List<Sampler.Completion>> job, long deadline, AtomicBoolean stop) {
    try {
      return job.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      stop.set(true);
      throw ApiError.timeout(cfg.timeoutSeconds());
    } catch (ExecutionException e) {
      throw failure(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiError.internal("interrupted");
    }
  }

  private ApiError failure(Throwable cause) {
    if (cause instanceof BatchWorker.Stopped) {
      return ApiError.timeout(cfg.timeoutSeconds());
    }
    if (cause instanceof ApiError a) {
      return a;
    }
    if (cause instanceof IllegalArgumentException || cause instanceof dev.fabrica.core.BadInputException) {
      return ApiError.invalid(null, cause.getMessage());
    }
    return ApiError.internal("generation failed: " + cause);
  }

  private Map<String, Object> whole(String model, TextRequest r, boolean chat, String id, long created, List<Sampler.Completion> out) {
    List<Object> choices = new ArrayList<>();
    for (int i = 0; i < out.size(); i++) {
      Sampler.Completion c = out.get(i);
      Map<String, Object> choice = new LinkedHashMap<>();
      choice.put("index", i);
      if (chat) {
        choice.put("message", Map.of("role", "assistant", "content", c.text()));
      } else {
        choice.put("text", c.text());
      }
      choice.put("logprobs", null);
      choice.put("finish_reason", c.finishReason());
      choices.add(choice);
    }
    Map<String, Object> m = head(id, chat ? "chat.completion" : "text_completion", created, model);
    m.put("choices", choices);
    m.put("usage", usage(r, out));
    return m;
  }

  private Map<String, Object> usage(TextRequest r, List<Sampler.Completion> out) {
    long prompt = 0;
    long completion = 0;
    for (int i = 0; i < out.size(); i++) {
      if (i % r.n() == 0) { // the n copies of a prompt count once, as OpenAI counts them
        prompt += out.get(i).promptTokens();
      }
      completion += out.get(i).tokens().length;
    }
    metrics.tokens(completion);
    Map<String, Object> u = new LinkedHashMap<>();
    u.put("prompt_tokens", prompt);
    u.put("completion_tokens", completion);
    u.put("total_tokens", prompt + completion);
    return u;
  }

  private static Map<String, Object> head(String id, String object, long created, String model) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("object", object);
    m.put("created", created);
    m.put("model", model);
    m.put("system_fingerprint", "fabrica");
    return m;
  }

  @SuppressWarnings("unchecked")
  private void stream(Context ctx, String model, TextRequest r, boolean chat, String id, long created,
      BlockingQueue<Object> events, Future<List<Sampler.Completion>> job, long deadline, AtomicBoolean stop) throws IOException {
    ctx.status(200);
    ctx.res().setContentType("text/event-stream; charset=utf-8");
    ctx.res().setHeader("Cache-Control", "no-cache");
    ctx.res().setHeader("X-Accel-Buffering", "no");
    OutputStream out = ctx.res().getOutputStream();
    String object = chat ? "chat.completion.chunk" : "text_completion";
    int rows = r.prompts().size();
    try {
      if (chat) {
        for (int i = 0; i < rows; i++) {
          frame(out, chunk(id, object, created, model, r, i, Map.of("role", "assistant", "content", ""), null, true));
        }
        out.flush();
      }
      Set<Integer> done = new HashSet<>();
      while (true) {
        long left = deadline - System.nanoTime();
        Object e = left <= 0 ? null : events.poll(Math.min(left, 200_000_000L), TimeUnit.NANOSECONDS);
        if (e == null) {
          if (System.nanoTime() >= deadline) {
            stop.set(true);
            frame(out, ApiError.timeout(cfg.timeoutSeconds()).body());
            break;
          }
          if (job.isDone() && events.isEmpty()) {
            try {
              job.get();
            } catch (ExecutionException ex) {
              frame(out, failure(ex.getCause()).body());
              break;
            }
          }
          continue;
        }
        if (e instanceof Piece p) {
          frame(out, chunk(id, object, created, model, r, p.row(), chat ? Map.of("content", p.text()) : p.text(), null, chat));
          out.flush();
          continue;
        }
        List<Sampler.Completion> all = (List<Sampler.Completion>) e;
        for (int i = 0; i < all.size(); i++) {
          if (done.add(i)) {
            frame(out, chunk(id, object, created, model, r, i, chat ? Map.of() : "", all.get(i).finishReason(), chat));
          }
        }
        if (r.includeUsage()) {
          Map<String, Object> last = head(id, object, created, model);
          last.put("choices", List.of());
          last.put("usage", usage(r, all));
          frame(out, last);
        } else {
          usage(r, all);
        }
        break;
      }
      out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      stop.set(true); // the client went away: stop generating for it
    } catch (InterruptedException e) {
      stop.set(true);
      Thread.currentThread().interrupt();
    }
  }

  private static Map<String, Object> chunk(String id, String object, long created, String model, TextRequest r, int index,
      Object delta, String finish, boolean chat) {
    Map<String, Object> m = head(id, object, created, model);
    Map<String, Object> choice = new LinkedHashMap<>();
    choice.put("index", index);
    choice.put(chat ? "delta" : "text", delta);
    choice.put("logprobs", null);
    choice.put("finish_reason", finish);
    m.put("choices", List.of(choice));
    if (r.includeUsage()) {
      m.put("usage", null);
    }
    return m;
  }

  private static void frame(OutputStream out, Object value) throws IOException {
    out.write(("data: " + Json.compact(value) + "\n\n").getBytes(StandardCharsets.UTF_8));
  }
}
