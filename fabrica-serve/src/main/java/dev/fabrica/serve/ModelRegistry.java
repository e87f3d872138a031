package dev.fabrica.serve;

import ai.djl.ndarray.NDManager;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.RunConfig;
import dev.fabrica.neural.gpt.ContinuousBatch;
import dev.fabrica.neural.run.GptRuns;
import dev.fabrica.neural.run.ImageGenerator;
import dev.fabrica.neural.run.ImageRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The models of a runs directory: each run directory whose config.json names a text (gpt) or image
 * (vae, gan, cgan, stylegan, t2i) model is a model whose id is the directory's name. Runs are
 * listed from the directory at each request (a run's config.json is parsed again only when its files
 * changed) and loaded at first use; a run whose files changed since it was loaded (retrained,
 * replaced) is loaded again, the old copy closing once its queued requests are done.
 */
public final class ModelRegistry implements AutoCloseable {
  static final Set<String> TEXT = Set.of(GptRuns.KIND);
  static final Set<String> IMAGE = Set.of("vae", "gan", "cgan", "stylegan", "t2i");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  /** One model as /v1/models lists it. */
  public record Entry(String id, String kind, String family, long created) {}

  /** A loaded model with the worker that runs it and the stamp of the files it was loaded from. */
  abstract static sealed class Served implements AutoCloseable permits TextModel, ImageModel {
    final String id;
    final String stamp;
    final NDManager manager;

    Served(String id, String stamp) {
      this.id = id;
      this.stamp = stamp;
      this.manager = NDManager.newBaseManager();
    }

    abstract Worker worker();

    @Override
    public void close() {
      manager.close();
    }
  }

  /** A GPT run and the workers that batch its generations: one batch of up to maxBatch rows per thread, side by side. */
  static final class TextModel extends Served {
    final GptRuns.Loaded run;
    final TextWorkers worker;

    TextModel(String id, String stamp, int queue, int maxBatch, int threads, Metrics metrics, Path dir) {
      super(id, stamp);
      this.run = GptRuns.load(dir, manager);
      this.worker = new TextWorkers(id, ContinuousBatch.replicas(run.gpt(), run.tokenizer(), maxBatch, threads), queue, metrics);
    }

    @Override
    Worker worker() {
      return worker;
    }
  }

  /** A VAE or GAN run. */
  static final class ImageModel extends Served {
    final ImageGenerator generator;
    final ModelWorker worker;

    ImageModel(String id, String stamp, int queue, Path dir) {
      super(id, stamp);
      this.generator = ImageRuns.load(dir, manager);
      this.worker = new ModelWorker(id, queue);
    }

    @Override
    Worker worker() {
      return worker;
    }
  }

  private final Path runs;
  private final int queue;
  private final int maxBatch;
  private final int threads;
  private final Metrics metrics;
  private final Map<String, Served> loaded = new ConcurrentHashMap<>();

  /**
   * @param queue requests a model holds, running or waiting, before answering 429
   * @param maxBatch rows each of a text model's batches runs together at most
   * @param threads batches a text model runs side by side, a thread each
   */
  public ModelRegistry(Path runs, int queue, int maxBatch, int threads, Metrics metrics) {
    if (!Files.isDirectory(runs)) {
      throw new BadInputException("--runs: no such directory: " + runs);
    }
    this.runs = runs;
    this.queue = queue;
    this.maxBatch = maxBatch;
    this.threads = threads;
    this.metrics = metrics;
    dev.fabrica.neural.Torch.start(0);
  }

  /** Every servable run, by id. */
  public List<Entry> list() {
    List<Entry> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(runs)) {
      for (Path d : dirs.sorted().toList()) {
        Entry e = entry(d);
        if (e != null) {
          out.add(e);
        }
      }
    } catch (IOException e) {
      throw ApiError.internal("cannot list " + runs + ": " + e.getMessage());
    }
    return out;
  }

  /** What a run directory's config.json said, and the stamp of its files when it was read. */
  private record Listed(String stamp, Entry entry) {}

  private final Map<String, Listed> listed = new ConcurrentHashMap<>();

  /**
   * The run in {@code d} as /v1/models lists it, or null when it is not a servable model (no
   * config.json or weights, another kind of run, a name that is not an id, a run being written).
   * config.json is parsed again only when the run's files changed, not at every request.
   */
  private Entry entry(Path d) {
    String id = d.getFileName().toString();
    if (!ID.matcher(id).matches() || !Files.isRegularFile(d.resolve("config.json"))) {
      return null;
    }
    String stamp = stamp(d);
    Listed l = listed.get(id);
    if (l != null && l.stamp().equals(stamp)) {
      return l.entry();
    }
    Entry e = null;
    try {
      String family = String.valueOf(RunConfig.read(d).get("model"));
      String kind = TEXT.contains(family) ? "text" : IMAGE.contains(family) ? "image" : null;
      if (kind != null && Files.isRegularFile(d.resolve("model.safetensors"))) {
        e = new Entry(id, kind, family, Files.getLastModifiedTime(d.resolve("config.json")).toMillis() / 1000);
      }
    } catch (BadInputException | IOException ex) {
      // a run being written or broken is not listed
    }
    listed.put(id, new Listed(stamp, e));
    return e;
  }

  /** The text model {@code id}, loaded; 404 when there is none, 400 when it is an image model. */
  TextModel text(String id) {
    if (get(id, "text") instanceof TextModel t) {
      return t;
    }
    throw new IllegalStateException("unreachable");
  }

  /** The image model {@code id}, loaded. */
  ImageModel image(String id) {
    if (get(id, "image") instanceof ImageModel m) {
      return m;
    }
    throw new IllegalStateException("unreachable");
  }

  private Served get(String id, String kind) {
    if (id == null || id.isBlank()) {
      throw ApiError.invalid("model", "'model' is required: the id of one of /v1/models");
    }
    Path dir = ID.matcher(id).matches() ? runs.resolve(id) : null;
    Entry entry = dir == null || !Files.isDirectory(dir) ? null : entry(dir);
    if (entry == null) {
      throw ApiError.notFound("model", "The model '" + id + "' does not exist (see /v1/models)", "model_not_found");
    }
    if (!entry.kind().equals(kind)) {
      throw ApiError.invalid("model", "'" + id + "' is " + (entry.kind().equals("text") ? "a text" : "an image")
          + " model; this endpoint needs " + (kind.equals("text") ? "a text" : "an image") + " model");
    }
    String stamp = stamp(dir);
    synchronized (loaded) {
      Served s = loaded.get(id);
      if (s != null && s.stamp.equals(stamp)) {
        return s;
      }
      Served fresh;
      dev.fabrica.neural.Torch.inferenceOnThisThread(); // this request's thread copies the weights in
      try {
        fresh = kind.equals("text") ? new TextModel(id, stamp, queue, maxBatch, threads, metrics, dir) : new ImageModel(id, stamp, queue, dir);
      } catch (BadInputException e) {
        throw ApiError.internal("cannot load model '" + id + "': " + e.getMessage());
      }
      loaded.put(id, fresh);
      Worker w = fresh.worker();
      metrics.queue(id, w::depth);
      if (fresh instanceof TextModel t) {
        metrics.batch(id, t.worker::rows);
      }
      if (s != null) {
        s.worker().retire(s::close);
      }
      return fresh;
    }
  }

  /** What identifies the files a run was loaded from: times and sizes of its config and weights. */
  private static String stamp(Path dir) {
    StringBuilder b = new StringBuilder();
    for (String f : List.of("config.json", "model.safetensors")) {
      try {
        FileTime t = Files.getLastModifiedTime(dir.resolve(f));
        b.append(t.toMillis()).append(':').append(Files.size(dir.resolve(f))).append(';');
      } catch (IOException e) {
        b.append("missing;");
      }
    }
    return b.toString();
  }

  @Override
  public void close() {
    for (Served s : loaded.values()) {
      s.worker().close();
      s.close();
    }
    loaded.clear();
  }
}
