package dev.fabrica.data.steps;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.engine.Step;
import dev.fabrica.data.engine.StepContext;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Row;
import dev.fabrica.data.text.TextCleaner;
import dev.fabrica.data.text.TextCleaner.Removal;
import dev.fabrica.data.text.TextCleaner.Whitespace;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import dev.fabrica.data.engine.Counter;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code clean_text}: cleans text cells with a {@link TextCleaner}; other cells (null, numbers)
 * pass through untouched. Recipe: {@code clean_text: {column: text, remove: [punctuation, symbols,
 * urls, html, digits], whitespace: collapse|trim|keep, nfkc: true, lowercase: true, regex:
 * {pattern: '\d+', replace: '#'}, replacement: '', empty: missing}}; {@code columns: [a, b]} cleans
 * several. A text that cleaning leaves empty becomes a missing value (so {@code drop_missing} or
 * {@code fill_missing} can deal with it) unless {@code empty: keep}.
 */
public final class CleanTextStep implements Step, java.io.Serializable {
  private final Params params;
  private final List<String> columns;
  private final TextCleaner cleaner;
  private final Counter changed = new Counter();
  private final Counter emptied = new Counter();
  private final boolean emptyToMissing;
  private int[] indexes;

  private CleanTextStep(Params params, List<String> columns, TextCleaner cleaner) {
    this.params = params;
    this.columns = columns;
    this.cleaner = cleaner;
    this.emptyToMissing = params.choice("empty", "missing", "missing", "keep").equals("missing");
  }

  /** Builds the step from its recipe block. */
  public static CleanTextStep create(Params params, StepContext context) {
    params.allowOnly(
        "column", "columns", "remove", "whitespace", "nfkc", "lowercase", "regex", "replacement", "empty");
    return new CleanTextStep(params, StepSupport.columnNames(params), new TextCleaner(options(params)));
  }

  /** The cleaner options a recipe block describes. */
  public static TextCleaner.Options options(Params params) {
    EnumSet<Removal> remove = EnumSet.noneOf(Removal.class);
    for (String r : params.strings("remove", List.of())) {
      try {
        remove.add(Removal.valueOf(r.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw params.error(
            "remove", "unknown removal '" + r + "' (known: punctuation, symbols, urls, html, digits)");
      }
    }
    Whitespace ws =
        Whitespace.valueOf(
            params.choice("whitespace", "collapse", "collapse", "trim", "keep").toUpperCase(Locale.ROOT));
    Pattern regex = null;
    String replace = "";
    if (params.has("regex")) {
      Params r = params.block("regex").allowOnly("pattern", "replace");
      String pattern = r.requireString("pattern");
      try {
        regex = Pattern.compile(pattern, Pattern.UNICODE_CHARACTER_CLASS);
      } catch (PatternSyntaxException e) {
        throw new BadInputException(
            r.at("pattern") + ": invalid regular expression '" + pattern + "' at index "
                + e.getIndex() + ": " + e.getDescription(), e);
      }
      replace = r.string("replace", "");
      checkReplacement(r, replace, regex.matcher("").groupCount());
    }
    return new TextCleaner.Options(
        remove, ws, params.bool("nfkc", false), params.bool("lowercase", false), regex, replace,
        params.string("replacement", ""));
  }

  /** Rejects a replacement that refers to a group the pattern lacks or ends in a bare escape. */
  private static void checkReplacement(Params r, String replace, int groups) {
    for (int i = 0; i < replace.length(); i++) {
      char c = replace.charAt(i);
      if ((c == '\\' || c == '$') && i + 1 == replace.length()) {
        throw r.error("replace", "replacement '" + replace + "' ends in a bare '" + c + "'");
      }
      if (c == '\\') {
        i++;
      } else if (c == '$' && Character.isDigit(replace.charAt(i + 1))
          && replace.charAt(i + 1) - '0' > groups) {
        throw r.error(
            "replace",
            "replacement '" + replace + "' refers to group " + replace.charAt(i + 1)
                + " but the pattern has " + groups);
      }
    }
  }

  @Override
  public String name() {
    return "clean_text";
  }

  @Override
  public List<String> bind(Binding in) {
    indexes = StepSupport.indexesOf(params, columns, in);
    return in.columns();
  }

  @Override
  public boolean parallelSafe() {
    return true;
  }

  @Override
  public boolean keepsRows() {
    return true;
  }

  @Override
  public java.util.Set<String> writes() {
    return java.util.Set.copyOf(columns);
  }

  /** Text stays text; emptied cells turn missing, which may narrow a column's type, so then unknown. */
  @Override
  public dev.fabrica.data.table.ColumnType[] outputTypes(dev.fabrica.data.table.ColumnType[] in) {
    return emptyToMissing ? null : in;
  }

  @Override
  public void apply(Row row, Consumer<Row> out) {
    for (int i : indexes) {
      if (row.get(i) instanceof String s) {
        String c = cleaner.clean(s);
        if (c.isEmpty() && emptyToMissing) {
          row.set(i, null);
          emptied.increment();
          changed.increment();
        } else if (!c.equals(s)) {
          row.set(i, c);
          changed.increment();
        }
      }
    }
    out.accept(row);
  }

  @Override
  public Map<String, Object> report() {
    return Map.of("cells_changed", changed.sum(), "cells_emptied", emptied.sum());
  }

  @Override
  public Map<String, Long> counts() {
    return Map.of("changed", changed.sum(), "emptied", emptied.sum());
  }

  @Override
  public void addCounts(Map<String, Long> counts) {
    changed.add(counts.getOrDefault("changed", 0L));
    emptied.add(counts.getOrDefault("emptied", 0L));
  }
}
