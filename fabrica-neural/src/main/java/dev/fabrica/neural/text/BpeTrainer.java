package dev.fabrica.neural.text;

import dev.fabrica.core.BadInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Learns byte-level BPE merges: repeatedly merges the most frequent adjacent pair of ids, ties broken
 * by the smallest pair {@code (a, b)}, until the vocabulary is full or no pair occurs twice.
 *
 * <p>Works on the table of distinct {@link PreSplit} chunks with their counts, keeps the pair counts
 * and, for each pair, the chunks that hold it; a merge rescans only those chunks and updates the
 * counts incrementally. The best pair comes from a priority queue with lazy deletion (an entry is
 * stale when its count differs from the current one).
 */
final class BpeTrainer {
  private BpeTrainer() {}

  private record Entry(long count, long pair) implements Comparable<Entry> {
    @Override
    public int compareTo(Entry o) {
      int c = Long.compare(o.count, count); // larger count first
      return c != 0 ? c : Long.compare(pair, o.pair); // then smaller (a, b)
    }
  }

  static int[][] merges(String corpus, int vocabSize) {
    if (vocabSize < 256) {
      throw new BadInputException(
          "a byte-level BPE vocabulary holds at least the 256 bytes, but vocabSize = " + vocabSize);
    }
    if (corpus.isEmpty()) {
      throw new BadInputException("cannot train a BPE tokenizer on an empty corpus");
    }
    Unicode.requireWellFormed(corpus, "corpus");

    Map<String, Integer> chunkCounts = new LinkedHashMap<>();
    for (String chunk : PreSplit.chunks(corpus)) {
      chunkCounts.merge(chunk, 1, Integer::sum);
    }
    int words = chunkCounts.size();
    int[][] ids = new int[words][];
    int[] lengths = new int[words];
    long[] freq = new long[words];
    int w = 0;
    for (Map.Entry<String, Integer> e : chunkCounts.entrySet()) {
      byte[] bytes = e.getKey().getBytes(StandardCharsets.UTF_8);
      ids[w] = new int[bytes.length];
      for (int i = 0; i < bytes.length; i++) {
        ids[w][i] = bytes[i] & 0xFF;
      }
      lengths[w] = bytes.length;
      freq[w] = e.getValue();
      w++;
    }

    Map<Long, Long> counts = new HashMap<>();
    Map<Long, Set<Integer>> where = new HashMap<>();
    for (w = 0; w < words; w++) {
      for (int i = 0; i + 1 < lengths[w]; i++) {
        long p = ByteBpeTokenizer.pair(ids[w][i], ids[w][i + 1]);
        counts.merge(p, freq[w], Long::sum);
        where.computeIfAbsent(p, k -> new HashSet<>()).add(w);
      }
    }
    PriorityQueue<Entry> queue = new PriorityQueue<>();
    counts.forEach((p, c) -> queue.add(new Entry(c, p)));

    List<int[]> merges = new ArrayList<>();
    Set<Long> changed = new HashSet<>();
    while (256 + merges.size() < vocabSize) {
      Entry best = queue.poll();
      while (best != null && best.count != counts.getOrDefault(best.pair, 0L)) {
        best = queue.poll(); // stale
      }
      if (best == null || best.count < 2) {
        break;
      }
      int a = (int) (best.pair >>> 32);
      int b = (int) best.pair;
      int id = 256 + merges.size();
      merges.add(new int[] {a, b});
      changed.clear();
      for (int word : where.remove(best.pair)) {
        int[] seq = ids[word];
        long f = freq[word];
        for (int i = 0; i + 1 < lengths[word]; i++) {
          long p = ByteBpeTokenizer.pair(seq[i], seq[i + 1]);
          add(counts, p, -f);
          changed.add(p);
        }
        lengths[word] = mergeInPlace(seq, lengths[word], a, b, id);
        for (int i = 0; i + 1 < lengths[word]; i++) {
          long p = ByteBpeTokenizer.pair(seq[i], seq[i + 1]);
          add(counts, p, f);
          changed.add(p);
          where.computeIfAbsent(p, k -> new HashSet<>()).add(word);
        }
      }
      for (long p : changed) {
        Long c = counts.get(p);
        if (c != null) {
          queue.add(new Entry(c, p));
        }
      }
    }
    return merges.toArray(new int[0][]);
  }

  private static void add(Map<Long, Long> counts, long pair, long delta) {
    long c = counts.getOrDefault(pair, 0L) + delta;
    if (c == 0) {
      counts.remove(pair);
    } else {
      counts.put(pair, c);
    }
  }

  /**
   * Replaces each non-overlapping occurrence of {@code (a, b)} in {@code seq[0, n)}, scanning left to
   * right, by {@code id}.
   *
   * @return the new length
   */
  static int mergeInPlace(int[] seq, int n, int a, int b, int id) {
    int out = 0;
    int i = 0;
    while (i < n) {
      if (i + 1 < n && seq[i] == a && seq[i + 1] == b) {
        seq[out++] = id;
        i += 2;
      } else {
        seq[out++] = seq[i++];
      }
    }
    return out;
  }
}
