package dev.fabrica.data.table;

import java.util.Arrays;

/**
 * One record flowing through the pipeline. Cells are {@code null} (missing), {@link String}, {@link
 * Long}, {@link Double}, {@link Boolean} or {@link Image}. A row belongs to the step that holds it:
 * steps may change its cells in place before passing it on.
 */
public final class Row implements java.io.Serializable {
  /** Split codes. */
  public static final byte NO_SPLIT = -1;

  public static final byte TRAIN = 0;
  public static final byte VAL = 1;
  public static final byte TEST = 2;

  private static final String[] SPLIT_NAMES = {"train", "val", "test"};

  private Object[] values;
  /** Where the row came from: 1-based line of a text file or record number of other inputs. */
  private final long line;

  private byte split;
  /**
   * Where the row stands among the rows made from the same input record, in the order the embedded
   * engine emits them: 0 for a record as read. An engine that shuffles rows (Spark) restores input
   * order by (line, order); see {@link #derive}.
   */
  private int order;

  public Row(Object[] values, long line) {
    this(values, line, NO_SPLIT);
  }

  public Row(Object[] values, long line, byte split) {
    this.values = values;
    this.line = line;
    this.split = split;
  }

  public Object get(int i) {
    return values[i];
  }

  public void set(int i, Object v) {
    values[i] = v;
  }

  public int size() {
    return values.length;
  }

  public Object[] values() {
    return values;
  }

  public long line() {
    return line;
  }

  public byte split() {
    return split;
  }

  public void setSplit(byte split) {
    this.split = split;
  }

  /** The row's place among the rows of its input record ({@link #derive}); 0 for a row as read. */
  public int order() {
    return order;
  }

  /**
   * Numbers row {@code k} of the {@code of} rows a step makes from this one (k = 0 the row itself
   * when the step keeps it first): its order becomes {@code order·of + k}, so sorting by (line,
   * order) puts every record's rows in the sequence a one-pass engine emits them, however many
   * such steps ran.
   *
   * @throws IllegalStateException when so many rows come from one record that the order overflows
   */
  public void derive(int k, int of) {
    try {
      order = Math.addExact(Math.multiplyExact(order, of), k);
    } catch (ArithmeticException e) {
      throw new IllegalStateException("line " + line + ": too many rows made from one record to keep their order", e);
    }
  }

  /** Appends a cell, for steps that add a column. */
  public void append(Object v) {
    values = Arrays.copyOf(values, values.length + 1);
    values[values.length - 1] = v;
  }

  /** A deep-enough copy: a new cell array sharing the immutable cells. */
  public Row copy() {
    Row r = new Row(values.clone(), line, split);
    r.order = order;
    return r;
  }

  /** "train", "val", "test" or "none". */
  public static String splitName(byte split) {
    return split < 0 ? "none" : SPLIT_NAMES[split];
  }

  /** The code of a split name. */
  public static byte splitCode(String name) {
    for (byte i = 0; i < SPLIT_NAMES.length; i++) {
      if (SPLIT_NAMES[i].equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("unknown split '" + name + "'");
  }

  @Override
  public String toString() {
    return "Row(line " + line + ", " + splitName(split) + ")" + Arrays.toString(values);
  }
}
