package dev.fabrica.serve;

import java.nio.file.Path;

/**
 * How the server runs.
 *
 * @param runs the directory whose run directories are the models (a model's id is its folder name)
 * @param host address to bind
 * @param port port to bind (0: any free port)
 * @param keys API keys; none means open, allowed only on loopback unless {@code noAuth}
 * @param noAuth serve without keys on any address, as asked for explicitly
 * @param maxQueue requests a model holds, running or waiting, before answering 429
 * @param maxBatch rows (prompts times n) each of a text model's batches generates together, one token each per step
 * @param maxTokens the largest {@code max_tokens} a request may ask for
 * @param defaultMaxTokens {@code max_tokens} when a request gives none
 * @param timeoutSeconds how long one request may take
 * @param maxBodyBytes the largest request body
 * @param maxImages the largest {@code n} of an image request
 * @param imageTtlSeconds how long an image served by URL stays available
 * @param threads batches a text model runs side by side, a thread each (of up to maxBatch rows each)
 */
public record ServeConfig(Path runs, String host, int port, ApiKeys keys, boolean noAuth, int maxQueue, int maxBatch, int maxTokens,
    int defaultMaxTokens, double timeoutSeconds, long maxBodyBytes, int maxImages, int imageTtlSeconds,
    int threads) {
  public ServeConfig {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in 0..65535, got " + port);
    }
    if (maxQueue < 1) {
      throw new IllegalArgumentException("max queue must be at least 1, got " + maxQueue);
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException("max batch must be at least 1, got " + maxBatch);
    }
    if (maxTokens < 1 || defaultMaxTokens < 1 || defaultMaxTokens > maxTokens) {
      throw new IllegalArgumentException("token limits must satisfy 1 <= default (" + defaultMaxTokens + ") <= max (" + maxTokens + ")");
    }
    if (!(timeoutSeconds > 0)) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeoutSeconds);
    }
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException("max body must be at least 1024 bytes, got " + maxBodyBytes);
    }
  }

  /**
   * Loopback, port 8000, no keys, 64 queued requests, batches of up to 16 rows, at most 1024 tokens
   * (256 by default), 120 s, 1 MiB bodies, decoding steps split over every core.
   */
  public static ServeConfig defaults(Path runs) {
    return new ServeConfig(runs, "127.0.0.1", 8000, ApiKeys.none(), false, 64, 16, 1024, 256, 120, 1 << 20, 10, 600,
        Runtime.getRuntime().availableProcessors());
  }

  public ServeConfig withPort(int p) {
    return new ServeConfig(runs, host, p, keys, noAuth, maxQueue, maxBatch, maxTokens, defaultMaxTokens, timeoutSeconds, maxBodyBytes, maxImages, imageTtlSeconds, threads);
  }

  public ServeConfig withKeys(ApiKeys k) {
    return new ServeConfig(runs, host, port, k, noAuth, maxQueue, maxBatch, maxTokens, defaultMaxTokens, timeoutSeconds, maxBodyBytes, maxImages, imageTtlSeconds, threads);
  }

  public ServeConfig withMaxQueue(int q) {
    return new ServeConfig(runs, host, port, keys, noAuth, q, maxBatch, maxTokens, defaultMaxTokens, timeoutSeconds, maxBodyBytes, maxImages, imageTtlSeconds, threads);
  }

  public ServeConfig withMaxBatch(int b) {
    return new ServeConfig(runs, host, port, keys, noAuth, maxQueue, b, maxTokens, defaultMaxTokens, timeoutSeconds, maxBodyBytes, maxImages, imageTtlSeconds, threads);
  }

  public ServeConfig withHost(String h, boolean open) {
    return new ServeConfig(runs, h, port, keys, open, maxQueue, maxBatch, maxTokens, defaultMaxTokens, timeoutSeconds, maxBodyBytes, maxImages, imageTtlSeconds, threads);
  }

  public ServeConfig withTimeout(double seconds) {
    return new ServeConfig(runs, host, port, keys, noAuth, maxQueue, maxBatch, maxTokens, defaultMaxTokens, seconds, maxBodyBytes, maxImages, imageTtlSeconds, threads);
  }

  public ServeConfig withThreads(int t) {
    return new ServeConfig(runs, host, port, keys, noAuth, maxQueue, maxBatch, maxTokens, defaultMaxTokens, timeoutSeconds, maxBodyBytes, maxImages, imageTtlSeconds, t);
  }
}
