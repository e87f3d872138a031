package dev.fabrica.data.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Rows kept between pipeline passes: as the row objects themselves while their estimated size fits
 * the memory budget (no encoding cost for tables that fit), otherwise in a compact binary form,
 * in memory up to the budget and then in a temporary file, so a table larger than the heap streams
 * through with bounded memory. Infers the column types of what it holds and counts rows per split.
 *
 * <p>Encoding per row: varint line, split byte, varint cell count, then per cell a tag (0 null, 1
 * string, 2 long, 3 double, 4 true, 5 false, 6 image) and its payload.
 */
public final class RowStore implements Dataset, AutoCloseable {
  private static final int BLOCK = 1 << 20;

  private final List<String> names;
  private final long memoryBudget;
  private final Path tmpDir;
  private final TypeTracker types;
  private final List<byte[]> memBlocks = new ArrayList<>();
  private final List<Integer> memLengths = new ArrayList<>();
  private final List<Integer> fileLengths = new ArrayList<>();
  private Path spillFile;
  private FileChannel spill;
  private byte[] block = new byte[BLOCK];
  private int pos;
  private long rows;
  private final long[] splitCounts = new long[4];
  private byte[] scratch = new byte[256];
  private int scratchPos;
  private Schema schema;
  /** The rows themselves until they outgrow the budget; then null and everything is encoded. */
  private List<Row> objects = new ArrayList<>();
  private long objectBytes;

  /**
   * @param names column names
   * @param memoryBudget bytes kept in memory before spilling to {@code tmpDir}
   */
  public RowStore(List<String> names, long memoryBudget, Path tmpDir) {
    this.names = List.copyOf(names);
    this.memoryBudget = memoryBudget;
    this.tmpDir = tmpDir;
    this.types = new TypeTracker(names);
  }

  /** A store with the default budget: an eighth of the maximum heap. */
  public static RowStore withDefaultBudget(List<String> names, Path tmpDir) {
    return new RowStore(names, Runtime.getRuntime().maxMemory() / 8, tmpDir);
  }

  public List<String> names() {
    return names;
  }

  /** Appends a row; the store takes it over, so the caller must not change it afterwards. */
  public void append(Row row) {
    if (schema != null) {
      throw new IllegalStateException("store is finished");
    }
    types.accept(row);
    rows++;
    splitCounts[row.split() + 1]++;
    if (objects != null) {
      objects.add(row);
      objectBytes += estimate(row);
      if (objectBytes > memoryBudget) {
        for (Row r : objects) {
          encode(r);
        }
        objects = null;
      }
      return;
    }
    encode(row);
  }

  /** Rough heap bytes of a row object and its cells. */
  private static long estimate(Row row) {
    long b = 32 + 16 + 8L * row.size();
    for (int i = 0; i < row.size(); i++) {
      Object v = row.get(i);
      if (v instanceof String s) {
        b += 48 + 2L * s.length();
      } else if (v instanceof Image img) {
        b += 64 + img.pixels().length;
      } else if (v != null) {
        b += 16;
      }
    }
    return b;
  }

  private void encode(Row row) {
    scratchPos = 0;
    putVarLong(row.line());
    putByte(row.split());
    putVarLong(row.size());
    for (int i = 0; i < row.size(); i++) {
      putCell(row.get(i));
    }
    write(scratch, 0, scratchPos);
  }

  /** Seals the store; afterwards it can be read and {@link #schema()} holds the inferred types. */
  public RowStore finish() {
    if (schema == null) {
      flushBlock();
      block = null;
      schema = types.schema();
    }
    return this;
  }

  @Override
  public Schema schema() {
    if (schema == null) {
      throw new IllegalStateException("finish() the store first");
    }
    return schema;
  }

  @Override
  public long size() {
    return rows;
  }

  /** The types of the columns' values, {@link ColumnType#EMPTY} where a column holds none. */
  public ColumnType[] columnTypes() {
    return types.types();
  }

  /** Rows with the split code ({@link Row#NO_SPLIT}, TRAIN, VAL, TEST). */
  public long size(byte split) {
    return splitCounts[split + 1];
  }

  /** True when some bytes went to disk. */
  public boolean spilled() {
    return spillFile != null;
  }

  @Override
  public void forEach(Consumer<? super Row> consumer) {
    finish();
    if (objects != null) {
      for (Row r : objects) {
        consumer.accept(r.copy());
      }
      return;
    }
    Decoder d = new Decoder();
    for (int b = 0; b < memBlocks.size(); b++) {
      d.feed(memBlocks.get(b), memLengths.get(b), consumer);
    }
    if (spill != null) {
      try {
        long offset = 0;
        for (int len : fileLengths) {
          ByteBuffer buf = ByteBuffer.allocate(len);
          while (buf.hasRemaining()) {
            int n = spill.read(buf, offset + buf.position());
            if (n < 0) {
              throw new IOException("spill file truncated");
            }
          }
          d.feed(buf.array(), len, consumer);
          offset += len;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read spill file " + spillFile, e);
      }
    }
    if (d.pending() != 0) {
      throw new IllegalStateException("row store is corrupt: " + d.pending() + " trailing bytes");
    }
  }

  /**
   * Reads every row, handing out the stored rows themselves (no copies): for consumers that only
   * read them, such as writers.
   */
  public void forEachReadOnly(Consumer<? super Row> consumer) {
    finish();
    if (objects == null) {
      forEach(consumer);
      return;
    }
    for (Row r : objects) {
      consumer.accept(r);
    }
  }

  /**
   * Reads every row once, handing out the stored rows themselves (no copies) and letting go of
   * them as it goes: for a store read by a single pass and then closed.
   */
  public void drain(Consumer<? super Row> consumer) {
    finish();
    if (objects == null) {
      forEach(consumer);
      return;
    }
    List<Row> rowsHeld = objects;
    objects = null;
    for (int i = 0; i < rowsHeld.size(); i++) {
      Row r = rowsHeld.get(i);
      rowsHeld.set(i, null);
      consumer.accept(r);
    }
  }

  /** The rows of one split, as a dataset of their own. */
  public Dataset split(byte split) {
    RowStore self = this;
    return new Dataset() {
      @Override
      public Schema schema() {
        return self.schema();
      }

      @Override
      public long size() {
        return self.size(split);
      }

      @Override
      public void forEach(Consumer<? super Row> consumer) {
        self.forEach(
            r -> {
              if (r.split() == split) {
                consumer.accept(r);
              }
            });
      }
    };
  }

  @Override
  public void close() {
    memBlocks.clear();
    objects = null;
    if (spill != null) {
      try {
        spill.close();
        Files.deleteIfExists(spillFile);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      spill = null;
    }
  }

  // ---- encoding

  private void putCell(Object v) {
    if (v == null) {
      putByte((byte) 0);
    } else if (v instanceof String s) {
      putByte((byte) 1);
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      putVarLong(b.length);
      putBytes(b);
    } else if (v instanceof Long || v instanceof Integer) {
      putByte((byte) 2);
      putLong(((Number) v).longValue());
    } else if (v instanceof Double || v instanceof Float) {
      putByte((byte) 3);
      putLong(Double.doubleToRawLongBits(((Number) v).doubleValue()));
    } else if (v instanceof Boolean b) {
      putByte(b ? (byte) 4 : (byte) 5);
    } else if (v instanceof Image img) {
      putByte((byte) 6);
      putVarLong(img.height());
      putVarLong(img.width());
      putVarLong(img.channels());
      putBytes(img.pixels());
    } else {
      throw new IllegalArgumentException("cannot store a cell of " + v.getClass().getName());
    }
  }

  private void ensure(int n) {
    if (scratchPos + n > scratch.length) {
      scratch = java.util.Arrays.copyOf(scratch, Math.max(scratch.length * 2, scratchPos + n));
    }
  }

  private void putByte(byte b) {
    ensure(1);
    scratch[scratchPos++] = b;
  }

  private void putBytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, scratch, scratchPos, b.length);
    scratchPos += b.length;
  }

  private void putLong(long v) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      scratch[scratchPos++] = (byte) (v >>> (8 * i));
    }
  }

  private void putVarLong(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      scratch[scratchPos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    scratch[scratchPos++] = (byte) v;
  }

  private void write(byte[] src, int off, int len) {
    while (len > 0) {
      int n = Math.min(len, BLOCK - pos);
      System.arraycopy(src, off, block, pos, n);
      pos += n;
      off += n;
      len -= n;
      if (pos == BLOCK) {
        flushBlock();
      }
    }
  }

  private void flushBlock() {
    if (pos == 0) {
      return;
    }
    if (spill == null && (long) (memBlocks.size() + 1) * BLOCK <= memoryBudget) {
      memBlocks.add(block);
      memLengths.add(pos);
      block = new byte[BLOCK];
    } else {
      try {
        if (spill == null) {
          Files.createDirectories(tmpDir);
          spillFile = Files.createTempFile(tmpDir, "fabrica-rows-", ".bin");
          spillFile.toFile().deleteOnExit();
          spill =
              FileChannel.open(
                  spillFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        ByteBuffer buf = ByteBuffer.wrap(block, 0, pos);
        while (buf.hasRemaining()) {
          spill.write(buf);
        }
        fileLengths.add(pos);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot spill rows to " + tmpDir, e);
      }
    }
    pos = 0;
  }

  /** Decodes rows from consecutive blocks; a row may straddle two blocks. */
  private final class Decoder {
    private byte[] carry = new byte[0];
    private byte[] buf;
    private int p;
    private int end;

    int pending() {
      return carry.length;
    }

    void feed(byte[] block, int len, Consumer<? super Row> consumer) {
      if (carry.length > 0) {
        byte[] joined = new byte[carry.length + len];
        System.arraycopy(carry, 0, joined, 0, carry.length);
        System.arraycopy(block, 0, joined, carry.length, len);
        buf = joined;
        end = joined.length;
      } else {
        buf = block;
        end = len;
      }
      p = 0;
      while (p < end) {
        int start = p;
        Row r;
        try {
          r = readRow();
        } catch (ArrayIndexOutOfBoundsException partial) {
          carry = java.util.Arrays.copyOfRange(buf, start, end);
          return;
        }
        if (r == null) {
          carry = java.util.Arrays.copyOfRange(buf, start, end);
          return;
        }
        consumer.accept(r);
      }
      carry = new byte[0];
    }

    /** A row, or null when the bytes run out before its end. */
    private Row readRow() {
      long line = varLong();
      byte split = get();
      int n = (int) varLong();
      Object[] values = new Object[n];
      for (int i = 0; i < n; i++) {
        byte tag = get();
        switch (tag) {
          case 0 -> values[i] = null;
          case 1 -> {
            int len = (int) varLong();
            need(len);
            values[i] = new String(buf, p, len, StandardCharsets.UTF_8);
            p += len;
          }
          case 2 -> values[i] = rawLong();
          case 3 -> values[i] = Double.longBitsToDouble(rawLong());
          case 4 -> values[i] = Boolean.TRUE;
          case 5 -> values[i] = Boolean.FALSE;
          case 6 -> {
            int h = (int) varLong();
            int w = (int) varLong();
            int c = (int) varLong();
            int len = h * w * c;
            need(len);
            values[i] = new Image(h, w, c, java.util.Arrays.copyOfRange(buf, p, p + len));
            p += len;
          }
          default -> throw new IllegalStateException("row store is corrupt: tag " + tag);
        }
      }
      return new Row(values, line, split);
    }

    private void need(int n) {
      if (p + n > end) {
        throw new ArrayIndexOutOfBoundsException();
      }
    }

    private byte get() {
      if (p >= end) {
        throw new ArrayIndexOutOfBoundsException();
      }
      return buf[p++];
    }

    private long rawLong() {
      need(8);
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v |= (buf[p++] & 0xFFL) << (8 * i);
      }
      return v;
    }

    private long varLong() {
      long v = 0;
      int shift = 0;
      while (true) {
        byte b = get();
        v |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return v;
        }
        shift += 7;
      }
    }
  }
}
