package dev.fabrica.cli;

import dev.fabrica.classic.hmm.CategoricalEmission;
import dev.fabrica.classic.hmm.GaussianEmission;
import dev.fabrica.classic.hmm.HmmModel;
import dev.fabrica.classic.hmm.TextSymbols;
import dev.fabrica.core.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded data for {@code fabrica bench classic}, and its export as NumPy {@code .npy} files (format
 * 1.0, little-endian) so that scikit-learn and hmmlearn run on the identical numbers.
 */
final class ClassicBenchData {
  /** English fortunes, read in this order until enough letters are collected. */
  static final List<String> FORTUNES = List.of("fortunes", "literature", "riddles", "wisdom", "people", "science",
      "computers", "education", "definitions", "cookie");
  static final Path FORTUNE_DIR = Path.of("/usr/share/games/fortunes");

  private ClassicBenchData() {}

  /** A labelled dense matrix: {@code x} (rows, features), {@code y} class indexes. */
  record Labelled(double[][] x, int[] y, int classes) {}

  /** Sequences {@code [seq][T][dim]} and the starting model EM begins from. */
  record Hmm(List<double[][]> sequences, HmmModel start, String source) {}

  /**
   * Gaussian class clusters: class c has centre μ_cj ~ N(0, 0.5²) and spread σ_cj ~ U(0.5, 2);
   * y is uniform over classes and x_j = μ_yj + σ_yj z, z ~ N(0, 1).
   */
  static Labelled gaussianClusters(int rows, int features, int classes, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] mu = new double[classes][features];
    double[][] sd = new double[classes][features];
    for (int c = 0; c < classes; c++) {
      for (int j = 0; j < features; j++) {
        mu[c][j] = 0.5 * rng.nextGaussian();
        sd[c][j] = 0.5 + 1.5 * rng.nextDouble();
      }
    }
    double[][] x = new double[rows][features];
    int[] y = new int[rows];
    for (int i = 0; i < rows; i++) {
      int c = rng.nextInt(classes);
      y[i] = c;
      for (int j = 0; j < features; j++) {
        x[i][j] = mu[c][j] + sd[c][j] * rng.nextGaussian();
      }
    }
    return new Labelled(x, y, classes);
  }

  /**
   * Word counts: class c has word probabilities θ_c ∝ E_ck², E ~ Exp(1) (a skewed Dirichlet-like
   * draw); a row of class y has L ~ U{20..99} words, each drawn from θ_y.
   */
  static Labelled multinomialCounts(int rows, int words, int classes, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] cdf = new double[classes][words];
    for (int c = 0; c < classes; c++) {
      double total = 0;
      for (int k = 0; k < words; k++) {
        double e = -Math.log(1 - rng.nextDouble());
        total += e * e;
        cdf[c][k] = total;
      }
      for (int k = 0; k < words; k++) {
        cdf[c][k] /= total;
      }
    }
    double[][] x = new double[rows][words];
    int[] y = new int[rows];
    for (int i = 0; i < rows; i++) {
      int c = rng.nextInt(classes);
      y[i] = c;
      int length = 20 + rng.nextInt(80);
      for (int w = 0; w < length; w++) {
        int k = Arrays.binarySearch(cdf[c], rng.nextDouble());
        x[i][Math.min(words - 1, k < 0 ? -k - 1 : k)]++;
      }
    }
    return new Labelled(x, y, classes);
  }

  /**
   * Sequences sampled from a known 4-state diagonal Gaussian HMM (sticky transitions a_ii = 0.9,
   * state means 2 apart, variances in [0.5, 1.5]); EM starts from the true means plus N(0, 0.75²)
   * noise, unit variances, a_ii = 0.7 and a uniform π.
   */
  static Hmm gaussianHmm(int sequences, int steps, int features, int states, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] means = new double[states][features];
    double[][] vars = new double[states][features];
    double[][] startMeans = new double[states][features];
    double[][] startVars = new double[states][features];
    for (int s = 0; s < states; s++) {
      for (int f = 0; f < features; f++) {
        means[s][f] = 2.0 * s + (f % 2 == 0 ? 0 : -1.0 * s) + 0.3 * f;
        vars[s][f] = 0.5 + rng.nextDouble();
        startMeans[s][f] = means[s][f] + 0.75 * rng.nextGaussian();
        startVars[s][f] = 1.0;
      }
    }
    HmmModel truth = new HmmModel(uniform(states), sticky(states, 0.9), GaussianEmission.diag(means, vars));
    List<double[][]> data = new ArrayList<>();
    for (int i = 0; i < sequences; i++) {
      data.add(truth.sample(steps, seed + 1 + i, null).observations());
    }
    HmmModel start = new HmmModel(uniform(states), sticky(states, 0.7), GaussianEmission.diag(startMeans, startVars));
    return new Hmm(data, start, "sampled from a 4-state diagonal Gaussian HMM");
  }

  /**
   * One sequence of {@code length} letters ({@link TextSymbols#letters()}: space and a–z) of the English
   * fortunes when installed, else sampled from a 2-state categorical HMM over the same 27 symbols; EM
   * starts from a_ii = 0.6, uniform π and seeded random emission rows.
   */
  static Hmm categoricalHmm(int length, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int k = TextSymbols.letters().size();
    int[] symbols = fortuneLetters(length);
    String source;
    if (symbols != null) {
      source = "English fortunes " + FORTUNE_DIR + "/{" + String.join(",", FORTUNES) + "} (read in order)";
    } else {
      HmmModel truth = new HmmModel(uniform(2), sticky(2, 0.8), new CategoricalEmission(randomRows(2, k, rng)));
      symbols = truth.sample(length, seed + 1, null).symbols();
      source = "sampled from a 2-state categorical HMM (fortunes not installed)";
    }
    double[][] seq = new double[length][1];
    for (int t = 0; t < length; t++) {
      seq[t][0] = symbols[t];
    }
    HmmModel start = new HmmModel(uniform(2), sticky(2, 0.6), new CategoricalEmission(randomRows(2, k, rng)));
    return new Hmm(List.<double[][]>of(seq), start, source);
  }

  private static int[] fortuneLetters(int length) {
    StringBuilder text = new StringBuilder();
    for (String name : FORTUNES) {
      Path f = FORTUNE_DIR.resolve(name);
      if (Files.isRegularFile(f)) {
        try {
          text.append(Files.readString(f, StandardCharsets.ISO_8859_1)).append('\n');
        } catch (IOException e) {
          return null;
        }
        int[] s = TextSymbols.letters().encode(text.toString());
        if (s.length >= length) {
          return Arrays.copyOf(s, length);
        }
      }
    }
    return null;
  }

  private static double[] uniform(int n) {
    double[] p = new double[n];
    Arrays.fill(p, 1.0 / n);
    return p;
  }

  private static double[][] sticky(int n, double stay) {
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        a[i][j] = n == 1 ? 1 : i == j ? stay : (1 - stay) / (n - 1);
      }
    }
    return a;
  }

  private static double[][] randomRows(int n, int k, SplittableRandom rng) {
    double[][] p = new double[n][k];
    for (int i = 0; i < n; i++) {
      double total = 0;
      for (int s = 0; s < k; s++) {
        p[i][s] = 0.2 + rng.nextDouble();
        total += p[i][s];
      }
      for (int s = 0; s < k; s++) {
        p[i][s] /= total;
      }
    }
    return p;
  }

  /** Writes x.npy (float64) and y.npy (int64) into {@code dir}. */
  static void export(Labelled d, Path dir) throws IOException {
    Files.createDirectories(dir);
    npy(dir.resolve("x.npy"), d.x(), false);
    double[][] y = new double[d.y().length][];
    for (int i = 0; i < y.length; i++) {
      y[i] = new double[] {d.y()[i]};
    }
    npy(dir.resolve("y.npy"), y, true);
  }

  /** Writes x.npy (all steps, float64, or int64 symbols), lengths.npy and start.json into {@code dir}. */
  static void export(Hmm d, Path dir, boolean symbols) throws IOException {
    Files.createDirectories(dir);
    List<double[]> rows = new ArrayList<>();
    double[][] lengths = new double[d.sequences().size()][];
    for (int i = 0; i < lengths.length; i++) {
      rows.addAll(Arrays.asList(d.sequences().get(i)));
      lengths[i] = new double[] {d.sequences().get(i).length};
    }
    npy(dir.resolve("x.npy"), rows.toArray(new double[0][]), symbols);
    npy(dir.resolve("lengths.npy"), lengths, true);
    Map<String, Object> start = new LinkedHashMap<>();
    start.put("startprob", d.start().startProb());
    start.put("transmat", d.start().transmat());
    if (d.start().emission() instanceof GaussianEmission g) {
      start.put("means", g.means());
      double[][][] covs = g.covariances();
      double[][] diag = new double[covs.length][];
      for (int s = 0; s < covs.length; s++) {
        diag[s] = new double[covs[s].length];
        for (int f = 0; f < diag[s].length; f++) {
          diag[s][f] = covs[s][f][f];
        }
      }
      start.put("covars", diag);
    } else if (d.start().emission() instanceof CategoricalEmission c) {
      start.put("emissionprob", c.probs());
    }
    Files.writeString(dir.resolve("start.json"), Json.MAPPER.writeValueAsString(start));
  }

  /** A 2-D .npy file: {@code (rows, columns)}, float64, or int64 when {@code ints} (a column vector when columns is 1). */
  static void npy(Path file, double[][] m, boolean ints) throws IOException {
    int cols = m.length == 0 ? 0 : m[0].length;
    String shape = ints && cols == 1 ? "(" + m.length + ",)" : "(" + m.length + ", " + cols + ")";
    StringBuilder header = new StringBuilder("{'descr': '" + (ints ? "<i8" : "<f8") + "', 'fortran_order': False, 'shape': "
        + shape + ", }");
    while ((10 + header.length() + 1) % 64 != 0) {
      header.append(' ');
    }
    header.append('\n');
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer head = ByteBuffer.allocate(10 + header.length()).order(ByteOrder.LITTLE_ENDIAN);
      head.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
      head.putShort((short) header.length()).put(header.toString().getBytes(StandardCharsets.US_ASCII)).flip();
      ch.write(head);
      ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
      for (double[] row : m) {
        for (double v : row) {
          if (buf.remaining() < 8) {
            buf.flip();
            ch.write(buf);
            buf.clear();
          }
          if (ints) {
            buf.putLong((long) v);
          } else {
            buf.putDouble(v);
          }
        }
      }
      buf.flip();
      ch.write(buf);
    }
  }
}
