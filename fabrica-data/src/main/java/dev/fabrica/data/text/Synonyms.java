package dev.fabrica.data.text;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A source of synonyms: for a word, the other words that may replace it, in a fixed order. */
@FunctionalInterface
public interface Synonyms {
  /** The synonyms of {@code word} (never the word itself), empty when there are none. */
  List<String> of(String word);

  /** A source that knows no synonyms. */
  static Synonyms none() {
    return w -> List.of();
  }

  /** The synonyms of this source followed by those of {@code other}, without repeats. */
  default Synonyms or(Synonyms other) {
    return w -> {
      List<String> a = of(w);
      List<String> b = other.of(w);
      if (b.isEmpty()) {
        return a;
      }
      if (a.isEmpty()) {
        return b;
      }
      Set<String> all = new LinkedHashSet<>(a);
      all.addAll(b);
      return new ArrayList<>(all);
    };
  }
}
