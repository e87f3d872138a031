package dev.fabrica.cli;

import dev.fabrica.neural.Torch;
import dev.fabrica.serve.ApiKeys;
import dev.fabrica.serve.FabricaServer;
import dev.fabrica.serve.ServeConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code fabrica serve}: the runs of a directory behind an OpenAI-compatible HTTP API, until stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the runs under --runs through OpenAI's HTTP API: GET /v1/models, POST /v1/chat/completions,",
      "/v1/completions (GPT runs) and /v1/images/generations (VAE and GAN runs), plus /health, /metrics and",
      "a playground page at /. Each run directory is a model named after it; new or retrained runs are",
      "picked up without a restart. Stop with Ctrl-C."
    })
public final class ServeCommand implements Callable<Integer> {
  private static final ServeConfig DEFAULTS = ServeConfig.defaults(Path.of("runs"));

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Option(names = "--runs", paramLabel = "DIR", required = true, description = "The directory of run directories to serve.")
  Path runs;

  @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host = DEFAULTS.host();

  @Option(names = "--port", paramLabel = "N", description = "Port (0: any free one; default: ${DEFAULT-VALUE}).")
  int port = DEFAULTS.port();

  @Option(names = "--api-key-file", paramLabel = "FILE",
      description = "Keys clients must send as 'Authorization: Bearer KEY', one a line; FABRICA_API_KEYS (comma-separated) adds more.")
  Path keyFile;

  @Option(names = "--no-auth", description = "Serve without keys on a non-loopback address (without keys the server refuses one otherwise).")
  boolean noAuth;

  @Option(names = "--max-queue", paramLabel = "N", description = "Requests a model holds, running or waiting, before answering 429 (default: ${DEFAULT-VALUE}).")
  int maxQueue = DEFAULTS.maxQueue();

  @Option(names = "--max-batch", paramLabel = "N",
      description = "Rows (prompts times n) each of a text model's batches generates together, one token each per step; "
          + "a text model runs one batch per --threads side by side (default: ${DEFAULT-VALUE}).")
  int maxBatch = DEFAULTS.maxBatch();

  @Option(names = "--max-tokens", paramLabel = "N", description = "The largest max_tokens a request may ask for (default: ${DEFAULT-VALUE}).")
  int maxTokens = DEFAULTS.maxTokens();

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "Time limit of one request (default: ${DEFAULT-VALUE}).")
  double timeout = DEFAULTS.timeoutSeconds();

  @Option(names = "--max-body", paramLabel = "BYTES", description = "The largest request body (default: ${DEFAULT-VALUE}).")
  long maxBody = DEFAULTS.maxBodyBytes();

  @Override
  public Integer call() throws InterruptedException {
    ServeConfig cfg;
    try {
      cfg = new ServeConfig(runs, host, port, ApiKeys.load(keyFile, System.getenv("FABRICA_API_KEYS")), noAuth, maxQueue,
          maxBatch, maxTokens, Math.min(DEFAULTS.defaultMaxTokens(), maxTokens), timeout, maxBody, DEFAULTS.maxImages(), DEFAULTS.imageTtlSeconds(),
          common.threads());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Torch.start(common.threads());
    PrintWriter out = spec.commandLine().getOut();
    try (FabricaServer server = FabricaServer.start(cfg)) {
      int models = server.models().size();
      out.printf("fabrica serve: %d model%s from %s at http://%s:%d/v1 (playground: http://%s:%d/)%s%n", models,
          models == 1 ? "" : "s", runs, host, server.port(), host, server.port(),
          cfg.keys().required() ? ", API keys required" : "");
      out.flush();
      CountDownLatch stopped = new CountDownLatch(1);
      Thread hook = new Thread(stopped::countDown, "fabrica-serve-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        stopped.await();
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running: Ctrl-C
        }
      }
    }
    return 0;
  }
}
