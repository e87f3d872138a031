package dev.fabrica.serve;

import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code fabrica serve}: the runs of a directory behind OpenAI's HTTP API ({@code /v1/models},
 * {@code /v1/chat/completions}, {@code /v1/completions}, {@code /v1/images/generations}), with
 * {@code /health}, Prometheus {@code /metrics} and a playground page at {@code /}.
 */
public final class FabricaServer implements AutoCloseable {
  private static final List<String> ROUTES = List.of("/v1/models", "/v1/chat/completions", "/v1/completions",
      "/v1/images/generations", "/v1/images/files", "/health", "/metrics", "/");

  private final Javalin app;
  private final ModelRegistry registry;
  private final Path imageDir;
  private final ScheduledExecutorService sweeper;

  private FabricaServer(Javalin app, ModelRegistry registry, Path imageDir, ScheduledExecutorService sweeper) {
    this.app = app;
    this.registry = registry;
    this.imageDir = imageDir;
    this.sweeper = sweeper;
  }

  /** Starts serving; fails with a clear message for an open address without keys, a missing runs dir, a port in use. */
  public static FabricaServer start(ServeConfig cfg) {
    if (!cfg.keys().required() && !cfg.noAuth() && !loopback(cfg.host())) {
      throw new BadInputException("--host " + cfg.host() + ": without API keys (--api-key-file or FABRICA_API_KEYS) fabrica "
          + "serves only on a loopback address; pass --no-auth to serve " + cfg.host() + " without keys");
    }
    Metrics metrics = new Metrics();
    ModelRegistry registry = new ModelRegistry(cfg.runs(), cfg.maxQueue(), cfg.maxBatch(), cfg.threads(), metrics);
    Path imageDir;
    try {
      imageDir = Files.createTempDirectory("fabrica-serve-images-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TextRoutes text = new TextRoutes(registry, cfg, metrics);
    ImageRoutes images = new ImageRoutes(registry, cfg, metrics, imageDir);
    String page = playground();
    Javalin app = Javalin.create(config -> {
      config.jetty.host = cfg.host();
      config.jetty.port = cfg.port();
      config.http.maxRequestSize = cfg.maxBodyBytes();
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.routes.before(ctx -> {
        ctx.attribute("fabrica.start", System.nanoTime());
        String path = ctx.path();
        if (path.startsWith("/v1/") && !path.startsWith("/v1/images/files/") && !cfg.keys().accepts(ctx.header("Authorization"))) {
          throw ApiError.unauthorized(ctx.header("Authorization") == null
              ? "You didn't provide an API key: send it as 'Authorization: Bearer KEY'"
              : "Incorrect API key provided");
        }
        long length = ctx.req().getContentLengthLong();
        if (length > cfg.maxBodyBytes()) {
          if (length <= 16L * cfg.maxBodyBytes()) {
            // read what the client is sending, so it sees the 413 rather than a broken connection
            ctx.req().getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
          }
          throw ApiError.tooLarge(cfg.maxBodyBytes());
        }
      });
      config.routes.get("/health", ctx -> ctx.json(Map.of("status", "ok")));
      config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.text()));
      config.routes.get("/v1/models", ctx -> ctx.contentType("application/json").result(Json.compact(models(registry.list()))));
      config.routes.get("/v1/models/{id}", ctx -> {
        String id = ctx.pathParam("id");
        Object m = registry.list().stream().filter(e -> e.id().equals(id)).findFirst().map(FabricaServer::model)
            .orElseThrow(() -> ApiError.notFound("model", "The model '" + id + "' does not exist", "model_not_found"));
        ctx.contentType("application/json").result(Json.compact(m));
      });
      config.routes.post("/v1/chat/completions", text::chat);
      config.routes.post("/v1/completions", text::completion);
      config.routes.post("/v1/images/generations", images::generate);
      config.routes.get("/v1/images/files/{name}", images::file);
      config.routes.get("/", ctx -> ctx.contentType("text/html; charset=utf-8").result(page));
      config.routes.exception(ApiError.class, FabricaServer::answer);
      config.routes.exception(HttpResponseException.class, (e, ctx) -> answer(e.getStatus() == 413
          ? ApiError.tooLarge(cfg.maxBodyBytes())
          : e.getStatus() == 404 ? ApiError.notFound(null, "no route " + ctx.method() + " " + ctx.path(), "not_found")
          : ApiError.invalid(null, e.getMessage()), ctx));
      config.routes.exception(Exception.class, (e, ctx) -> {
        System.err.println("fabrica serve: " + ctx.method() + " " + ctx.path() + " failed:");
        e.printStackTrace(System.err); // a server's own failure is logged whole for its operator
        answer(ApiError.internal("internal error: " + e), ctx);
      });
      config.routes.error(404, "*", ctx -> {
        if (!ctx.res().isCommitted() && ctx.attribute("fabrica.error") == null) {
          answer(ApiError.notFound(null, "no route " + ctx.method() + " " + ctx.path(), "not_found"), ctx);
        }
      });
      config.routes.after(ctx -> {
        Long start = ctx.attribute("fabrica.start");
        double secs = start == null ? 0 : (System.nanoTime() - start) / 1e9;
        metrics.request(route(ctx.path()), ctx.statusCode(), secs);
      });
    });
    try {
      app.start();
    } catch (RuntimeException e) {
      registry.close();
      throw new BadInputException("cannot listen on " + cfg.host() + ":" + cfg.port() + ": " + rootMessage(e), e);
    }
    ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "fabrica-serve-sweep");
      t.setDaemon(true);
      return t;
    });
    sweeper.scheduleAtFixedRate(images::sweep, 60, 60, TimeUnit.SECONDS);
    return new FabricaServer(app, registry, imageDir, sweeper);
  }

  public int port() {
    return app.port();
  }

  /** The models served now. */
  public List<ModelRegistry.Entry> models() {
    return registry.list();
  }

  private static void answer(ApiError e, Context ctx) {
    ctx.attribute("fabrica.error", true);
    ctx.status(e.status());
    if (e.retryAfterSeconds() != null) {
      ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
    }
    ctx.contentType("application/json").result(Json.compact(e.body()));
  }

  private static String route(String path) {
    for (String r : ROUTES) {
      if (r.equals("/") ? path.equals("/") : path.equals(r) || path.startsWith(r + "/")) {
        return r;
      }
    }
    return "other";
  }

  private static Map<String, Object> models(List<ModelRegistry.Entry> entries) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("object", "list");
    out.put("data", entries.stream().map(FabricaServer::model).toList());
    return out;
  }

  private static Map<String, Object> model(ModelRegistry.Entry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    m.put("object", "model");
    m.put("created", e.created());
    m.put("owned_by", "fabrica");
    m.put("kind", e.kind());
    m.put("family", e.family());
    return m;
  }

  static boolean loopback(String host) {
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) {
        if (!a.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      throw new BadInputException("--host " + host + ": unknown host");
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  private static String playground() {
    try (InputStream in = FabricaServer.class.getResourceAsStream("playground.html")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("the playground page is missing from the jar", e);
    }
  }

  @Override
  public void close() {
    app.stop();
    sweeper.shutdownNow();
    registry.close();
    try (var files = Files.list(imageDir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(imageDir);
    } catch (IOException e) {
      // a temporary directory; the OS cleans it eventually
    }
  }
}
