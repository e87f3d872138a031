package dev.fabrica.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import dev.fabrica.core.Reporter;
import dev.fabrica.neural.Torch;
import dev.fabrica.neural.gpt.GptConfig;
import dev.fabrica.neural.run.GptRuns;
import dev.fabrica.serve.FabricaServer;
import dev.fabrica.serve.ServeConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fabrica bench serve}: a closed-loop load on loopback against a GPT behind {@code fabrica
 * serve}: at each concurrency, that many clients send the same completion request one after
 * another for a fixed time; prints requests/s, tokens/s, latency percentiles, errors by status and
 * resident memory, as one JSON object.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Load-test fabrica serve on loopback with concurrent clients; prints JSON.")
public final class BenchServeCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Option(names = "--run", paramLabel = "RUN", description = "A GPT run to serve (default: train the baby preset for --train-steps on --text).")
  Path run;

  @Option(names = "--text", defaultValue = "/usr/share/games/fortunes/fortunes", paramLabel = "FILE", description = "Corpus when training (default: ${DEFAULT-VALUE}).")
  Path text;

  @Option(names = "--train-steps", defaultValue = "100", paramLabel = "N", description = "Training steps when no --run is given (default: ${DEFAULT-VALUE}).")
  int trainSteps;

  @Option(names = "--clients", defaultValue = "1,4,16,64", split = ",", paramLabel = "N", description = "Concurrency levels (default: ${DEFAULT-VALUE}).")
  int[] clients;

  @Option(names = "--seconds", defaultValue = "20", paramLabel = "S", description = "Time per concurrency level (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--max-tokens", defaultValue = "64", paramLabel = "N", description = "max_tokens of each request (default: ${DEFAULT-VALUE}).")
  int maxTokens;

  @Option(names = "--prompt", defaultValue = "The ", paramLabel = "TEXT", description = "The prompt of every request (default: '${DEFAULT-VALUE}').")
  String prompt;

  @Option(names = "--max-queue", defaultValue = "64", paramLabel = "N", description = "The server's queue limit per model (default: ${DEFAULT-VALUE}).")
  int maxQueue;

  @Option(names = "--max-batch", paramLabel = "N", description = "The server's rows per batch; a model runs one batch per --threads (default: ${DEFAULT-VALUE}).")
  int maxBatch = ServeConfig.defaults(Path.of("runs")).maxBatch();

  @Option(names = "--warmup", defaultValue = "60", paramLabel = "S",
      description = "Load before the levels, one client and the most clients in turns of 5 s: C2 compiles the HTTP stack and the "
          + "decoder over the first minute, and a level measured before that measures the compiler (default: ${DEFAULT-VALUE}).")
  double warmup;

  @Option(names = "--soak", defaultValue = "0", paramLabel = "S", description = "Then run 16 clients this long, sampling RSS every 10 s (default: none).")
  double soak;

  @Override
  public Integer call() throws Exception {
    if (!(seconds > 0) || maxTokens < 1 || Arrays.stream(clients).anyMatch(c -> c < 1)) {
      throw new BadInputException("--seconds must be positive, --max-tokens and every --clients value at least 1");
    }
    if (!(warmup >= 0)) {
      throw new BadInputException("--warmup must be 0 or more seconds, got " + warmup);
    }
    Torch.start(common.threads());
    Reporter r = common.reporter();
    Path work = Files.createTempDirectory("fabrica-bench-serve-");
    Path runs = Files.createDirectories(work.resolve("runs"));
    Path model = runs.resolve("gpt");
    if (run != null) {
      Files.createSymbolicLink(model, run.toAbsolutePath());
    } else {
      r.info("training baby for " + trainSteps + " steps on " + text);
      GptRuns.train(model, GptConfig.baby().withMaxIters(trainSteps).withEval(trainSteps, 5).withSeed(common.seed()),
          new GptRuns.TrainOptions(text, "char", 0, false, null, false, common.threads()), r);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("benchmark", "serve");
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("run", run == null ? "baby, " + trainSteps + " steps on " + text : run.toString());
    config.put("max_tokens", maxTokens);
    config.put("prompt", prompt);
    config.put("seconds_per_level", seconds);
    config.put("max_queue", maxQueue);
    config.put("max_batch", maxBatch);
    config.put("warmup_seconds", warmup);
    out.put("config", config);
    ServeConfig cfg = ServeConfig.defaults(runs).withPort(0).withMaxQueue(maxQueue).withMaxBatch(maxBatch).withTimeout(600)
        .withThreads(common.threads());
    try (FabricaServer server = FabricaServer.start(cfg)) {
      String url = "http://127.0.0.1:" + server.port() + "/v1/completions";
      // warm-up: load the model and let C2 compile the decoder for one row and for full batches (its
      // multi-row kernels) and the HTTP stack on both sides, so that no level pays for compiling
      int most = Arrays.stream(clients).max().orElse(1);
      r.info("bench serve: warming up for " + warmup + " s");
      load(url, 1, Math.min(0.5, seconds)); // loads the model
      for (double t = 0; t < warmup; t += 5) {
        load(url, (int) (t / 5) % 2 == 0 ? 1 : most, Math.min(5, warmup - t));
      }
      out.put("rss_mib_before", BenchMachine.rssMib());
      List<Object> levels = new ArrayList<>();
      HttpClient metricsHttp = HttpClient.newHttpClient();
      HttpRequest metrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build();
      for (int c : clients) {
        r.info("bench serve: " + c + " client" + (c == 1 ? "" : "s") + " for " + seconds + " s");
        double[] before = stepRowsOf(metricsHttp.send(metrics, HttpResponse.BodyHandlers.ofString()).body(), "gpt");
        Map<String, Object> level = load(url, c, seconds);
        double[] after = stepRowsOf(metricsHttp.send(metrics, HttpResponse.BodyHandlers.ofString()).body(), "gpt");
        double steps = after[1] - before[1];
        // how full the batch ran: a closed-loop client is away from it for its round trip
        level.put("decode_steps_per_second", BenchMachine.round(steps / (Double) level.get("seconds"), 1));
        level.put("mean_rows_per_step", steps == 0 ? null : BenchMachine.round((after[0] - before[0]) / steps, 2));
        levels.add(level);
      }
      out.put("levels", levels);
      out.put("rss_mib_after", BenchMachine.rssMib());
      if (soak > 0) {
        List<Double> rss = new ArrayList<>();
        Map<String, Object> soakLevel = null;
        for (double t = 0; t < soak; t += 10) {
          soakLevel = load(url, 16, Math.min(10, soak - t));
          rss.add(BenchMachine.rssMib());
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("seconds", soak);
        s.put("clients", 16);
        s.put("rss_mib_every_10s", rss);
        s.put("last_10s", soakLevel);
        out.put("soak", s);
      }
    }
    out.put("machine", BenchMachine.describe());
    out.put("command", BenchMachine.command(List.of("bench", "serve")));
    PrintWriter w = spec.commandLine().getOut();
    w.println(Json.pretty(out));
    w.flush();
    return 0;
  }

  /** fabrica_batch_step_rows_sum and _count of {@code model} in a Prometheus text; 0 for a missing line. */
  static double[] stepRowsOf(String metrics, String model) {
    double[] r = new double[2];
    String sum = "fabrica_batch_step_rows_sum{model=\"" + model + "\"} ";
    String count = "fabrica_batch_step_rows_count{model=\"" + model + "\"} ";
    for (String line : metrics.split("\n")) {
      if (line.startsWith(sum)) {
        r[0] = Double.parseDouble(line.substring(sum.length()).trim());
      } else if (line.startsWith(count)) {
        r[1] = Double.parseDouble(line.substring(count.length()).trim());
      }
    }
    return r;
  }

  /** A Retry-After header's delay in seconds (1 when it is an HTTP date or unreadable). */
  static long retrySeconds(String v) {
    try {
      return Math.max(0, Long.parseLong(v.trim()));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  /** {@code clients} threads, each sending requests back to back for {@code secs}, honouring Retry-After. */
  private Map<String, Object> load(String url, int clients, double secs) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    long end = System.nanoTime() + (long) (secs * 1e9);
    List<Long>[] latencies = newLists(clients);
    AtomicLong tokens = new AtomicLong();
    Map<Integer, AtomicLong> statuses = new java.util.concurrent.ConcurrentHashMap<>();
    AtomicLong failures = new AtomicLong();
    Thread[] threads = new Thread[clients];
    long start = System.nanoTime();
    for (int i = 0; i < clients; i++) {
      int id = i;
      threads[i] = new Thread(() -> {
        long n = 0;
        while (System.nanoTime() < end) {
          String body = Json.compact(Map.of("model", "gpt", "prompt", prompt, "max_tokens", maxTokens, "seed", id * 1_000_003L + n++,
              "stop", List.of("\u0001")));
          long t0 = System.nanoTime();
          try {
            HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(600))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
            statuses.computeIfAbsent(resp.statusCode(), k -> new AtomicLong()).incrementAndGet();
            if (resp.statusCode() == 200) {
              latencies[id].add(System.nanoTime() - t0);
              JsonNode u = Json.MAPPER.readTree(resp.body()).get("usage");
              tokens.addAndGet(u.get("completion_tokens").asLong());
            } else if (resp.statusCode() == 429) {
              // as a well-behaved client does: wait as long as the server asks (whole seconds), but
              // not past the end of the run
              long askedMs = resp.headers().firstValue("Retry-After").map(BenchServeCommand::retrySeconds).orElse(1L) * 1000;
              long leftMs = (end - System.nanoTime()) / 1_000_000;
              Thread.sleep(Math.max(0, Math.min(askedMs, leftMs)));
            }
          } catch (IOException e) {
            failures.incrementAndGet();
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "bench-client-" + i);
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    List<Long> all = new ArrayList<>();
    for (List<Long> l : latencies) {
      all.addAll(l);
    }
    all.sort(null);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("clients", clients);
    m.put("seconds", BenchMachine.round(elapsed, 2));
    m.put("requests_ok", all.size());
    m.put("requests_per_second", BenchMachine.round(all.size() / elapsed, 2));
    m.put("tokens_per_second", BenchMachine.round(tokens.get() / elapsed, 1));
    m.put("latency_p50_seconds", all.isEmpty() ? null : BenchMachine.round(all.get(all.size() / 2) / 1e9, 4));
    m.put("latency_p99_seconds", all.isEmpty() ? null : BenchMachine.round(all.get(Math.min(all.size() - 1, (int) Math.ceil(all.size() * 0.99) - 1)) / 1e9, 4));
    Map<String, Long> st = new java.util.TreeMap<>();
    statuses.forEach((k, v) -> st.put(Integer.toString(k), v.get()));
    m.put("statuses", st);
    m.put("connection_failures", failures.get());
    return m;
  }

  @SuppressWarnings("unchecked")
  private static List<Long>[] newLists(int n) {
    List<Long>[] l = new List[n];
    for (int i = 0; i < n; i++) {
      l[i] = java.util.Collections.synchronizedList(new ArrayList<>());
    }
    return l;
  }
}
