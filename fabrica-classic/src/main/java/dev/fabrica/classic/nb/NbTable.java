package dev.fabrica.classic.nb;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.stats.DatasetStats;
import dev.fabrica.data.stats.Scaler;
import dev.fabrica.data.table.Cells;
import dev.fabrica.data.table.Column;
import dev.fabrica.data.table.ColumnType;
import dev.fabrica.data.table.Schema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a Naive Bayes model knows of its table: the label column and its type, the feature columns
 * (name, type, distribution) and, for a prepared dataset, the scalers of normalized Gaussian
 * columns so that samples map back to the original scale. Category, token and label vocabularies are learned and
 * live in the model ({@link NbModel#classes()}, the blocks of model.json).
 */
public record NbTable(String labelColumn, ColumnType labelType, List<NbColumn> columns, Map<String, Scaler> scalers)
    implements java.io.Serializable {
  public NbTable {
    columns = List.copyOf(columns);
    scalers = Map.copyOf(scalers);
  }

  /**
   * Describes {@code schema} for {@code kind}: every column but the label is a feature. Pure kinds
   * need numeric columns (categorical takes any); mixed gives numbers GAUSSIAN, booleans and
   * strings CATEGORICAL and {@code textColumns} TOKENS.
   *
   * @param stats the prepared dataset's stats.json, or null
   * @param where the source, for messages
   */
  public static NbTable describe(Schema schema, String labelColumn, NbKind kind, List<String> textColumns,
      DatasetStats stats, String where) {
    if (!schema.has(labelColumn)) {
      throw new BadInputException(where + ": label column '" + labelColumn + "' does not exist (columns: "
          + String.join(", ", schema.names()) + ")");
    }
    for (String t : textColumns) {
      schema.require(t, where + ": text column");
    }
    List<NbColumn> cols = new ArrayList<>();
    Map<String, Scaler> scalers = new LinkedHashMap<>();
    for (Column c : schema.columns()) {
      if (c.name().equals(labelColumn)) {
        continue;
      }
      NbColumn.Dist dist = dist(kind, c, textColumns.contains(c.name()), where);
      cols.add(new NbColumn(c.name(), c.type(), dist));
      // only Gaussian values are sampled on the scale they were fitted on; counts and bits are not
      if (stats != null && dist == NbColumn.Dist.GAUSSIAN) {
        stats.scaler(c.name()).ifPresent(s -> scalers.put(c.name(), s));
      }
    }
    if (cols.isEmpty()) {
      throw new BadInputException(where + ": no feature columns besides the label '" + labelColumn + "'");
    }
    return new NbTable(labelColumn, schema.column(schema.indexOf(labelColumn)).type(), cols, scalers);
  }

  private static NbColumn.Dist dist(NbKind kind, Column c, boolean text, String where) {
    ColumnType t = c.type();
    if (t == ColumnType.IMAGE) {
      throw new BadInputException(where + ": column '" + c.name() + "' holds images; naive bayes models table columns");
    }
    switch (kind) {
      case CATEGORICAL:
        return NbColumn.Dist.CATEGORICAL;
      case MIXED:
        if (text) {
          return NbColumn.Dist.TOKENS;
        }
        return t.numeric() ? NbColumn.Dist.GAUSSIAN : NbColumn.Dist.CATEGORICAL;
      default:
        if (!t.numeric() && !(kind == NbKind.BERNOULLI && t == ColumnType.BOOLEAN)) {
          throw new BadInputException(where + ": column '" + c.name() + "' holds " + t.id() + " values; kind "
              + kind.id() + " needs numbers (use kind mixed or categorical, or drop the column)");
        }
        return switch (kind) {
          case GAUSSIAN -> NbColumn.Dist.GAUSSIAN;
          case BERNOULLI -> NbColumn.Dist.BERNOULLI;
          default -> NbColumn.Dist.COUNTS;
        };
    }
  }

  /** Index of the feature column {@code name}, or -1. */
  public int indexOf(String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * One raw cell as the model holds it: a finite Double for numeric distributions, text otherwise,
   * null when missing.
   *
   * @throws BadInputException naming {@code where} and the column for NaN, infinities, text in a
   *     numeric column and negative counts
   */
  public Object encode(int col, Object cell, String where) {
    if (cell == null) {
      return null;
    }
    NbColumn c = columns.get(col);
    if (!c.dist().numeric()) {
      return Cells.asText(cell);
    }
    double v;
    if (cell instanceof Boolean b) {
      v = b ? 1 : 0;
    } else {
      try {
        v = Cells.asDouble(cell);
      } catch (NumberFormatException e) {
        throw new BadInputException(where + " column '" + c.name() + "': " + e.getMessage());
      }
    }
    if (!Double.isFinite(v)) {
      throw new BadInputException(where + " column '" + c.name() + "': " + v
          + " is not a valid feature value (leave the cell empty for a missing value)");
    }
    if (c.dist() == NbColumn.Dist.COUNTS && v < 0) {
      throw new BadInputException(where + " column '" + c.name() + "': negative count " + Cells.asText(v)
          + " (multinomial and complement naive bayes need counts >= 0)");
    }
    return v;
  }

  /** A label cell as its text, or null when missing. */
  public static String labelText(Object cell) {
    return cell == null ? null : Cells.asText(cell);
  }

  /** A sampled value back in the column's own type: rounded to a Long for integer columns. */
  static Object typed(ColumnType type, double v) {
    return switch (type) {
      case INTEGER -> Math.round(v);
      case BOOLEAN -> v >= 0.5;
      default -> v;
    };
  }

  /** A text value (a label or category) back in its column's type. */
  static Object fromText(ColumnType type, String text) {
    try {
      return switch (type) {
        case INTEGER -> Long.parseLong(text);
        case DOUBLE -> Double.parseDouble(text);
        case BOOLEAN -> Boolean.parseBoolean(text);
        default -> text;
      };
    } catch (NumberFormatException e) {
      return text;
    }
  }

  /** The schema of sampled rows: the feature columns in order, then the label. */
  public Schema sampleSchema() {
    List<Column> out = new ArrayList<>();
    for (NbColumn c : columns) {
      out.add(new Column(c.name(), c.type()));
    }
    out.add(new Column(labelColumn, labelType));
    return new Schema(out);
  }

  /** Whether {@code other} has the same label column and feature columns (names and distributions, in order). */
  public boolean sameFeatures(NbTable other) {
    if (other.columns().size() != columns.size() || !other.labelColumn().equals(labelColumn)) {
      return false;
    }
    for (int j = 0; j < columns.size(); j++) {
      NbColumn a = columns.get(j);
      NbColumn b = other.columns().get(j);
      if (!a.name().equals(b.name()) || a.dist() != b.dist()) {
        return false;
      }
    }
    return true;
  }

  /** Labels in numeric order when the label column is numeric, else in text order: the order of a model's classes. */
  public Comparator<String> labelOrder() {
    if (!labelType.numeric()) {
      return Comparator.naturalOrder();
    }
    // a method reference, not a lambda, would not be serializable: the order travels with Spark tasks
    return (Comparator<String> & java.io.Serializable) (a, b) -> {
      int c = Double.compare(Double.parseDouble(a), Double.parseDouble(b));
      return c != 0 ? c : a.compareTo(b);
    };
  }
}
