package dev.fabrica.cli.model;

import dev.fabrica.classic.hmm.Sequences;
import dev.fabrica.classic.hmm.TextSymbols;
import dev.fabrica.core.BadInputException;
import dev.fabrica.data.format.Formats;
import dev.fabrica.data.format.RowSource;
import dev.fabrica.data.format.TextFormat;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Cells;
import dev.fabrica.data.table.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Sequences for HMMs from the two layouts the command line takes: a text file (fortune entries, or
 * lines, each a sequence of characters) and a CSV with a sequence-id column and feature columns (or
 * one symbol column).
 */
public final class HmmInputs {
  private HmmInputs() {}

  /** Encoded sequences with what is needed to read more of the same kind. */
  public record Loaded(Sequences sequences, List<String> alphabet, List<String> columns, long steps) {}

  /** The entries (fortune files, split on {@code %} lines) or else the lines of a text file. */
  public static List<String> texts(Path file) {
    try {
      boolean fortune = Files.lines(file).anyMatch(l -> l.strip().equals("%"));
      List<String> out = new ArrayList<>();
      try (RowSource s = (fortune ? TextFormat.fortune() : TextFormat.lines()).open(file, Params.empty("--text"))) {
        s.read(r -> out.add((String) r.get(0)));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Text sequences over {@code alphabet} ("letters", "chars", or a stored alphabet when not null). */
  public static Loaded text(Path file, String alphabet, List<String> stored) {
    List<String> texts = texts(file);
    TextSymbols symbols;
    if (stored != null) {
      symbols = TextSymbols.ofAlphabet(stored);
    } else if (alphabet.equals("letters")) {
      symbols = TextSymbols.letters();
    } else if (alphabet.equals("chars")) {
      symbols = TextSymbols.chars(String.join("", texts));
    } else {
      throw new BadInputException("--alphabet: expected letters or chars, got '" + alphabet + "'");
    }
    List<int[]> seqs = new ArrayList<>();
    long steps = 0;
    for (String t : texts) {
      int[] s = symbols.encode(t);
      if (s.length >= 2) { // an HMM needs at least two steps; shorter entries carry no transition
        seqs.add(s);
        steps += s.length;
      }
    }
    if (seqs.isEmpty()) {
      throw new BadInputException(file + ": no entry of two or more symbols to learn from");
    }
    return new Loaded(Sequences.ofSymbols(seqs), symbols.alphabet(), List.of(), steps);
  }

  /**
   * Sequences from a CSV: rows grouped by {@code idColumn} (in order of first appearance, rows in
   * file order); {@code symbolColumn} gives categorical symbols, else the {@code columns} (all
   * numeric columns but the id when empty) give observation vectors.
   */
  static Loaded csv(Path file, String idColumn, List<String> columns, String symbolColumn, List<String> storedAlphabet) {
    List<String> names;
    List<Row> rows = new ArrayList<>();
    try (RowSource s = Formats.input("csv", "--data").open(file, Params.empty("--data"))) {
      names = s.columns();
      s.read(rows::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int id = index(names, idColumn, "--sequence-id", file);
    Map<Object, List<Row>> groups = new LinkedHashMap<>();
    for (Row r : rows) {
      Object key = r.get(id);
      if (key == null) {
        throw new BadInputException(file + " line " + r.line() + ": the sequence id (" + idColumn + ") is missing");
      }
      groups.computeIfAbsent(Cells.asText(key), k -> new ArrayList<>()).add(r);
    }
    if (groups.isEmpty()) {
      throw new BadInputException(file + ": no rows");
    }
    if (symbolColumn != null) {
      int c = index(names, symbolColumn, "--symbol", file);
      List<String> alphabet = storedAlphabet;
      if (alphabet == null) {
        TreeSet<String> set = new TreeSet<>();
        rows.forEach(r -> set.add(Cells.asText(r.get(c))));
        alphabet = List.copyOf(set);
      }
      List<int[]> seqs = new ArrayList<>();
      for (List<Row> g : groups.values()) {
        int[] s = new int[g.size()];
        for (int t = 0; t < s.length; t++) {
          s[t] = alphabet.indexOf(Cells.asText(g.get(t).get(c)));
          if (s[t] < 0) {
            throw new BadInputException(file + " line " + g.get(t).line() + ": symbol '" + Cells.asText(g.get(t).get(c))
                + "' was not seen in training (alphabet of " + alphabet.size() + ")");
          }
        }
        seqs.add(s);
      }
      return new Loaded(Sequences.ofSymbols(seqs), alphabet, List.of(symbolColumn), rows.size());
    }
    List<String> cols = new ArrayList<>(columns);
    if (cols.isEmpty()) {
      for (int i = 0; i < names.size(); i++) {
        int k = i;
        if (i != id && rows.stream().allMatch(r -> r.get(k) == null || Cells.isNumeric(r.get(k)))) {
          cols.add(names.get(i));
        }
      }
      if (cols.isEmpty()) {
        throw new BadInputException(file + ": no numeric columns besides " + idColumn + " (name them with --columns)");
      }
    }
    int[] idx = new int[cols.size()];
    for (int j = 0; j < idx.length; j++) {
      idx[j] = index(names, cols.get(j), "--columns", file);
    }
    List<double[][]> seqs = new ArrayList<>();
    for (List<Row> g : groups.values()) {
      double[][] s = new double[g.size()][idx.length];
      for (int t = 0; t < s.length; t++) {
        for (int j = 0; j < idx.length; j++) {
          Object v = g.get(t).get(idx[j]);
          try {
            s[t][j] = Cells.asDouble(v);
          } catch (NumberFormatException | NullPointerException e) {
            throw new BadInputException(file + " line " + g.get(t).line() + ": column " + cols.get(j) + ": '"
                + v + "' is not a number");
          }
        }
      }
      seqs.add(s);
    }
    return new Loaded(Sequences.ofVectors(seqs), null, cols, rows.size());
  }

  private static int index(List<String> names, String name, String option, Path file) {
    int i = names.indexOf(name);
    if (i < 0) {
      throw new BadInputException(option + ": " + file + " has no column '" + name + "' (columns: "
          + String.join(", ", names) + ")");
    }
    return i;
  }
}
