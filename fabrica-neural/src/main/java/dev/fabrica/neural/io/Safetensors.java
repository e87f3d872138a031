package dev.fabrica.neural.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.fabrica.core.AtomicFiles;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the safetensors format (huggingface/safetensors): an unsigned 64-bit
 * little-endian header length N, N bytes of UTF-8 JSON padded with spaces to a multiple of 8, then
 * the tensors' raw bytes. The header maps each name to {@code {"dtype", "shape", "data_offsets":
 * [begin, end]}} (offsets relative to the first data byte) and may hold a string-to-string
 * {@code "__metadata__"} object.
 */
public final class Safetensors {
  /** The largest header accepted, as in the reference implementation. */
  static final long MAX_HEADER = 100L << 20;

  private static final String METADATA = "__metadata__";
  private static final ObjectReader READER =
      Json.MAPPER
          .reader()
          .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Safetensors() {}

  /**
   * The tensors and metadata of a file.
   *
   * @param tensors by name, in the order of their data in the file
   * @param metadata the {@code __metadata__} strings, empty if the file has none
   */
  public record Loaded(Map<String, Tensor> tensors, Map<String, String> metadata) {
    /** Wraps both maps read-only, keeping their order. */
    public Loaded {
      tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
      metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
  }

  /**
   * Writes {@code tensors} atomically, their data laid out in the map's iteration order; the
   * header is compact JSON with {@code __metadata__} first (left out when empty).
   */
  public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
    StringBuilder json = new StringBuilder("{");
    if (!metadata.isEmpty()) {
      json.append(quote(METADATA)).append(":{");
      String sep = "";
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        if (e.getValue() == null) {
          throw new IllegalArgumentException("metadata '" + e.getKey() + "' has no value");
        }
        json.append(sep).append(quote(e.getKey())).append(':').append(quote(e.getValue()));
        sep = ",";
      }
      json.append('}');
    }
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      if (e.getKey().equals(METADATA)) {
        throw new IllegalArgumentException("a tensor cannot be named " + METADATA);
      }
      Tensor t = e.getValue();
      long end = offset + t.data().length;
      json.append(json.length() > 1 ? "," : "")
          .append(quote(e.getKey()))
          .append(":{\"dtype\":")
          .append(quote(t.dtype().safetensorsName()))
          .append(",\"shape\":")
          .append(Arrays.toString(t.shape()).replace(" ", ""))
          .append(",\"data_offsets\":[")
          .append(offset)
          .append(',')
          .append(end)
          .append("]}");
      offset = end;
    }
    json.append('}');
    while (json.toString().getBytes(StandardCharsets.UTF_8).length % 8 != 0) {
      json.append(' ');
    }
    byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(
        file,
        out -> {
          out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
          out.write(header);
          for (Tensor t : tensors.values()) {
            out.write(t.data());
          }
        });
  }

  /**
   * Reads a whole file, checking the header against the data.
   *
   * @throws BadInputException naming the file, and the tensor where one is at fault, when the file
   *     is missing, truncated or its header is malformed or inconsistent
   */
  public static Loaded read(Path file) {
    try (FileChannel ch = FileChannel.open(file)) {
      long size = ch.size();
      if (size < 8) {
        throw bad(file, "only " + size + " bytes, too short for the 8-byte header length");
      }
      long n = readFully(ch, 0, 8, file).order(ByteOrder.LITTLE_ENDIAN).getLong();
      if (n < 0 || n > size - 8) {
        throw bad(file, "header length " + Long.toUnsignedString(n) + " goes beyond the file ("
            + size + " bytes)");
      }
      if (n > MAX_HEADER) {
        throw bad(file, "header length " + n + " is over the limit of " + MAX_HEADER + " bytes");
      }
      JsonNode root = parseHeader(file, readFully(ch, 8, (int) n, file));
      Map<String, String> metadata = new LinkedHashMap<>();
      List<Entry> entries = new ArrayList<>();
      var fields = root.fields();
      while (fields.hasNext()) {
        var f = fields.next();
        if (f.getKey().equals(METADATA)) {
          metadata = metadata(file, f.getValue());
        } else {
          entries.add(Entry.parse(file, f.getKey(), f.getValue()));
        }
      }
      entries.sort(Comparator.comparingLong(Entry::begin));
      long dataLength = size - 8 - n;
      long expectedBegin = 0;
      for (Entry e : entries) {
        if (e.begin() != expectedBegin) {
          throw bad(file, e, "data_offsets [" + e.begin() + ", " + e.end() + "] "
              + (e.begin() < expectedBegin ? "overlap" : "leave a gap after")
              + " the previous tensor's data, which ends at " + expectedBegin);
        }
        if (e.end() > dataLength) {
          throw bad(file, e, "data is truncated: it ends at data byte " + e.end() + " but the file"
              + " holds only " + dataLength + " data bytes");
        }
        expectedBegin = e.end();
      }
      if (expectedBegin != dataLength) {
        throw bad(file, "the tensors cover " + expectedBegin + " data bytes but the file holds "
            + dataLength + " after the header");
      }
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      for (Entry e : entries) {
        byte[] data = readFully(ch, 8 + n + e.begin(), (int) (e.end() - e.begin()), file).array();
        tensors.put(e.name(), new Tensor(e.dtype(), e.shape(), data));
      }
      return new Loaded(tensors, metadata);
    } catch (NoSuchFileException e) {
      throw new BadInputException(file + ": no such file");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** One header entry, checked on its own: a known dtype, a shape, offsets matching its size. */
  private record Entry(String name, DType dtype, long[] shape, long begin, long end) {
    static Entry parse(Path file, String name, JsonNode node) {
      String where = "tensor '" + name + "'";
      if (!node.isObject()) {
        throw bad(file, where + ": expected an object with dtype, shape, data_offsets, found "
            + node.getNodeType());
      }
      JsonNode dt = node.get("dtype");
      if (dt == null || !dt.isTextual()) {
        throw bad(file, where + ": field dtype must be a string, found " + dt);
      }
      DType dtype = DType.fromSafetensorsName(dt.asText()).orElseThrow(() -> bad(file, where
          + ": unknown dtype " + dt + ", expected one of " + Arrays.toString(DType.values())));
      long[] shape = longs(file, where, node, "shape", -1);
      long[] offsets = longs(file, where, node, "data_offsets", 2);
      long numel;
      try {
        numel = Tensor.numel(shape);
        Math.multiplyExact(numel, (long) dtype.size());
      } catch (ArithmeticException e) {
        throw bad(file, where + ": shape " + Arrays.toString(shape) + " is too large");
      }
      long need = numel * dtype.size();
      if (offsets[1] < offsets[0] || offsets[1] - offsets[0] != need) {
        throw bad(file, where + ": data_offsets " + Arrays.toString(offsets) + " span "
            + (offsets[1] - offsets[0]) + " bytes, but " + dtype + Arrays.toString(shape)
            + " needs " + need);
      }
      if (need > Integer.MAX_VALUE - 8) {
        throw bad(file, where + ": " + need + " bytes is more than one Java array holds");
      }
      return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] longs(Path file, String where, JsonNode node, String field, int count) {
      JsonNode a = node.get(field);
      boolean ok = a != null && a.isArray() && (count < 0 || a.size() == count);
      long[] out = new long[ok ? a.size() : 0];
      for (int i = 0; ok && i < out.length; i++) {
        JsonNode v = a.get(i);
        ok = v.canConvertToLong() && v.isIntegralNumber() && v.asLong() >= 0;
        out[i] = v.asLong();
      }
      if (!ok) {
        throw bad(file, where + ": field " + field + " must be an array of "
            + (count < 0 ? "" : count + " ") + "non-negative integers, found " + a);
      }
      return out;
    }
  }

  private static JsonNode parseHeader(Path file, ByteBuffer bytes) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes)
          .toString();
    } catch (CharacterCodingException e) {
      throw bad(file, "header is not valid UTF-8");
    }
    JsonNode root;
    try {
      root = READER.readTree(text);
    } catch (JsonProcessingException e) {
      throw bad(file, "header is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw bad(file, "header must be a JSON object, found " + (root == null ? "nothing" : root.getNodeType()));
    }
    return root;
  }

  private static Map<String, String> metadata(Path file, JsonNode node) {
    if (!node.isObject()) {
      throw bad(file, METADATA + " must be an object of strings, found " + node.getNodeType());
    }
    Map<String, String> out = new LinkedHashMap<>();
    var fields = node.fields();
    while (fields.hasNext()) {
      var f = fields.next();
      if (!f.getValue().isTextual()) {
        throw bad(file, METADATA + " field '" + f.getKey() + "' must be a string, found "
            + f.getValue());
      }
      out.put(f.getKey(), f.getValue().asText());
    }
    return out;
  }

  private static ByteBuffer readFully(FileChannel ch, long position, int length, Path file)
      throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    while (buf.hasRemaining()) {
      if (ch.read(buf, position + buf.position()) < 0) {
        throw bad(file, "ends at byte " + (position + buf.position()) + ", expected "
            + (position + length) + " bytes");
      }
    }
    return buf.flip();
  }

  /** A JSON string literal escaped as Python's {@code json.dumps(ensure_ascii=False)} does. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  private static BadInputException bad(Path file, String what) {
    return new BadInputException(file + ": " + what);
  }

  private static BadInputException bad(Path file, Entry e, String what) {
    return bad(file, "tensor '" + e.name() + "': " + what);
  }
}
