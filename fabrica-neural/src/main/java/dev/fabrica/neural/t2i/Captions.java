package dev.fabrica.neural.t2i;

import dev.fabrica.core.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The captions a text-to-image model learns from: for each concept (a class of the image data)
 * phrasings that describe it, each marked {@code train} or {@code heldout}. Held-out phrasings never
 * reach training; {@code fabrica eval} measures prompt accuracy on them.
 *
 * <p>File format, UTF-8, one caption per line: {@code CONCEPT <tab> SPLIT <tab> CAPTION}; blank
 * lines and lines starting with {@code #} are skipped.
 */
public record Captions(List<String> concepts, List<Caption> all) {
  /** The bundled English and Chinese captions of the Fashion-MNIST classes. */
  public static final String FASHION_RESOURCE = "fashion-captions.tsv";

  /** One phrasing of a concept. */
  public record Caption(int concept, String text, boolean heldOut) {}

  public Captions {
    concepts = List.copyOf(concepts);
    all = List.copyOf(all);
  }

  /** The bundled captions for these concepts (Fashion-MNIST's class names). */
  public static Captions fashion(List<String> concepts) {
    try (InputStream in = Captions.class.getResourceAsStream(FASHION_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + FASHION_RESOURCE);
      }
      return parse("fabrica's " + FASHION_RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8), concepts);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Reads a caption file; errors name the file and line. */
  public static Captions read(Path file, List<String> concepts) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.nio.charset.MalformedInputException e) {
      throw new BadInputException(file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new BadInputException("cannot read the caption file " + file + ": " + e.getMessage());
    }
    return parse(file.toString(), text, concepts);
  }

  /** Parses caption text; {@code source} names it in errors. */
  public static Captions parse(String source, String text, List<String> concepts) {
    List<Caption> out = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = i == 0 && lines[i].startsWith("\uFEFF") ? lines[i].substring(1) : lines[i];
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String where = source + ":" + (i + 1);
      String[] f = line.split("\t", -1);
      if (f.length != 3) {
        throw new BadInputException(where + ": expected CONCEPT<tab>SPLIT<tab>CAPTION, got " + f.length + " tab-separated field"
            + (f.length == 1 ? "" : "s"));
      }
      int c = conceptIndex(f[0].strip(), concepts);
      if (c < 0) {
        throw new BadInputException(where + ": unknown concept '" + f[0].strip() + "'; the concepts are " + String.join(", ", concepts));
      }
      String split = f[1].strip().toLowerCase(Locale.ROOT);
      if (!split.equals("train") && !split.equals("heldout")) {
        throw new BadInputException(where + ", column 2: the split must be 'train' or 'heldout', got '" + f[1].strip() + "'");
      }
      String caption = f[2].strip();
      if (caption.isEmpty()) {
        throw new BadInputException(where + ", column 3: the caption is empty");
      }
      if (caption.codePointCount(0, caption.length()) > PromptEncoder.MAX_PROMPT) {
        throw new BadInputException(where + ", column 3: the caption is longer than " + PromptEncoder.MAX_PROMPT + " characters");
      }
      if (PromptFeatures.of(caption).isEmpty()) {
        throw new BadInputException(where + ", column 3: the caption '" + caption + "' has no letters, digits or ideographs");
      }
      out.add(new Caption(c, caption, split.equals("heldout")));
    }
    boolean[] seen = new boolean[concepts.size()];
    for (Caption c : out) {
      seen[c.concept()] |= !c.heldOut();
    }
    List<String> missing = new ArrayList<>();
    for (int c = 0; c < seen.length; c++) {
      if (!seen[c]) {
        missing.add(concepts.get(c));
      }
    }
    if (!missing.isEmpty()) {
      throw new BadInputException(source + ": no training caption for " + String.join(", ", missing)
          + " (every concept needs at least one 'train' line)");
    }
    return new Captions(concepts, out);
  }

  private static int conceptIndex(String name, List<String> concepts) {
    for (int c = 0; c < concepts.size(); c++) {
      if (concepts.get(c).equalsIgnoreCase(name)) {
        return c;
      }
    }
    return -1;
  }

  /** The captions of one split. */
  public List<Caption> split(boolean heldOut) {
    return all.stream().filter(c -> c.heldOut() == heldOut).toList();
  }

  /** For each concept, its training captions' texts. */
  public String[][] trainingByConcept() {
    List<List<String>> by = new ArrayList<>();
    for (int c = 0; c < concepts.size(); c++) {
      by.add(new ArrayList<>());
    }
    for (Caption c : all) {
      if (!c.heldOut()) {
        by.get(c.concept()).add(c.text());
      }
    }
    return by.stream().map(l -> l.toArray(String[]::new)).toArray(String[][]::new);
  }

  /** The file text of these captions, which {@link #parse} reads back to an equal record. */
  public String format() {
    StringBuilder b = new StringBuilder("# concept\tsplit\tcaption\n");
    for (Caption c : all) {
      b.append(concepts.get(c.concept())).append('\t').append(c.heldOut() ? "heldout" : "train").append('\t').append(c.text()).append('\n');
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return all.size() + " captions of " + concepts.size() + " concepts " + Arrays.toString(concepts.toArray());
  }
}
