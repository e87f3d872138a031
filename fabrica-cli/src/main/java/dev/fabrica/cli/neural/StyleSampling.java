package dev.fabrica.cli.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.fabrica.core.BadInputException;
import dev.fabrica.neural.Torch;
import dev.fabrica.neural.io.PngGrid;
import dev.fabrica.neural.run.ImageRuns;
import dev.fabrica.neural.style.StyleConfig;
import dev.fabrica.neural.style.StyleGan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code fabrica sample} for style-based GAN runs: images for seeds with truncation and noise
 * control, or a style-mixing grid as in the StyleGAN paper (coarse styles from each row's seed,
 * fine styles from each column's, the sources along the top and left).
 */
public final class StyleSampling {
  /** The options of {@code sample} that only style-based runs read. */
  public static final class Options {
    @Option(names = "--seeds", paramLabel = "LIST", description = "stylegan: seeds to draw, e.g. 1-16 or 3,5,8 (default: -n seeds from --seed).")
    String seeds;

    @Option(names = "--psi", paramLabel = "PSI", description = {"Truncation psi in [0, 2], 1 for none: stylegan pulls w toward its mean;",
        "gan, cgan and t2i draw z from N(0, psi^2 I), nearer the mode: more typical, less varied images",
        "(default: 0.7 for t2i, 1 for the others)."})
    Double psi;

    /** The truncation ψ, which the other image models read too; null when not given (the model's default). */
    public Double psi() {
      return psi;
    }

    private double stylePsi() {
      return psi == null ? 1.0 : psi;
    }

    @Option(names = "--cutoff", paramLabel = "L", description = "stylegan: truncate only the first L of the 6 style layers (default: all).")
    Integer cutoff;

    @Option(names = "--noise", description = "stylegan: add the per-layer noise (default: off, so a seed always gives the same image).")
    boolean noise;

    @Option(names = "--mix-rows", paramLabel = "LIST", description = "stylegan: seeds of the rows of a style-mixing grid (their coarse styles).")
    String mixRows;

    @Option(names = "--mix-cols", paramLabel = "LIST", description = "stylegan: seeds of the columns (their fine styles).")
    String mixCols;

    @Option(names = "--crossover", paramLabel = "L", defaultValue = "3", description = "stylegan: layers before L come from the row seed (default: ${DEFAULT-VALUE} of 6).")
    int crossover;
  }

  private StyleSampling() {}

  /** Parses {@code 1-4,7,9-10} into seeds, naming {@code option} when it is malformed. */
  static long[] seeds(String list, String option) {
    List<Long> out = new ArrayList<>();
    for (String part : list.split(",")) {
      String p = part.strip();
      try {
        int dash = p.indexOf('-', 1);
        if (dash > 0) {
          long a = Long.parseLong(p.substring(0, dash));
          long b = Long.parseLong(p.substring(dash + 1));
          if (b < a || b - a > 10_000) {
            throw new BadInputException(option + ": the range " + p + " must go upwards and hold at most 10,001 seeds");
          }
          for (long s = a; s <= b; s++) {
            out.add(s);
          }
        } else {
          out.add(Long.parseLong(p));
        }
      } catch (NumberFormatException e) {
        throw new BadInputException(option + ": '" + p + "' is not a seed or a range of seeds (e.g. 1-16 or 3,5,8)");
      }
    }
    if (out.isEmpty()) {
      throw new BadInputException(option + ": name at least one seed");
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  public static int sample(Path run, Options o, int n, long seed, Path out, int threads, PrintWriter stdout) {
    if (out == null) {
      throw new BadInputException("image models need --out: a .png file for a grid, or a directory for one PNG per image");
    }
    if (!(o.stylePsi() >= 0 && o.stylePsi() <= 2)) {
      throw new BadInputException("--psi must be in [0, 2], got " + o.psi);
    }
    int cutoff = o.cutoff == null ? StyleConfig.NUM_WS : o.cutoff;
    if (cutoff < 0 || cutoff > StyleConfig.NUM_WS || o.crossover < 0 || o.crossover > StyleConfig.NUM_WS) {
      throw new BadInputException("--cutoff and --crossover must be in 0.." + StyleConfig.NUM_WS + " (the style layers)");
    }
    if ((o.mixRows == null) != (o.mixCols == null)) {
      throw new BadInputException("a style-mixing grid needs both --mix-rows and --mix-cols");
    }
    Torch.start(threads);
    try (NDManager m = NDManager.newBaseManager(); StyleGan gan = ImageRuns.loadStyle(run, m)) {
      if (o.mixRows != null) {
        return mixingGrid(gan, seeds(o.mixRows, "--mix-rows"), seeds(o.mixCols, "--mix-cols"), o, cutoff, out, m, stdout);
      }
      long[] s = o.seeds != null ? seeds(o.seeds, "--seeds") : derived(n, seed);
      float[] images = gan.render(gan.styles(s, m), o.stylePsi(), cutoff, o.noise, m);
      ImageSampling.write(scale(images), s.length, out, 28, 28);
      stdout.printf("wrote %d stylegan sample%s (psi %s) to %s%n", s.length, s.length == 1 ? "" : "s", o.stylePsi(), out);
      stdout.flush();
      return 0;
    }
  }

  private static long[] derived(int n, long seed) {
    if (n < 1) {
      throw new BadInputException("-n must be at least 1 for images, got " + n);
    }
    long[] s = new long[n];
    for (int i = 0; i < n; i++) {
      s[i] = seed + i;
    }
    return s;
  }

  private static int mixingGrid(StyleGan gan, long[] rows, long[] cols, Options o, int cutoff, Path out, NDManager m,
      PrintWriter stdout) {
    if (!out.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
      throw new BadInputException("--out: a style-mixing grid is one picture; give a .png file, got " + out);
    }
    int w = cols.length + 1;
    int h = rows.length + 1;
    float[] grid = mixingImages(gan, rows, cols, o.stylePsi(), cutoff, o.noise, o.crossover, m);
    PngGrid.write(out, grid, w * h, 1, 28, 28, w, -1f, 1f, 2);
    stdout.printf("wrote a %dx%d style-mixing grid (coarse styles: layers 0-%d from the rows) to %s%n", rows.length, cols.length,
        o.crossover - 1, out);
    stdout.flush();
    return 0;
  }

  /**
   * The tiles of a style-mixing grid, (rows + 1)·(cols + 1) images in [-1, 1], row by row: a black
   * corner, the column seeds' images along the top, the row seeds' down the left, and inside each
   * cell the coarse styles (layers before {@code crossover}) of its row with the fine ones of its
   * column.
   */
  public static float[] mixingImages(StyleGan gan, long[] rows, long[] cols, double psi, int cutoff, boolean noise, int crossover,
      NDManager m) {
    int w = cols.length + 1;
    int h = rows.length + 1;
    float[] grid = new float[w * h * 784];
    java.util.Arrays.fill(grid, 0, 784, -1f); // the corner stays black
    NDArray rowStyles = gan.styles(rows, m);
    NDArray colStyles = gan.styles(cols, m);
    float[] top = gan.render(colStyles, psi, cutoff, noise, m);
    System.arraycopy(top, 0, grid, 784, top.length);
    float[] left = gan.render(rowStyles, psi, cutoff, noise, m);
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(left, r * 784, grid, (r + 1) * w * 784, 784);
      NDArray coarse = rowStyles.get(r + ":" + (r + 1)).repeat(0, cols.length);
      float[] mixed = gan.render(StyleGan.mix(coarse, colStyles, crossover), psi, cutoff, noise, m);
      System.arraycopy(mixed, 0, grid, ((r + 1) * w + 1) * 784, mixed.length);
    }
    return grid;
  }

  /** [-1, 1] → [0, 1], clipped, as the PNG writers take for image runs. */
  private static float[] scale(float[] x) {
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.max(0f, Math.min(1f, (x[i] + 1) / 2));
    }
    return x;
  }
}
