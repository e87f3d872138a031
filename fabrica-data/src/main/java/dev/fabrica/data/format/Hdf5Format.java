package dev.fabrica.data.format;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.table.Cells;
import dev.fabrica.data.table.Column;
import dev.fabrica.data.table.Dataset;
import dev.fabrica.data.table.Image;
import dev.fabrica.data.table.Schema;
import io.jhdf.HdfFile;
import io.jhdf.WritableDatasetImpl;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import io.jhdf.object.datatype.FixedPoint;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * HDF5 files written with jhdf, one dataset per column at the root, named by the column, with a
 * root attribute {@code rows} (int64) holding the row count.
 *
 * <p>Layout, for N rows: INTEGER → int64 (N); DOUBLE → float64 (N), a missing value is NaN; BOOLEAN
 * → uint8 (N), 0 or 1; STRING → fixed-length UTF-8 strings (N) (h5py reads them as bytes; {@code
 * ds.asstr()[()]} decodes); IMAGE → uint8 (N, H, W) when every image is grey, else (N, H, W, C), all
 * images of one shape. Missing values other than doubles are stored as 0, the empty string or a
 * black image, and flagged in a companion uint8 dataset {@code <col>__missing} (1 = missing),
 * written only for columns that have a missing value. A table of no rows has only the attribute
 * (HDF5 as jhdf writes it cannot hold empty datasets).
 *
 * <p>jhdf 0.9.4 writes Java bytes as signed int8; to store uint8 this class swaps the dataset's
 * datatype for an unsigned 8-bit one before the file is written (the bytes are the same).
 */
public final class Hdf5Format implements RowWriter {
  /** Suffix of the dataset that flags a column's missing values. */
  public static final String MISSING_SUFFIX = "__missing";

  @Override
  public String name() {
    return "hdf5";
  }

  @Override
  public String extension() {
    return "h5";
  }

  @Override
  public void write(Dataset data, Path file) throws IOException {
    Schema schema = data.schema();
    for (Column c : schema.columns()) {
      if (c.name().contains("/") || c.name().equals(".")) {
        throw new BadInputException(
            file + ": column '" + c.name() + "' cannot name an HDF5 dataset ('/' separates groups);"
                + " rename it first");
      }
      if (schema.has(c.name() + MISSING_SUFFIX)) {
        throw new BadInputException(file + ": columns '" + c.name() + "' and '" + c.name()
            + MISSING_SUFFIX + "' clash (the second name flags the first's missing values)");
      }
    }
    int n = Math.toIntExact(data.size());
    ColumnBuffer[] cols = new ColumnBuffer[schema.size()];
    for (int i = 0; i < cols.length; i++) {
      cols[i] = new ColumnBuffer(schema.column(i), n, file);
    }
    int[] at = {0};
    data.forEach(
        row -> {
          for (int i = 0; i < cols.length; i++) {
            cols[i].set(at[0], row.get(i), row.line());
          }
          at[0]++;
        });
    try (WritableHdfFile h5 = HdfFile.write(file)) {
      h5.putAttribute("rows", (long) n);
      if (n == 0) {
        return;
      }
      for (ColumnBuffer c : cols) {
        c.put(h5);
      }
    } catch (io.jhdf.exceptions.HdfException e) {
      throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Puts a byte array of any rank as a uint8 dataset. */
  static void putUint8(WritableHdfFile h5, String name, Object bytes) {
    WritableDataset ds = h5.putDataset(name, bytes);
    try {
      Field f = WritableDatasetImpl.class.getDeclaredField("dataType");
      f.setAccessible(true);
      // datatype message: version 1 class 0 (fixed point), no flags (little-endian, unsigned),
      // size 1 byte, bit offset 0, precision 8
      byte[] msg = {0x10, 0, 0, 0, 1, 0, 0, 0, 0, 0, 8, 0};
      f.set(ds, new FixedPoint(ByteBuffer.wrap(msg).order(ByteOrder.LITTLE_ENDIAN)));
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "this jhdf version cannot be made to write uint8 datasets; check Hdf5Format", e);
    }
  }

  /** One column's values, gathered for writing. */
  private static final class ColumnBuffer {
    private final Column col;
    private final Path file;
    private final int n;
    private long[] longs;
    private double[] doubles;
    private byte[] bytes;
    private String[] strings;
    private byte[][] pixels;
    private int[] shape;
    private boolean anyColour;
    private byte[] missing;

    ColumnBuffer(Column col, int n, Path file) {
      this.col = col;
      this.n = n;
      this.file = file;
      switch (col.type()) {
        case INTEGER -> longs = new long[n];
        case DOUBLE -> doubles = new double[n];
        case BOOLEAN -> bytes = new byte[n];
        case IMAGE -> pixels = new byte[n][];
        default -> {
          strings = new String[n];
          Arrays.fill(strings, "");
        }
      }
    }

    void set(int i, Object v, long line) {
      if (v == null) {
        if (doubles != null) {
          doubles[i] = Double.NaN;
          return;
        }
        if (missing == null) {
          missing = new byte[n];
        }
        missing[i] = 1;
        return;
      }
      try {
        switch (col.type()) {
          case INTEGER -> longs[i] = Cells.asLong(v);
          case DOUBLE -> doubles[i] = Cells.asDouble(v);
          case BOOLEAN -> bytes[i] = (byte) (Cells.asBoolean(v) ? 1 : 0);
          case IMAGE -> setImage(i, v);
          default -> strings[i] = Cells.asText(v);
        }
      } catch (IllegalArgumentException e) {
        throw new BadInputException(
            file + ": row " + line + ", column '" + col.name() + "': " + e.getMessage());
      }
    }

    private void setImage(int i, Object v) {
      if (!(v instanceof Image img)) {
        throw new IllegalArgumentException("'" + Cells.preview(v) + "' is not an image");
      }
      int[] s = {img.height(), img.width(), img.channels()};
      if (shape == null) {
        shape = s;
      } else if (!Arrays.equals(shape, s)) {
        throw new IllegalArgumentException("HDF5 needs images of one shape; the first is "
            + shape[0] + "x" + shape[1] + "x" + shape[2] + ", this one " + s[0] + "x" + s[1] + "x" + s[2]);
      }
      anyColour |= img.channels() > 1;
      pixels[i] = img.pixels();
    }

    void put(WritableHdfFile h5) {
      String name = col.name();
      if (longs != null) {
        h5.putDataset(name, longs);
      } else if (doubles != null) {
        h5.putDataset(name, doubles);
      } else if (bytes != null) {
        putUint8(h5, name, bytes);
      } else if (strings != null) {
        h5.putDataset(name, strings);
      } else {
        putUint8(h5, name, imageArray());
      }
      if (missing != null) {
        putUint8(h5, name + MISSING_SUFFIX, missing);
      }
    }

    /** byte[N][H][W] or byte[N][H][W][C]; missing images are black. */
    private Object imageArray() {
      int[] s = shape == null ? new int[] {1, 1, 1} : shape;
      int h = s[0];
      int w = s[1];
      int c = s[2];
      if (!anyColour) {
        byte[][][] out = new byte[n][h][w];
        for (int i = 0; i < n; i++) {
          if (pixels[i] != null) {
            for (int y = 0; y < h; y++) {
              System.arraycopy(pixels[i], y * w, out[i][y], 0, w);
            }
          }
        }
        return out;
      }
      byte[][][][] out = new byte[n][h][w][c];
      for (int i = 0; i < n; i++) {
        if (pixels[i] != null) {
          for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
              System.arraycopy(pixels[i], (y * w + x) * c, out[i][y][x], 0, c);
            }
          }
        }
      }
      return out;
    }
  }
}
