package dev.fabrica.classic.nb;

import dev.fabrica.data.table.ColumnType;

/**
 * One feature column of an {@link NbTable}: its name, the type it had in the data (samples come
 * back in that type) and the distribution that models it.
 */
public record NbColumn(String name, ColumnType type, Dist dist) implements java.io.Serializable {
  /** The per-class distribution of a column. */
  public enum Dist {
    /** A real number ~ N(mean, var). */
    GAUSSIAN,
    /** A 0/1 indicator (after binarizing) ~ Bernoulli(p). */
    BERNOULLI,
    /** A non-negative count, one coordinate of a multinomial over the COUNTS columns. */
    COUNTS,
    /** A text value ~ Categorical over the values seen. */
    CATEGORICAL,
    /** A text split on whitespace: a bag of tokens ~ Multinomial over the tokens seen. */
    TOKENS;

    /** True when cells are held as doubles; otherwise as text. */
    public boolean numeric() {
      return this == GAUSSIAN || this == BERNOULLI || this == COUNTS;
    }
  }

  public NbColumn {
    if (name == null || name.isEmpty() || type == null || dist == null) {
      throw new IllegalArgumentException("a column needs a name, type and distribution, got " + name + ", " + type + ", " + dist);
    }
  }
}
