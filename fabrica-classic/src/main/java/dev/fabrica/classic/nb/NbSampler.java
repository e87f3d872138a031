package dev.fabrica.classic.nb;

import dev.fabrica.data.stats.Scaler;
import dev.fabrica.data.table.Row;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws rows from a fitted model: y ~ the class prior (or the class asked for), then each block's
 * columns given y; doubles are mapped back through the table's scalers and rounded for integer
 * columns, categories and labels parsed back to their column types. One SplittableRandom per call,
 * seeded: the same seed gives the same rows.
 */
final class NbSampler {
  private NbSampler() {}

  /** {@code n} rows; {@code fixed} is a class index, or -1 to draw classes from the prior. */
  static NbSamples sample(NbModel m, int n, long seed, int fixed) {
    List<Row> rows = new ArrayList<>(n);
    stream(m, n, seed, fixed).forEachRemaining(rows::add);
    return new NbSamples(m.table().sampleSchema(), rows);
  }

  /** The rows {@link #sample} gives, drawn one at a time as they are asked for: any n in constant memory. */
  static Iterator<Row> stream(NbModel m, long n, long seed, int fixed) {
    SplittableRandom rng = new SplittableRandom(seed);
    return new Iterator<>() {
      private long i;

      @Override
      public boolean hasNext() {
        return i < n;
      }

      @Override
      public Row next() {
        if (i >= n) {
          throw new NoSuchElementException();
        }
        return draw(m, rng, fixed, ++i);
      }
    };
  }

  private static Row draw(NbModel m, SplittableRandom rng, int fixed, long line) {
    List<NbColumn> cols = m.table().columns();
    int c = fixed >= 0 ? fixed : Block.drawLog(m.classLogPriorView(), rng);
    Object[] out = new Object[cols.size() + 1];
    for (Block b : m.blocks()) {
      b.sample(c, rng, out);
    }
    for (int j = 0; j < cols.size(); j++) {
      NbColumn col = cols.get(j);
      if (out[j] instanceof Double d) {
        Scaler s = m.table().scalers().get(col.name());
        out[j] = NbTable.typed(col.type(), s == null ? d : s.inverse(d));
      } else if (out[j] instanceof String s && col.dist() == NbColumn.Dist.CATEGORICAL) {
        out[j] = NbTable.fromText(col.type(), s);
      }
    }
    out[cols.size()] = NbTable.fromText(m.table().labelType(), m.classes().get(c));
    return new Row(out, line);
  }
}
