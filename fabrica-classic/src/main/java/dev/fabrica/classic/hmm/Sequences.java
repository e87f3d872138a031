package dev.fabrica.classic.hmm;

import dev.fabrica.core.BadInputException;
import java.util.Arrays;
import java.util.List;

/**
 * A batch of observation sequences of possibly different lengths, all with the same number of
 * features {@code dim}. Each sequence is stored flat, row-major, as {@code T × dim} doubles; symbols
 * of a categorical HMM are stored as whole numbers. Immutable: the factories copy their input and
 * check that every value is finite and every sequence has at least two steps. Serializable, so
 * that a slice can be shipped to where its E-step runs.
 */
public final class Sequences implements java.io.Serializable {
  private final double[][] data;
  private final int dim;

  private Sequences(double[][] data, int dim) {
    this.data = data;
    this.dim = dim;
  }

  /** Sequences of symbols {@code 0..K-1} (one feature per step). */
  public static Sequences ofSymbols(int[]... sequences) {
    return ofSymbols(Arrays.asList(sequences));
  }

  /** Sequences of symbols {@code 0..K-1} (one feature per step). */
  public static Sequences ofSymbols(List<int[]> sequences) {
    double[][] data = new double[nonEmpty(sequences)][];
    for (int i = 0; i < data.length; i++) {
      int[] s = sequences.get(i);
      checkLength(i, s == null ? -1 : s.length);
      data[i] = new double[s.length];
      for (int t = 0; t < s.length; t++) {
        data[i][t] = s[t];
      }
    }
    return new Sequences(data, 1);
  }

  /** Sequences of scalars (one feature per step). */
  public static Sequences ofScalars(double[]... sequences) {
    double[][] data = new double[nonEmpty(Arrays.asList(sequences))][];
    for (int i = 0; i < data.length; i++) {
      double[] s = sequences[i];
      checkLength(i, s == null ? -1 : s.length);
      data[i] = s.clone();
      checkFinite(data[i], i, 1);
    }
    return new Sequences(data, 1);
  }

  /** Sequences of feature vectors, each {@code [T][dim]}. */
  public static Sequences ofVectors(double[][]... sequences) {
    return ofVectors(Arrays.asList(sequences));
  }

  /** Sequences of feature vectors, each {@code [T][dim]}. */
  public static Sequences ofVectors(List<double[][]> sequences) {
    double[][] data = new double[nonEmpty(sequences)][];
    int dim = -1;
    for (int i = 0; i < data.length; i++) {
      double[][] s = sequences.get(i);
      checkLength(i, s == null ? -1 : s.length);
      for (int t = 0; t < s.length; t++) {
        int d = s[t] == null ? 0 : s[t].length;
        if (d == 0) {
          throw new BadInputException("sequence " + i + ", step " + t + " has no features");
        }
        if (dim < 0) {
          dim = d;
        } else if (d != dim) {
          throw new BadInputException("sequence " + i + ", step " + t + " has " + d
              + " features but the first step of sequence 0 has " + dim);
        }
      }
      data[i] = new double[s.length * dim];
      for (int t = 0; t < s.length; t++) {
        System.arraycopy(s[t], 0, data[i], t * dim, dim);
      }
      checkFinite(data[i], i, dim);
    }
    return new Sequences(data, dim);
  }

  /** Wraps flat arrays this package made itself; no copy, no check. */
  static Sequences wrap(double[][] flat, int dim) {
    return new Sequences(flat, dim);
  }

  private static int nonEmpty(List<?> sequences) {
    if (sequences == null || sequences.isEmpty()) {
      throw new BadInputException("no sequences given: need at least one sequence of 2 or more steps");
    }
    return sequences.size();
  }

  private static void checkLength(int i, int length) {
    if (length < 0) {
      throw new BadInputException("sequence " + i + " is missing (null)");
    }
    if (length < 2) {
      throw new BadInputException(
          "sequence " + i + " has " + length + " step(s); every sequence needs at least 2 steps");
    }
  }

  private static void checkFinite(double[] flat, int i, int dim) {
    for (int k = 0; k < flat.length; k++) {
      if (!Double.isFinite(flat[k])) {
        throw new BadInputException("sequence " + i + ", step " + k / dim
            + (dim > 1 ? ", feature " + k % dim : "") + ": observation is " + flat[k]
            + "; observations must be finite numbers");
      }
    }
  }

  /** Number of sequences. */
  public int size() {
    return data.length;
  }

  /** Features per step. */
  public int dim() {
    return dim;
  }

  /** Steps in sequence {@code i}. */
  public int length(int i) {
    return data[i].length / dim;
  }

  /** Steps over all sequences. */
  public long totalSteps() {
    long n = 0;
    for (double[] d : data) {
      n += d.length / dim;
    }
    return n;
  }

  /** Length of the longest sequence. */
  public int maxLength() {
    int m = 0;
    for (int i = 0; i < data.length; i++) {
      m = Math.max(m, length(i));
    }
    return m;
  }

  /** Sequence {@code i} as symbols (a copy). */
  public int[] symbols(int i) {
    int[] s = new int[data[i].length];
    for (int t = 0; t < s.length; t++) {
      s[t] = (int) data[i][t];
    }
    return s;
  }

  /** Sequence {@code i} as {@code [T][dim]} (a copy). */
  public double[][] vectors(int i) {
    double[][] v = new double[length(i)][];
    for (int t = 0; t < v.length; t++) {
      v[t] = Arrays.copyOfRange(data[i], t * dim, (t + 1) * dim);
    }
    return v;
  }

  /** The flat {@code T × dim} array of sequence {@code i}, shared: callers must not write to it. */
  double[] raw(int i) {
    return data[i];
  }

  /** Sequences {@code from .. to-1}, sharing this batch's arrays (both are immutable). */
  public Sequences slice(int from, int to) {
    if (from < 0 || to > data.length || from > to) {
      throw new IndexOutOfBoundsException("slice " + from + ".." + to + " of " + data.length + " sequences");
    }
    return new Sequences(Arrays.copyOfRange(data, from, to), dim);
  }

  /** Sequence {@code i} alone. */
  public Sequences only(int i) {
    return new Sequences(new double[][] {data[i]}, dim);
  }
}
