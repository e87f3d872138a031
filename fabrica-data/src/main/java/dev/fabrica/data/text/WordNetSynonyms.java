package dev.fabrica.data.text;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.data.Synset;
import net.sf.extjwnl.data.Word;
import net.sf.extjwnl.dictionary.Dictionary;

/**
 * English synonyms from WordNet 3.1 (through extjwnl and its bundled data): the single-word lemmas
 * of every synset of the word, over all parts of speech, in WordNet's sense order. The dictionary
 * loads once, on the first lookup of a Latin-script word; lookups are cached.
 */
public final class WordNetSynonyms implements Synonyms {
  private static final WordNetSynonyms SHARED = new WordNetSynonyms();

  private final Map<String, List<String>> cache = new ConcurrentHashMap<>();

  private WordNetSynonyms() {}

  /** The process-wide instance (one dictionary, one cache). */
  public static WordNetSynonyms shared() {
    return SHARED;
  }

  /** Loads the dictionary on first use (holder idiom: thread-safe and lazy). */
  private static final class Holder {
    static final Dictionary DICTIONARY = load();

    private static Dictionary load() {
      try {
        return Dictionary.getDefaultResourceInstance();
      } catch (JWNLException e) {
        throw new IllegalStateException("cannot load the bundled WordNet dictionary", e);
      }
    }
  }

  @Override
  public List<String> of(String word) {
    if (word.isEmpty() || !isLatinWord(word)) {
      return List.of();
    }
    return cache.computeIfAbsent(word.toLowerCase(Locale.ROOT), WordNetSynonyms::lookup);
  }

  private static boolean isLatinWord(String w) {
    return w.codePoints().allMatch(c -> (Character.isLetter(c) && c < 0x250) || c == '-' || c == '\'');
  }

  private static List<String> lookup(String word) {
    Dictionary dict = Holder.DICTIONARY;
    Set<String> out = new LinkedHashSet<>();
    // extjwnl's dictionary caches internally; serialise access to be safe across threads
    synchronized (dict) {
      try {
        for (POS pos : POS.getAllPOS()) {
          IndexWord iw = dict.lookupIndexWord(pos, word);
          if (iw == null) {
            continue;
          }
          for (Synset s : iw.getSenses()) {
            for (Word w : s.getWords()) {
              String lemma = w.getLemma();
              if (lemma.indexOf(' ') < 0 && !lemma.equalsIgnoreCase(word)) {
                out.add(lemma);
              }
            }
          }
        }
      } catch (JWNLException e) {
        throw new IllegalStateException("WordNet lookup of '" + word + "' failed", e);
      }
    }
    return List.copyOf(new ArrayList<>(out));
  }
}
