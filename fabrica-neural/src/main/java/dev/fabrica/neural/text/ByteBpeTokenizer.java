package dev.fabrica.neural.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-level byte-pair encoding (Sennrich et al. 2016; GPT-2's byte-level variant): ids 0..255 are
 * the bytes of UTF-8 and id {@code 256 + r} is the {@code r}-th merge {@code (a, b)}. Text is first
 * cut into chunks by {@link PreSplit} (merges never cross a chunk), each chunk's UTF-8 bytes are
 * merged in rank order, and decoding concatenates the bytes and decodes UTF-8, so every well-formed
 * string round-trips exactly. Decoding an id sequence that ends inside a multi-byte character (as a
 * sampler may produce) yields U+FFFD for the incomplete bytes.
 */
public final class ByteBpeTokenizer implements Tokenizer {
  static final String KIND = "bpe";
  private static final int CACHE_LIMIT = 50_000;

  private final int[][] merges;
  private final byte[][] bytesOf;
  private final Map<Long, Integer> rankOf;
  private final Map<String, int[]> chunkCache = new ConcurrentHashMap<>();

  ByteBpeTokenizer(int[][] merges) {
    this.merges = merges;
    this.bytesOf = new byte[256 + merges.length][];
    for (int b = 0; b < 256; b++) {
      bytesOf[b] = new byte[] {(byte) b};
    }
    this.rankOf = new HashMap<>(merges.length * 2);
    for (int r = 0; r < merges.length; r++) {
      byte[] left = bytesOf[merges[r][0]];
      byte[] right = bytesOf[merges[r][1]];
      byte[] joined = new byte[left.length + right.length];
      System.arraycopy(left, 0, joined, 0, left.length);
      System.arraycopy(right, 0, joined, left.length, right.length);
      bytesOf[256 + r] = joined;
      rankOf.put(pair(merges[r][0], merges[r][1]), r);
    }
  }

  /**
   * Learns up to {@code vocabSize - 256} merges from {@code corpus}; see {@link BpeTrainer}.
   *
   * @param vocabSize at least 256; training stops earlier when no pair occurs twice
   */
  public static ByteBpeTokenizer train(String corpus, int vocabSize) {
    return new ByteBpeTokenizer(BpeTrainer.merges(corpus, vocabSize));
  }

  /** A copy of the merges in rank order; merge {@code r} creates id {@code 256 + r}. */
  public int[][] merges() {
    int[][] copy = new int[merges.length][];
    for (int r = 0; r < merges.length; r++) {
      copy[r] = merges[r].clone();
    }
    return copy;
  }

  @Override
  public int vocabSize() {
    return bytesOf.length;
  }

  @Override
  public int[] encode(String text) {
    Unicode.requireWellFormed(text, "text");
    List<int[]> parts = new ArrayList<>();
    int total = 0;
    for (String chunk : PreSplit.chunks(text)) {
      int[] ids = chunkCache.get(chunk);
      if (ids == null) {
        ids = encodeChunk(chunk.getBytes(StandardCharsets.UTF_8));
        if (chunkCache.size() >= CACHE_LIMIT) {
          chunkCache.clear();
        }
        chunkCache.put(chunk, ids);
      }
      parts.add(ids);
      total += ids.length;
    }
    int[] out = new int[total];
    int at = 0;
    for (int[] ids : parts) {
      System.arraycopy(ids, 0, out, at, ids.length);
      at += ids.length;
    }
    return out;
  }

  /** Applies the merges to one chunk, always the lowest-ranked adjacent pair first. */
  private int[] encodeChunk(byte[] bytes) {
    int[] ids = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      ids[i] = bytes[i] & 0xFF;
    }
    int n = ids.length;
    while (n > 1) {
      int bestRank = Integer.MAX_VALUE;
      for (int i = 0; i + 1 < n; i++) {
        Integer r = rankOf.get(pair(ids[i], ids[i + 1]));
        if (r != null && r < bestRank) {
          bestRank = r;
        }
      }
      if (bestRank == Integer.MAX_VALUE) {
        break;
      }
      n = BpeTrainer.mergeInPlace(ids, n, merges[bestRank][0], merges[bestRank][1], 256 + bestRank);
    }
    return n == ids.length ? ids : java.util.Arrays.copyOf(ids, n);
  }

  @Override
  public String decode(int[] ids) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(ids.length * 2);
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || ids[i] >= bytesOf.length) {
        throw new BadInputException(
            "token id " + ids[i] + " at position " + i + " is outside [0, " + bytesOf.length + ")");
      }
      out.writeBytes(bytesOf[ids[i]]);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public void save(Path json) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("kind", KIND);
    doc.put("merges", merges);
    Json.writeFile(json, doc);
  }

  static ByteBpeTokenizer fromJson(JsonNode root, Path file) {
    JsonNode list = root.get("merges");
    if (list == null || !list.isArray()) {
      throw new BadInputException(file + ": a bpe tokenizer needs a \"merges\" array of [a, b] pairs");
    }
    int[][] merges = new int[list.size()][];
    for (int r = 0; r < merges.length; r++) {
      JsonNode m = list.get(r);
      if (!m.isArray() || m.size() != 2 || !m.get(0).canConvertToInt() || !m.get(1).canConvertToInt()) {
        throw new BadInputException(file + ": merges[" + r + "] is not a pair of integers: " + m);
      }
      int a = m.get(0).intValue();
      int b = m.get(1).intValue();
      // a merge may only join ids that exist before it: the bytes and earlier merges
      if (a < 0 || b < 0 || a >= 256 + r || b >= 256 + r) {
        throw new BadInputException(
            file + ": merges[" + r + "] = [" + a + ", " + b + "] refers to an id outside [0, "
                + (256 + r) + ")");
      }
      merges[r] = new int[] {a, b};
    }
    return new ByteBpeTokenizer(merges);
  }

  static long pair(int a, int b) {
    return ((long) a << 32) | (b & 0xFFFFFFFFL);
  }
}
