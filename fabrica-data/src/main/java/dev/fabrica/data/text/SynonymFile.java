package dev.fabrica.data.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Synonyms from a user file, for any language: UTF-8, one group of mutual synonyms per line,
 * separated by whitespace or commas ({@code ,}, {@code ，}, {@code 、}); {@code #} starts a comment.
 * A word in several groups gets the union. Matching ignores case ({@link Locale#ROOT}). Its CJK
 * words also serve as the dictionary that segments CJK text ({@link EdaTokens}). Serializable, so
 * that a step sent to another machine (a Spark executor) takes the file's words with it.
 */
public final class SynonymFile implements Synonyms, java.io.Serializable {
  private static final Pattern SEPARATORS = Pattern.compile("[\\s,，、]+");

  private final Map<String, List<String>> groups;
  private final Set<String> cjkWords;
  private final int maxCjkLength;

  private SynonymFile(Map<String, List<String>> groups) {
    this.groups = groups;
    Set<String> cjk = new HashSet<>();
    int max = 1;
    for (String w : groups.keySet()) {
      if (w.codePoints().anyMatch(EdaTokens::isCjk)) {
        cjk.add(w);
        max = Math.max(max, w.length());
      }
    }
    this.cjkWords = Set.copyOf(cjk);
    this.maxCjkLength = max;
  }

  /** Reads a synonym file; an unreadable file is an {@link IOException}. */
  public static SynonymFile load(Path file) throws IOException {
    return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  /** Parses the lines of a synonym file. */
  public static SynonymFile parse(List<String> lines) {
    Map<String, Set<String>> sets = new HashMap<>();
    for (String line : lines) {
      int hash = line.indexOf('#');
      String body = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (body.isEmpty()) {
        continue;
      }
      List<String> words = new ArrayList<>(new LinkedHashSet<>(List.of(SEPARATORS.split(body))));
      words.removeIf(String::isEmpty);
      for (String w : words) {
        Set<String> set = sets.computeIfAbsent(w.toLowerCase(Locale.ROOT), k -> new LinkedHashSet<>());
        for (String other : words) {
          if (!other.equalsIgnoreCase(w)) {
            set.add(other);
          }
        }
      }
    }
    Map<String, List<String>> groups = new HashMap<>();
    sets.forEach((k, v) -> groups.put(k, List.copyOf(v)));
    return new SynonymFile(groups);
  }

  @Override
  public List<String> of(String word) {
    return groups.getOrDefault(word.toLowerCase(Locale.ROOT), List.of());
  }

  /** The file's words that contain CJK characters (lower-cased). */
  public Set<String> cjkWords() {
    return cjkWords;
  }

  /** The length in chars of the longest CJK word, at least 1. */
  public int maxCjkLength() {
    return maxCjkLength;
  }
}
