package dev.fabrica.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.core.Json;
import io.javalin.http.Context;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * {@code POST /v1/images/generations} and the images it serves by URL. A text-to-image model reads
 * the prompt with its prompt encoder and says in {@code revised_prompt} which concept it drew and
 * how sure it is (an empty prompt is a 400 on {@code prompt}). A conditional model draws the class
 * its prompt names (the longest class name found in it, so "a pair of trousers" is
 * Trouser); an unconditional one ignores the prompt and says so in each image's {@code
 * revised_prompt}. Images are scaled from the model's size to the one asked for.
 */
final class ImageRoutes {
  private static final Pattern SIZE = Pattern.compile("(\\d{1,4})x(\\d{1,4})");
  private static final Pattern FILE = Pattern.compile("[0-9a-f]{24}\\.png");
  static final int MAX_SIDE = 1024;

  private final ModelRegistry registry;
  private final ServeConfig cfg;
  private final Metrics metrics;
  private final Path dir;

  ImageRoutes(ModelRegistry registry, ServeConfig cfg, Metrics metrics, Path dir) {
    this.registry = registry;
    this.cfg = cfg;
    this.metrics = metrics;
    this.dir = dir;
  }

  void generate(Context ctx) {
    JsonNode body = Http.json(ctx);
    ModelRegistry.ImageModel m = registry.image(body.path("model").asText(null));
    String prompt = body.path("prompt").asText("");
    int n = body.hasNonNull("n") ? TextRequest.integer(body, "n", 1, cfg.maxImages()) : 1;
    String format = body.path("response_format").asText("url");
    if (!format.equals("url") && !format.equals("b64_json")) {
      throw ApiError.invalid("response_format", "'response_format' must be url or b64_json, got '" + format + "'");
    }
    int h = m.generator.height();
    int w = m.generator.width();
    int outW = w;
    int outH = h;
    if (body.hasNonNull("size") && !body.get("size").asText().equals("auto")) {
      Matcher s = SIZE.matcher(body.get("size").asText());
      if (!s.matches()) {
        throw ApiError.invalid("size", "'size' must be WIDTHxHEIGHT, e.g. 256x256, got '" + body.get("size").asText() + "'");
      }
      outW = Integer.parseInt(s.group(1));
      outH = Integer.parseInt(s.group(2));
      if (outW < 1 || outH < 1 || outW > MAX_SIDE || outH > MAX_SIDE || (long) outW * h != (long) outH * w) {
        throw ApiError.invalid("size", "model '" + m.id + "' makes " + w + "x" + h + " images; it serves sizes of that shape up to "
            + MAX_SIDE + " on a side (e.g. " + w + "x" + h + ", 256x256), not " + outW + "x" + outH);
      }
    }
    long seed = body.hasNonNull("seed") ? body.get("seed").asLong() : java.util.concurrent.ThreadLocalRandom.current().nextLong();
    int[] classes = null;
    String revised;
    String promptText = null;
    if (m.generator instanceof dev.fabrica.neural.run.PromptGenerator) {
      try {
        promptText = dev.fabrica.neural.t2i.PromptEncoder.checkPrompt(prompt);
      } catch (dev.fabrica.core.BadInputException e) {
        throw ApiError.invalid("prompt", "'prompt': " + e.getMessage());
      }
      revised = null; // from the model's reading of the prompt, below
    } else if (m.generator.conditional()) {
      int c = classOf(prompt, m.generator.classes());
      if (c >= 0) {
        classes = new int[n];
        java.util.Arrays.fill(classes, c);
        revised = m.generator.classes().get(c);
      } else {
        revised = "(the prompt names none of this model's classes " + m.generator.classes() + "; classes spread evenly)";
      }
    } else {
      revised = "(model '" + m.id + "' is an unconditional " + m.generator.kind() + ": the prompt is ignored)";
    }
    int[] cls = classes;
    String text = promptText;
    float[] pixels;
    try {
      dev.fabrica.neural.run.PromptGenerator.Prompted made = m.worker.submit(() -> {
        try (ai.djl.ndarray.NDManager scope = m.manager.newSubManager()) {
          if (text != null) {
            return ((dev.fabrica.neural.run.PromptGenerator) m.generator).generate(text, n, seed, scope);
          }
          return new dev.fabrica.neural.run.PromptGenerator.Prompted(m.generator.generate(n, cls, seed, scope), null);
        }
      }).get((long) (cfg.timeoutSeconds() * 1000), TimeUnit.MILLISECONDS);
      pixels = made.images();
      if (made.reading() != null) {
        revised = made.reading().prompt() + " (" + made.reading().describe() + ")";
      }
    } catch (TimeoutException e) {
      throw ApiError.timeout(cfg.timeoutSeconds());
    } catch (ExecutionException e) {
      throw ApiError.internal("image generation failed: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiError.internal("interrupted");
    }
    metrics.images(n);
    List<Object> data = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] png = png(pixels, i, h, w, outW, outH);
      Map<String, Object> d = new LinkedHashMap<>();
      if (format.equals("b64_json")) {
        d.put("b64_json", Base64.getEncoder().encodeToString(png));
      } else {
        d.put("url", publish(ctx, png));
      }
      d.put("revised_prompt", revised);
      data.add(d);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("created", System.currentTimeMillis() / 1000);
    out.put("data", data);
    ctx.contentType("application/json").result(Json.compact(out));
  }

  /** The class whose name (or its singular) appears in the prompt, the longest such; -1 when none does. */
  static int classOf(String prompt, List<String> classes) {
    String p = prompt.toLowerCase(Locale.ROOT);
    int best = -1;
    int bestLen = 0;
    for (int c = 0; c < classes.size(); c++) {
      String name = classes.get(c).toLowerCase(Locale.ROOT);
      for (String form : List.of(name, name.replaceAll("s$", ""), name.replace("/", " "))) {
        if (!form.isBlank() && p.contains(form) && form.length() > bestLen) {
          best = c;
          bestLen = form.length();
        }
      }
    }
    return best;
  }

  /** One generated image as PNG, gray, scaled (bilinear) to {@code outW}×{@code outH}. */
  static byte[] png(float[] pixels, int i, int h, int w, int outW, int outH) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    int off = i * h * w;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        float v = Math.max(0f, Math.min(1f, pixels[off + y * w + x]));
        img.getRaster().setSample(x, y, 0, Math.round(v * 255));
      }
    }
    if (outW != w || outH != h) {
      BufferedImage big = new BufferedImage(outW, outH, BufferedImage.TYPE_BYTE_GRAY);
      java.awt.Graphics2D g = big.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(img, 0, 0, outW, outH, null);
      g.dispose();
      img = big;
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.toByteArray();
  }

  /** Keeps a PNG for the URL's lifetime and returns its URL on this server. */
  private String publish(Context ctx, byte[] png) {
    String name = Http.randomId() + ".png";
    try {
      Path tmp = Files.createTempFile(dir, ".part-", ".png");
      Files.write(tmp, png);
      Files.move(tmp, dir.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw ApiError.internal("cannot store the image: " + e.getMessage());
    }
    return ctx.scheme() + "://" + ctx.host() + "/v1/images/files/" + name;
  }

  /** GET /v1/images/files/{name}: an image made earlier, while its URL lives; names are checked, never paths. */
  void file(Context ctx) throws IOException {
    String name = ctx.pathParam("name");
    if (!FILE.matcher(name).matches()) {
      throw ApiError.notFound(null, "no such image", "not_found");
    }
    Path f = dir.resolve(name).normalize();
    if (!f.getParent().equals(dir.normalize()) || !Files.isRegularFile(f)) {
      throw ApiError.notFound(null, "no such image (image URLs live " + cfg.imageTtlSeconds() + " s)", "not_found");
    }
    if (Files.getLastModifiedTime(f).toMillis() < System.currentTimeMillis() - cfg.imageTtlSeconds() * 1000L) {
      Files.deleteIfExists(f);
      throw ApiError.notFound(null, "this image URL has expired (image URLs live " + cfg.imageTtlSeconds() + " s)", "not_found");
    }
    ctx.contentType("image/png").result(Files.readAllBytes(f));
  }

  /** Deletes images whose URLs have expired. */
  void sweep() {
    try (var files = Files.list(dir)) {
      long cutoff = System.currentTimeMillis() - cfg.imageTtlSeconds() * 1000L;
      for (Path f : files.toList()) {
        if (Files.getLastModifiedTime(f).toMillis() < cutoff) {
          Files.deleteIfExists(f);
        }
      }
    } catch (IOException e) {
      // the next sweep tries again
    }
  }
}
