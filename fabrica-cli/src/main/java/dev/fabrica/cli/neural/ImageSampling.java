package dev.fabrica.cli.neural;

import ai.djl.ndarray.NDManager;
import dev.fabrica.core.BadInputException;
import dev.fabrica.neural.Torch;
import dev.fabrica.neural.image.ImageSet;
import dev.fabrica.neural.io.PngGrid;
import dev.fabrica.neural.run.ImageGenerator;
import dev.fabrica.neural.run.ImageRuns;
import dev.fabrica.neural.run.PromptGenerator;
import dev.fabrica.neural.vae.Vae;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code fabrica sample} for image runs: a PNG grid when --out ends in .png, one PNG per image when
 * it names a directory; for VAEs also reconstructions and a latent interpolation strip of test
 * images.
 */
public final class ImageSampling {
  private ImageSampling() {}

  /** What to draw. */
  public record Request(int n, long seed, String className, String prompt, Path out, boolean reconstruct, int[] interpolate, Double psi, int threads) {}

  public static int sample(Path run, Request q, PrintWriter stdout) {
    if (q.out() == null) {
      throw new BadInputException("image models need --out: a .png file for a grid, or a directory for one PNG per image");
    }
    if (q.n() < 1) {
      throw new BadInputException("-n must be at least 1 for images, got " + q.n());
    }
    Torch.start(q.threads());
    try (NDManager manager = NDManager.newBaseManager();
        ImageGenerator g = ImageRuns.load(run, manager, q.psi())) {
      if (q.reconstruct() || q.interpolate() != null) {
        return vaeFigures(run, q, g, manager, stdout);
      }
      if (q.prompt() != null) {
        return prompted(q, g, manager, stdout);
      }
      int[] classes = classes(q, g);
      float[] images = g.generate(q.n(), classes, q.seed(), manager);
      write(images, q.n(), q.out(), g.height(), g.width());
      stdout.printf("wrote %d %s sample%s%s to %s%n", q.n(), g.kind(), q.n() == 1 ? "" : "s",
          q.className() == null ? "" : " of class " + q.className(), q.out());
      stdout.flush();
      return 0;
    }
  }

  private static int prompted(Request q, ImageGenerator g, NDManager manager, PrintWriter stdout) {
    if (!(g instanceof PromptGenerator pg)) {
      throw new BadInputException("--prompt: the " + g.kind() + " model does not read prompts"
          + (g.conditional() ? "; choose a class with --class" : "") + " (a t2i run does: 'fabrica train t2i')");
    }
    if (q.className() != null) {
      throw new BadInputException("--prompt and --class both say what to draw: give one");
    }
    PromptGenerator.Prompted p;
    try {
      p = pg.generate(q.prompt(), q.n(), q.seed(), manager);
    } catch (BadInputException e) {
      throw new BadInputException("--prompt: " + e.getMessage());
    }
    write(p.images(), q.n(), q.out(), g.height(), g.width());
    stdout.printf("\"%s\": %s%n", p.reading().prompt(), p.reading().describe());
    stdout.printf("wrote %d t2i sample%s to %s%n", q.n(), q.n() == 1 ? "" : "s", q.out());
    stdout.flush();
    return 0;
  }

  private static int[] classes(Request q, ImageGenerator g) {
    if (q.className() == null) {
      return null;
    }
    List<String> names = g.classes();
    int k = names.indexOf(q.className());
    if (k < 0) {
      for (int i = 0; i < names.size(); i++) {
        if (names.get(i).equalsIgnoreCase(q.className()) || Integer.toString(i).equals(q.className())) {
          k = i;
        }
      }
    }
    if (k < 0) {
      throw new BadInputException("--class: unknown class '" + q.className() + "'; the classes are " + String.join(", ", names));
    }
    if (!g.conditional()) {
      throw new BadInputException("--class: the " + g.kind() + " model is unconditional; train a cgan to choose classes");
    }
    int[] c = new int[q.n()];
    java.util.Arrays.fill(c, k);
    return c;
  }

  static void write(float[] images, int n, Path out, int h, int w) {
    if (out.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
      int cols = (int) Math.ceil(Math.sqrt(n));
      PngGrid.write(out, images, n, 1, h, w, cols, 0f, 1f, 2);
      return;
    }
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new BadInputException("--out: cannot create directory " + out + ": " + e.getMessage());
    }
    for (int i = 0; i < n; i++) {
      float[] one = java.util.Arrays.copyOfRange(images, i * h * w, (i + 1) * h * w);
      PngGrid.writeSingle(out.resolve(String.format("%06d.png", i)), one, 1, h, w, 0f, 1f, 1);
    }
  }

  private static int vaeFigures(Path run, Request q, ImageGenerator g, NDManager m, PrintWriter stdout) {
    if (!g.kind().equals("vae")) {
      throw new BadInputException("--reconstruct and --interpolate need a VAE run; " + run + " holds a " + g.kind());
    }
    Vae vae = ImageRuns.vaeOf(g);
    ImageSet test = ImageSet.fashionMnist(Path.of(String.valueOf(ImageRuns.readConfig(run).get("data"))), false);
    if (q.reconstruct()) {
      int n = Math.min(q.n(), test.size());
      float[] x = test.images().batch(ImageSet.range(0, n), false);
      float[] r = vae.reconstruct(x, n, m);
      float[] both = new float[2 * x.length];
      // rows alternate: originals, then their reconstructions
      int cols = Math.min(n, 8);
      int k = 0;
      for (int row = 0; row * cols < n; row++) {
        int from = row * cols;
        int to = Math.min(n, from + cols);
        for (int i = from; i < to; i++) {
          System.arraycopy(x, i * 784, both, (k++) * 784, 784);
        }
        for (int i = from; i < to; i++) {
          System.arraycopy(r, i * 784, both, (k++) * 784, 784);
        }
      }
      PngGrid.write(q.out(), both, k, 1, 28, 28, cols, 0f, 1f, 2);
      stdout.printf("wrote %d test images and their reconstructions (alternate rows) to %s%n", n, q.out());
    } else {
      int a = q.interpolate()[0];
      int b = q.interpolate()[1];
      if (a < 0 || b < 0 || a >= test.size() || b >= test.size()) {
        throw new BadInputException("--interpolate: test image indexes must be in 0.." + (test.size() - 1));
      }
      int steps = Math.max(2, q.n());
      float[] strip = vae.interpolate(test.images().image(a, false), test.images().image(b, false), steps, m);
      PngGrid.write(q.out(), strip, steps, 1, 28, 28, steps, 0f, 1f, 2);
      stdout.printf("wrote a %d-step latent interpolation between test images %d and %d to %s%n", steps, a, b, q.out());
    }
    stdout.flush();
    return 0;
  }

}
