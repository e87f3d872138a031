package dev.fabrica.tabular;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.table.Cells;
import dev.fabrica.data.table.Dataset;
import dev.fabrica.data.table.Row;
import dev.fabrica.data.table.Schema;
import dev.fabrica.data.table.TypeTracker;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * An in-memory table: column names and rows of cells ({@code null} for missing, {@link String},
 * {@link Long}, {@link Double} or {@link Boolean}, as fabrica-data's readers give them). Rows are
 * not copied: callers must not change the arrays they pass in or get back.
 */
public final class Table {
  private final String source;
  private final List<String> names;
  private final List<Object[]> rows;

  public Table(String source, List<String> names, List<Object[]> rows) {
    this.source = source;
    this.names = List.copyOf(names);
    this.rows = List.copyOf(rows);
    for (int i = 0; i < this.rows.size(); i++) {
      if (this.rows.get(i).length != this.names.size()) {
        throw new IllegalArgumentException(source + " row " + (i + 1) + ": " + this.rows.get(i).length
            + " cells for " + this.names.size() + " columns");
      }
    }
  }

  /** Where the table came from (a file name), for error messages. */
  public String source() {
    return source;
  }

  public List<String> names() {
    return names;
  }

  public List<Object[]> rows() {
    return rows;
  }

  public int size() {
    return rows.size();
  }

  public int width() {
    return names.size();
  }

  /** Index of {@code name}, or an error naming {@code where} and the columns there are. */
  public int require(String name, String where) {
    int i = names.indexOf(name);
    if (i < 0) {
      throw new BadInputException(where + ": unknown column '" + name + "' (columns of " + source + ": "
          + String.join(", ", names) + ")");
    }
    return i;
  }

  /** The cells of column {@code c}, in row order. */
  public List<Object> column(int c) {
    List<Object> out = new ArrayList<>(rows.size());
    for (Object[] r : rows) {
      out.add(r[c]);
    }
    return out;
  }

  /** The rows at {@code indexes}, in that order. */
  public Table select(int[] indexes, String newSource) {
    List<Object[]> out = new ArrayList<>(indexes.length);
    for (int i : indexes) {
      out.add(rows.get(i));
    }
    return new Table(newSource, names, out);
  }

  /**
   * A SHA-256 over the column names and every cell's text, in order: two tables with the same
   * fingerprint hold the same data.
   */
  public String fingerprint() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(String.join("\u001f", names).getBytes(StandardCharsets.UTF_8));
      for (Object[] r : rows) {
        md.update((byte) '\n');
        for (Object v : r) {
          md.update((v == null ? "\u0000" : Cells.asText(v)).getBytes(StandardCharsets.UTF_8));
          md.update((byte) 0x1f);
        }
      }
      return "sha256:" + HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The table as a fabrica-data {@link Dataset}, typed from its cells, for the format writers. */
  public Dataset toDataset() {
    TypeTracker types = new TypeTracker(names);
    for (int i = 0; i < rows.size(); i++) {
      types.accept(new Row(rows.get(i), i + 1));
    }
    Schema schema = types.schema();
    return new Dataset() {
      @Override
      public Schema schema() {
        return schema;
      }

      @Override
      public long size() {
        return rows.size();
      }

      @Override
      public void forEach(Consumer<? super Row> consumer) {
        for (int i = 0; i < rows.size(); i++) {
          consumer.accept(new Row(rows.get(i).clone(), i + 1));
        }
      }
    };
  }
}
