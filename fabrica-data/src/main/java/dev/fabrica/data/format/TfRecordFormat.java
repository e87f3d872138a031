package dev.fabrica.data.format;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Cells;
import dev.fabrica.data.table.Column;
import dev.fabrica.data.table.ColumnType;
import dev.fabrica.data.table.Dataset;
import dev.fabrica.data.table.Image;
import dev.fabrica.data.table.Row;
import dev.fabrica.data.table.Schema;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * TensorFlow's TFRecord files of {@code tf.train.Example}s, one record per row.
 *
 * <p>Each record is framed as {@code uint64 length, uint32 masked_crc32c(length bytes), data,
 * uint32 masked_crc32c(data)}, all little-endian, where {@code masked(c) = ((c >>> 15) | (c << 17))
 * + 0xa282ead8}. Features, in column order: INTEGER and BOOLEAN columns as {@code int64_list} (true
 * is 1), DOUBLE as {@code float_list} (float32, so precision is lost), STRING as a UTF-8 {@code
 * bytes_list}, IMAGE as a {@code bytes_list} of the raw HWC pixels followed by int64 features
 * {@code <col>/height}, {@code <col>/width}, {@code <col>/channels}. A missing cell omits its
 * features.
 *
 * <p>Reading makes one column per feature key in order of first appearance (an image's three size
 * features fold into its column); an empty list is a missing cell, a float is widened to the double
 * with the same shortest decimal text, and a feature with more than one value is an error.
 */
public final class TfRecordFormat implements InputFormat, RowWriter {
  private static final String[] DIMS = {"/height", "/width", "/channels"};

  @Override
  public String name() {
    return "tfrecord";
  }

  @Override
  public String extension() {
    return "tfrecord";
  }

  @Override
  public void write(Dataset data, Path file) throws IOException {
    Schema schema = data.schema();
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      data.forEach(
          row -> {
            try {
              writeRecord(out, example(schema, row, file));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static byte[] example(Schema schema, Row row, Path file) {
    TfExample ex = new TfExample();
    for (int i = 0; i < schema.size(); i++) {
      Column c = schema.column(i);
      Object v = row.get(i);
      if (v == null) {
        continue;
      }
      try {
        switch (c.type()) {
          case INTEGER -> ex.int64s(c.name(), Cells.asLong(v));
          case BOOLEAN -> ex.int64s(c.name(), Cells.asBoolean(v) ? 1 : 0);
          case DOUBLE -> ex.floats(c.name(), (float) Cells.asDouble(v));
          case IMAGE -> {
            if (!(v instanceof Image img)) {
              throw new IllegalArgumentException("'" + Cells.preview(v) + "' is not an image");
            }
            ex.bytes(c.name(), img.pixels())
                .int64s(c.name() + DIMS[0], img.height())
                .int64s(c.name() + DIMS[1], img.width())
                .int64s(c.name() + DIMS[2], img.channels());
          }
          default -> ex.bytes(c.name(), Cells.asText(v).getBytes(StandardCharsets.UTF_8));
        }
      } catch (IllegalArgumentException e) {
        throw new BadInputException(
            file + ": row " + row.line() + ", column '" + c.name() + "': " + e.getMessage());
      }
    }
    return ex.toBytes();
  }

  /** Writes one framed record. */
  static void writeRecord(OutputStream out, byte[] data) throws IOException {
    byte[] len = ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(data.length).array();
    out.write(len);
    out.write(le32(maskedCrc(len, len.length)));
    out.write(data);
    out.write(le32(maskedCrc(data, data.length)));
  }

  /** The masked CRC32C TFRecord stores. */
  static int maskedCrc(byte[] b, int n) {
    CRC32C crc = new CRC32C();
    crc.update(b, 0, n);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + 0xa282ead8;
  }

  private static byte[] le32(int v) {
    return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
  }

  @Override
  public RowSource open(Path path, Params options) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new BadInputException(path + ": no such file");
    }
    // First pass: verify every record and learn the feature keys, so columns are known up front.
    Set<String> keys = new LinkedHashSet<>();
    long records = scan(path, (n, features) -> keys.addAll(features.keySet()));
    List<String> columns = new ArrayList<>();
    Set<String> images = new LinkedHashSet<>();
    for (String k : keys) {
      if (keys.contains(k + DIMS[0]) && keys.contains(k + DIMS[1]) && keys.contains(k + DIMS[2])) {
        images.add(k);
      }
    }
    for (String k : keys) {
      int slash = k.lastIndexOf('/');
      if (slash < 0 || !images.contains(k.substring(0, slash))
          || !List.of(DIMS).contains(k.substring(slash))) {
        columns.add(k);
      }
    }
    return new Source(path, List.copyOf(columns), images, records);
  }

  private interface RecordSink {
    void accept(long record, Map<String, Object> features);
  }

  /** Streams the decoded records of {@code path}, verifying both checksums; returns the count. */
  private static long scan(Path path, RecordSink sink) throws IOException {
    long record = 0;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
      byte[] head = new byte[12];
      while (true) {
        int got = in.readNBytes(head, 0, 12);
        if (got == 0) {
          return record;
        }
        record++;
        if (got < 12) {
          throw corrupt(path, record, "truncated record header");
        }
        ByteBuffer hb = ByteBuffer.wrap(head).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long len = hb.getLong(0);
        if (hb.getInt(8) != maskedCrc(head, 8)) {
          throw corrupt(path, record, "length checksum mismatch");
        }
        if (len < 0 || len > Integer.MAX_VALUE - 8) {
          throw corrupt(path, record, "implausible record length " + len);
        }
        byte[] data = in.readNBytes((int) len);
        byte[] crc = in.readNBytes(4);
        if (data.length < len || crc.length < 4) {
          throw corrupt(path, record, "truncated record data");
        }
        int stored = ByteBuffer.wrap(crc).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        if (stored != maskedCrc(data, data.length)) {
          throw corrupt(path, record, "data checksum mismatch");
        }
        Map<String, Object> features;
        try {
          features = TfExample.decode(data);
        } catch (IllegalArgumentException e) {
          throw corrupt(path, record, "not a tf.train.Example (" + e.getMessage() + ")");
        }
        sink.accept(record, features);
      }
    }
  }

  private static BadInputException corrupt(Path path, long record, String what) {
    return new BadInputException(path + ": record " + record + ": " + what);
  }

  private static final class Source implements RowSource {
    private final Path path;
    private final List<String> columns;
    private final Set<String> images;
    private final long records;

    Source(Path path, List<String> columns, Set<String> images, long records) {
      this.path = path;
      this.columns = columns;
      this.images = images;
      this.records = records;
    }

    @Override
    public List<String> columns() {
      return columns;
    }

    @Override
    public long estimatedRows() {
      return records;
    }

    @Override
    public void read(Consumer<Row> sink) throws IOException {
      scan(path, (record, features) -> sink.accept(new Row(cells(record, features), record)));
    }

    private Object[] cells(long record, Map<String, Object> features) {
      Object[] values = new Object[columns.size()];
      for (int i = 0; i < values.length; i++) {
        String key = columns.get(i);
        Object f = features.get(key);
        try {
          values[i] = images.contains(key) ? image(key, f, features) : scalar(f);
        } catch (IllegalArgumentException e) {
          throw new BadInputException(
              path + ": record " + record + ", feature '" + key + "': " + e.getMessage());
        }
      }
      return values;
    }

    private static Object image(String key, Object f, Map<String, Object> features) {
      if (f == null || f instanceof List<?> l && l.isEmpty()) {
        return null;
      }
      if (!(f instanceof List<?> l) || l.size() != 1) {
        throw new IllegalArgumentException("expected one bytes value holding the pixels");
      }
      int[] dims = new int[3];
      for (int d = 0; d < 3; d++) {
        Object dim = features.get(key + DIMS[d]);
        if (!(dim instanceof long[] a) || a.length != 1 || a[0] <= 0 || a[0] > Integer.MAX_VALUE) {
          throw new IllegalArgumentException("missing or bad feature '" + key + DIMS[d] + "'");
        }
        dims[d] = (int) a[0];
      }
      return new Image(dims[0], dims[1], dims[2], (byte[]) l.get(0));
    }

    private static Object scalar(Object f) {
      if (f == null) {
        return null;
      }
      if (f instanceof long[] a) {
        return a.length == 0 ? null : Long.valueOf(a[requireOne(a.length)]);
      }
      if (f instanceof float[] a) {
        return a.length == 0 ? null : Double.valueOf(Float.toString(a[requireOne(a.length)]));
      }
      List<?> l = (List<?>) f;
      if (l.isEmpty()) {
        return null;
      }
      byte[] text = (byte[]) l.get(requireOne(l.size()));
      try {
        return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(text)).toString();
      } catch (CharacterCodingException e) {
        throw new IllegalArgumentException("bytes are not UTF-8 text");
      }
    }

    /** Index 0 when a list has one value; multi-valued features do not fit a table. */
    private static int requireOne(int n) {
      if (n != 1) {
        throw new IllegalArgumentException(
            "holds " + n + " values; only features with a single value can be read as a table");
      }
      return 0;
    }
  }
}
