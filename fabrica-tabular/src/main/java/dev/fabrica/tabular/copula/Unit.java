package dev.fabrica.tabular.copula;

import dev.fabrica.tabular.meta.ColumnMeta;
import java.util.List;

/** One coordinate of the copula: a numerical column, or a categorical one (or a fixed combination of columns). */
sealed interface Unit permits Unit.Numeric, Unit.Category {
  /**
   * A numerical or datetime column: its marginal, the observed range samples are clipped to, and
   * the share of missing cells.
   */
  record Numeric(int column, ColumnMeta meta, Marginal marginal, double ks, double min, double max, double missing)
      implements Unit {}

  /**
   * Categories of one column or a fixed combination of several: category k (a tuple of cells, one
   * per column; a missing cell is a category like any other) owns the interval [bounds[k],
   * bounds[k+1]) of the uniform scale, its width the category's frequency, most frequent first.
   */
  record Category(int[] columns, List<Object[]> values, double[] bounds) implements Unit {
    /** The category whose interval holds {@code u}. */
    int at(double u) {
      int lo = 0;
      int hi = values.size() - 1;
      while (lo < hi) {
        int mid = (lo + hi + 1) >>> 1;
        if (bounds[mid] <= u) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      return lo;
    }
  }
}
