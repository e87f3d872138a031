package dev.fabrica.data.format;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hand-written protobuf codec for TensorFlow's {@code tf.train.Example}: {@code Example {Features
 * features = 1}}, {@code Features {map<string, Feature> feature = 1}}, {@code Feature {oneof
 * {BytesList bytes_list = 1; FloatList float_list = 2; Int64List int64_list = 3}}}, each list a
 * {@code repeated} field 1. Lists of numbers are written packed, as TensorFlow does; both packed and
 * unpacked encodings are read. Map entries are written in the order they were added.
 */
final class TfExample {
  private final ByteArrayOutputStream features = new ByteArrayOutputStream();

  /** Adds an int64_list feature. */
  TfExample int64s(String key, long... values) {
    ByteArrayOutputStream packed = new ByteArrayOutputStream();
    for (long v : values) {
      varint(packed, v);
    }
    return feature(key, 3, lengthDelimited(1, packed.toByteArray()));
  }

  /** Adds a float_list feature (float32, little-endian). */
  TfExample floats(String key, float... values) {
    byte[] packed = new byte[4 * values.length];
    for (int i = 0; i < values.length; i++) {
      int bits = Float.floatToIntBits(values[i]);
      for (int b = 0; b < 4; b++) {
        packed[4 * i + b] = (byte) (bits >>> (8 * b));
      }
    }
    return feature(key, 2, lengthDelimited(1, packed));
  }

  /** Adds a bytes_list feature. */
  TfExample bytes(String key, byte[]... values) {
    ByteArrayOutputStream list = new ByteArrayOutputStream();
    for (byte[] v : values) {
      list.writeBytes(lengthDelimited(1, v));
    }
    return feature(key, 1, list.toByteArray());
  }

  private TfExample feature(String key, int kindField, byte[] list) {
    ByteArrayOutputStream entry = new ByteArrayOutputStream();
    entry.writeBytes(lengthDelimited(1, key.getBytes(StandardCharsets.UTF_8)));
    entry.writeBytes(lengthDelimited(2, lengthDelimited(kindField, list)));
    features.writeBytes(lengthDelimited(1, entry.toByteArray()));
    return this;
  }

  /** The serialized Example. */
  byte[] toBytes() {
    return lengthDelimited(1, features.toByteArray());
  }

  private static byte[] lengthDelimited(int field, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 6);
    varint(out, (field << 3) | 2);
    varint(out, payload.length);
    out.writeBytes(payload);
    return out.toByteArray();
  }

  private static void varint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  // ---- decoding

  /**
   * The features of a serialized Example, in file order: each value a {@code long[]}, a {@code
   * float[]} or a {@code List<byte[]>}.
   *
   * @throws IllegalArgumentException when the bytes are not a valid Example
   */
  static Map<String, Object> decode(byte[] example) {
    Map<String, Object> out = new LinkedHashMap<>();
    Reader ex = new Reader(example, 0, example.length);
    while (ex.more()) {
      int tag = (int) ex.varint();
      if (tag == ((1 << 3) | 2)) {
        Reader fs = ex.sub();
        while (fs.more()) {
          int t = (int) fs.varint();
          if (t == ((1 << 3) | 2)) {
            decodeEntry(fs.sub(), out);
          } else {
            fs.skip(t);
          }
        }
      } else {
        ex.skip(tag);
      }
    }
    return out;
  }

  private static void decodeEntry(Reader entry, Map<String, Object> out) {
    String key = "";
    Object value = new long[0];
    while (entry.more()) {
      int tag = (int) entry.varint();
      if (tag == ((1 << 3) | 2)) {
        Reader k = entry.sub();
        key = new String(k.buf, k.pos, k.end - k.pos, StandardCharsets.UTF_8);
      } else if (tag == ((2 << 3) | 2)) {
        value = decodeFeature(entry.sub());
      } else {
        entry.skip(tag);
      }
    }
    out.put(key, value);
  }

  private static Object decodeFeature(Reader f) {
    Object value = new long[0];
    while (f.more()) {
      int tag = (int) f.varint();
      switch (tag) {
        case (1 << 3) | 2 -> value = decodeBytes(f.sub());
        case (2 << 3) | 2 -> value = decodeFloats(f.sub());
        case (3 << 3) | 2 -> value = decodeInts(f.sub());
        default -> f.skip(tag);
      }
    }
    return value;
  }

  private static List<byte[]> decodeBytes(Reader r) {
    List<byte[]> out = new ArrayList<>();
    while (r.more()) {
      int tag = (int) r.varint();
      if (tag == ((1 << 3) | 2)) {
        Reader v = r.sub();
        out.add(java.util.Arrays.copyOfRange(v.buf, v.pos, v.end));
      } else {
        r.skip(tag);
      }
    }
    return out;
  }

  private static float[] decodeFloats(Reader r) {
    List<Float> out = new ArrayList<>();
    while (r.more()) {
      int tag = (int) r.varint();
      if (tag == ((1 << 3) | 5)) {
        out.add(Float.intBitsToFloat(r.fixed32()));
      } else if (tag == ((1 << 3) | 2)) {
        Reader p = r.sub();
        while (p.more()) {
          out.add(Float.intBitsToFloat(p.fixed32()));
        }
      } else {
        r.skip(tag);
      }
    }
    float[] a = new float[out.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = out.get(i);
    }
    return a;
  }

  private static long[] decodeInts(Reader r) {
    List<Long> out = new ArrayList<>();
    while (r.more()) {
      int tag = (int) r.varint();
      if (tag == ((1 << 3) | 0)) {
        out.add(r.varint());
      } else if (tag == ((1 << 3) | 2)) {
        Reader p = r.sub();
        while (p.more()) {
          out.add(p.varint());
        }
      } else {
        r.skip(tag);
      }
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  /** A cursor over one message's bytes. */
  private static final class Reader {
    final byte[] buf;
    int pos;
    final int end;

    Reader(byte[] buf, int pos, int end) {
      this.buf = buf;
      this.pos = pos;
      this.end = end;
    }

    boolean more() {
      return pos < end;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 70; shift += 7) {
        if (pos >= end) {
          throw new IllegalArgumentException("truncated varint");
        }
        byte b = buf[pos++];
        v |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("varint longer than 10 bytes");
    }

    int fixed32() {
      need(4);
      int v = 0;
      for (int i = 0; i < 4; i++) {
        v |= (buf[pos++] & 0xFF) << (8 * i);
      }
      return v;
    }

    Reader sub() {
      long len = varint();
      if (len < 0 || len > end - pos) {
        throw new IllegalArgumentException("length " + len + " runs past the end of the message");
      }
      Reader r = new Reader(buf, pos, pos + (int) len);
      pos += (int) len;
      return r;
    }

    void skip(int tag) {
      switch (tag & 7) {
        case 0 -> varint();
        case 1 -> skipBytes(8);
        case 2 -> sub();
        case 5 -> skipBytes(4);
        default -> throw new IllegalArgumentException("unsupported wire type " + (tag & 7));
      }
    }

    private void skipBytes(int n) {
      need(n);
      pos += n;
    }

    private void need(int n) {
      if (end - pos < n) {
        throw new IllegalArgumentException("truncated message");
      }
    }
  }
}
