package dev.fabrica.data.format;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Cells;
import dev.fabrica.data.table.ColumnType;
import dev.fabrica.data.table.Dataset;
import dev.fabrica.data.table.Image;
import dev.fabrica.data.table.Row;
import dev.fabrica.data.table.Schema;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * The IDX files of MNIST and Fashion-MNIST: a big-endian magic ({@code 0x00000803} for N×H×W uint8
 * images, {@code 0x00000801} for N uint8 labels), the dimensions as big-endian int32, then the
 * bytes. Files may be gzip-compressed; that is detected from their first bytes, not their name.
 *
 * <p>Reading an images file gives an {@code image} column (1 channel) and, when a labels file is
 * found, a {@code label} column (Long). The labels file is the {@code labels:} option (relative to
 * the images file's folder), else the sibling named by replacing {@code images-idx3-ubyte} with
 * {@code labels-idx1-ubyte}, or {@code <stem>.idx} with {@code <stem>-labels.idx}, when it exists.
 * Reading a labels file alone gives just {@code label}.
 *
 * <p>Writing puts the first IMAGE column (all images H×W×1 of one size, none missing) into {@code
 * file} and, when the table has an INTEGER column named {@code label} (values 0..255, none
 * missing), the labels into the sibling {@code <stem>-labels.idx}, e.g. {@code train.idx} and
 * {@code train-labels.idx}. Both are written uncompressed.
 */
public final class IdxFormat implements InputFormat, RowWriter {
  static final int IMAGES_MAGIC = 0x00000803;
  static final int LABELS_MAGIC = 0x00000801;

  @Override
  public String name() {
    return "idx";
  }

  @Override
  public String extension() {
    return "idx";
  }

  /** The labels file written beside {@code imagesFile}: {@code train.idx} → {@code train-labels.idx}. */
  public static Path labelsFileFor(Path imagesFile) {
    String name = imagesFile.getFileName().toString();
    String stem = name.endsWith(".idx") ? name.substring(0, name.length() - 4) : name;
    return imagesFile.resolveSibling(stem + "-labels.idx");
  }

  @Override
  public RowSource open(Path path, Params options) throws IOException {
    Header main = Header.read(path);
    if (main.magic == LABELS_MAGIC) {
      return new Source(null, main);
    }
    Path labelsPath = labelsPath(path, options);
    Header labels = null;
    if (labelsPath != null) {
      labels = Header.read(labelsPath);
      if (labels.magic != LABELS_MAGIC) {
        main.close();
        labels.close();
        throw new BadInputException(labelsPath + ": not an IDX labels file (magic 0x"
            + Integer.toHexString(labels.magic) + ", expected 0x801)");
      }
      if (labels.count != main.count) {
        main.close();
        labels.close();
        throw new BadInputException(labelsPath + ": holds " + labels.count + " labels but "
            + path + " holds " + main.count + " images");
      }
    }
    return new Source(main, labels);
  }

  private static Path labelsPath(Path images, Params options) {
    if (options.has("labels")) {
      Path dir = images.toAbsolutePath().getParent();
      Path p = dir.resolve(options.string("labels", null));
      if (!Files.isRegularFile(p)) {
        throw options.error("labels", "no such file: " + p);
      }
      return p;
    }
    String name = images.getFileName().toString();
    Path guess = null;
    if (name.contains("images-idx3-ubyte")) {
      guess = images.resolveSibling(name.replace("images-idx3-ubyte", "labels-idx1-ubyte"));
    } else if (name.endsWith(".idx")) {
      guess = labelsFileFor(images);
    }
    return guess != null && Files.isRegularFile(guess) ? guess : null;
  }

  /** An open IDX stream positioned after its header. */
  private static final class Header implements AutoCloseable {
    final Path path;
    final DataInputStream in;
    final int magic;
    final int count;
    final int height;
    final int width;

    private Header(Path path, DataInputStream in, int magic, int count, int height, int width) {
      this.path = path;
      this.in = in;
      this.magic = magic;
      this.count = count;
      this.height = height;
      this.width = width;
    }

    static Header read(Path path) throws IOException {
      if (!Files.isRegularFile(path)) {
        throw new BadInputException(path + ": no such file");
      }
      InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
      DataInputStream in = null;
      try {
        raw.mark(2);
        boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
        raw.reset();
        in = new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(raw), 1 << 16) : raw);
        int magic = in.readInt();
        if (magic == LABELS_MAGIC) {
          return new Header(path, in, magic, nonNegative(path, in.readInt()), 0, 0);
        }
        if (magic != IMAGES_MAGIC) {
          throw new BadInputException(path + ": not an IDX file of uint8 images or labels (magic 0x"
              + Integer.toHexString(magic) + ", expected 0x803 or 0x801)");
        }
        int n = nonNegative(path, in.readInt());
        int h = nonNegative(path, in.readInt());
        int w = nonNegative(path, in.readInt());
        if (h == 0 || w == 0) {
          throw new BadInputException(path + ": images of size " + h + "x" + w);
        }
        return new Header(path, in, magic, n, h, w);
      } catch (EOFException e) {
        (in != null ? in : raw).close();
        throw new BadInputException(path + ": truncated IDX header");
      } catch (IOException | RuntimeException e) {
        (in != null ? in : raw).close();
        if (e instanceof java.util.zip.ZipException) {
          throw new BadInputException(path + ": corrupt gzip data (" + e.getMessage() + ")");
        }
        throw e;
      }
    }

    private static int nonNegative(Path path, int v) {
      if (v < 0) {
        throw new BadInputException(path + ": negative dimension " + v + " in the IDX header");
      }
      return v;
    }

    /** The bytes of record {@code record} (1-based), or a truncation error naming it. */
    void readRecord(byte[] into, long record) throws IOException {
      try {
        in.readFully(into);
      } catch (EOFException e) {
        throw new BadInputException(
            path + ": truncated at record " + record + " of " + count + " (file ends early)");
      } catch (java.util.zip.ZipException e) {
        throw new BadInputException(path + ": record " + record + ": corrupt gzip data");
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  private static final class Source implements RowSource {
    private final Header images;
    private final Header labels;

    Source(Header images, Header labels) {
      this.images = images;
      this.labels = labels;
    }

    @Override
    public List<String> columns() {
      if (images == null) {
        return List.of("label");
      }
      return labels == null ? List.of("image") : List.of("image", "label");
    }

    @Override
    public long estimatedRows() {
      return (images != null ? images : labels).count;
    }

    @Override
    public void read(Consumer<Row> sink) throws IOException {
      int n = (int) estimatedRows();
      byte[] label = new byte[1];
      for (int i = 1; i <= n; i++) {
        Object[] values = new Object[columns().size()];
        int c = 0;
        if (images != null) {
          byte[] pixels = new byte[images.height * images.width];
          images.readRecord(pixels, i);
          values[c++] = new Image(images.height, images.width, 1, pixels);
        }
        if (labels != null) {
          labels.readRecord(label, i);
          values[c] = (long) (label[0] & 0xFF);
        }
        sink.accept(new Row(values, i));
      }
    }

    @Override
    public void close() throws IOException {
      try (Header a = images; Header b = labels) {
        // both closed, even if one fails
      }
    }
  }

  @Override
  public void write(Dataset data, Path file) throws IOException {
    Schema schema = data.schema();
    int imageCol = -1;
    for (int i = 0; i < schema.size() && imageCol < 0; i++) {
      if (schema.column(i).type() == ColumnType.IMAGE) {
        imageCol = i;
      }
    }
    if (imageCol < 0) {
      throw new BadInputException(file + ": the idx output needs an image column (columns: "
          + String.join(", ", schema.names()) + ")");
    }
    int labelCol = schema.indexOf("label");
    if (labelCol >= 0 && schema.column(labelCol).type() != ColumnType.INTEGER) {
      labelCol = -1;
    }
    Path labelsFile = labelsFileFor(file);
    int imgIdx = imageCol;
    int lblIdx = labelCol;
    String imgName = schema.column(imageCol).name();
    try (DataOutputStream img = open(file);
        DataOutputStream lbl = labelCol >= 0 ? open(labelsFile) : null) {
      int[] size = new int[2];
      if (lbl != null) {
        lbl.writeInt(LABELS_MAGIC);
        lbl.writeInt(Math.toIntExact(data.size()));
      }
      data.forEach(
          row -> {
            try {
              Object v = row.get(imgIdx);
              if (!(v instanceof Image im) || im.channels() != 1
                  || (size[0] != 0 && (im.height() != size[0] || im.width() != size[1]))) {
                throw new BadInputException(file + ": row " + row.line() + ", column '" + imgName
                    + "': idx needs every image present, grey (1 channel) and of one size"
                    + (size[0] == 0 ? "" : " (" + size[0] + "x" + size[1] + ")") + ", got "
                    + (v == null ? "a missing image" : Cells.preview(v)));
              }
              if (size[0] == 0) {
                size[0] = im.height();
                size[1] = im.width();
                img.writeInt(IMAGES_MAGIC);
                img.writeInt(Math.toIntExact(data.size()));
                img.writeInt(size[0]);
                img.writeInt(size[1]);
              }
              img.write(im.pixels());
              if (lbl != null) {
                lbl.write(label(row, lblIdx, labelsFile));
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
      if (size[0] == 0) {
        throw new BadInputException(file + ": no rows to write; idx cannot store an empty table");
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static int label(Row row, int col, Path labelsFile) {
    Object v = row.get(col);
    long l;
    try {
      l = v == null ? -1 : Cells.asLong(v);
    } catch (NumberFormatException e) {
      l = -1;
    }
    if (l < 0 || l > 255) {
      throw new BadInputException(labelsFile + ": row " + row.line()
          + ", column 'label': idx labels are integers 0..255, got "
          + (v == null ? "a missing value" : Cells.preview(v)));
    }
    return (int) l;
  }

  private static DataOutputStream open(Path p) throws IOException {
    return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(p), 1 << 16));
  }
}
