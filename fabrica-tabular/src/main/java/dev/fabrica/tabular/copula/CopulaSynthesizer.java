package dev.fabrica.tabular.copula;

import dev.fabrica.core.BadInputException;
import dev.fabrica.tabular.Table;
import dev.fabrica.tabular.TextColumn;
import dev.fabrica.tabular.TupleCounts;
import dev.fabrica.tabular.Values;
import dev.fabrica.tabular.constraint.Constraint;
import dev.fabrica.tabular.meta.ColumnKind;
import dev.fabrica.tabular.meta.ColumnMeta;
import dev.fabrica.tabular.meta.Metadata;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Fits a Gaussian copula (Nelsen, <i>An Introduction to Copulas</i>; the recipe of Patki et al.,
 * "The Synthetic Data Vault", 2016): each modelled column is mapped to a normal score z = Φ⁻¹(F(x))
 * through its marginal F, and the scores' Pearson correlation R is the copula. Numerical and
 * datetime columns get the best-fitting marginal of {@link CopulaConfig#distributions}; categorical
 * and boolean columns (and each fixed combination of columns, as one joint category) get frequency
 * intervals, a row's u drawn uniformly inside its category's interval. Ids and free text are not
 * part of the copula.
 */
public final class CopulaSynthesizer {
  private CopulaSynthesizer() {}

  public static CopulaModel fit(Table table, Metadata meta, CopulaConfig config) {
    if (table.size() < 2) {
      throw new BadInputException(table.source() + ": a copula needs at least 2 rows, found " + table.size());
    }
    if (!meta.names().equals(table.names())) {
      throw new BadInputException(table.source() + ": the metadata's columns " + meta.names()
          + " are not the table's " + table.names());
    }
    checkConstraints(table, meta);
    List<ColumnMeta> cols = meta.columns();
    Set<Integer> grouped = new HashSet<>();
    List<Unit> units = new ArrayList<>();
    for (Constraint c : meta.constraints()) {
      if (c instanceof Constraint.FixedCombinations fc) {
        int[] idx = fc.columns().stream().mapToInt(n -> table.require(n, "constraint " + fc.describe())).toArray();
        for (int i : idx) {
          if (!grouped.add(i)) {
            throw new BadInputException("constraint " + fc.describe() + ": column '" + table.names().get(i)
                + "' is already in another fixed combination");
          }
        }
        units.add(category(table, idx));
      }
    }
    Map<Integer, TextColumn> texts = new TreeMap<>();
    for (int c = 0; c < cols.size(); c++) {
      if (grouped.contains(c)) {
        continue;
      }
      ColumnMeta m = cols.get(c);
      switch (m.kind()) {
        case NUMERICAL, DATETIME -> units.add(numeric(table, c, m, config));
        case CATEGORICAL, BOOLEAN -> units.add(category(table, new int[] {c}));
        case TEXT -> texts.put(c, TextColumn.fit(table.column(c)));
        case ID -> { } // numbered afresh when sampling
      }
    }
    // normal scores of every row, (rows, units)
    SplittableRandom rng = new SplittableRandom(config.seed());
    int n = table.size();
    double[][] z = new double[units.size()][n];
    for (int u = 0; u < units.size(); u++) {
      Map<String, Integer> index = new java.util.HashMap<>();
      if (units.get(u) instanceof Unit.Category cat) {
        for (int k = 0; k < cat.values().size(); k++) {
          index.put(TupleCounts.key(cat.values().get(k)), k);
        }
      }
      for (int r = 0; r < n; r++) {
        z[u][r] = Normal.inverse(uniform(units.get(u), table.rows().get(r), index, rng));
      }
    }
    double[][] corr = new double[units.size()][units.size()];
    for (int a = 0; a < units.size(); a++) {
      corr[a][a] = 1;
      for (int b = 0; b < a; b++) {
        corr[a][b] = corr[b][a] = pearson(z[a], z[b]);
      }
    }
    return new CopulaModel(meta, units, corr, texts, n);
  }

  /** Every real row must satisfy the declared constraints: otherwise the rule is wrong or the data is. */
  static void checkConstraints(Table table, Metadata meta) {
    for (Constraint c : meta.constraints()) {
      Predicate<Object[]> test = c.bind(meta.columns());
      int broken = 0;
      int first = -1;
      for (int r = 0; r < table.size(); r++) {
        if (!test.test(table.rows().get(r))) {
          broken++;
          first = first < 0 ? r + 1 : first;
        }
      }
      if (broken > 0) {
        throw new BadInputException(String.format("constraint %s: %d of %d rows of %s break it (first: data row %d); fix the data or drop the constraint",
            c.describe(), broken, table.size(), table.source(), first));
      }
    }
  }

  private static Unit.Numeric numeric(Table table, int c, ColumnMeta m, CopulaConfig config) {
    List<Double> xs = new ArrayList<>();
    int missing = 0;
    for (int r = 0; r < table.size(); r++) {
      Object cell = table.rows().get(r)[c];
      Double x = Values.number(cell, m);
      if (cell == null) {
        missing++;
      } else if (x == null || !Double.isFinite(x)) {
        throw new BadInputException(table.source() + " data row " + (r + 1) + ", column '" + m.name() + "': '" + cell
            + "' is not " + (m.kind() == ColumnKind.DATETIME ? "a datetime in the format " + m.format() : "a finite number")
            + " (the column is " + m.kind().id() + "; override its type in the metadata file)");
      } else {
        xs.add(x);
      }
    }
    if (xs.isEmpty()) {
      return new Unit.Numeric(c, m, new Marginals.Constant(0), 0, 0, 0, 1);
    }
    double[] v = xs.stream().mapToDouble(Double::doubleValue).toArray();
    Marginals.Fit fit = Marginals.best(v, config.distributions());
    double min = Arrays.stream(v).min().orElseThrow();
    double max = Arrays.stream(v).max().orElseThrow();
    return new Unit.Numeric(c, m, fit.marginal(), fit.ks(), min, max, (double) missing / table.size());
  }

  private static Unit.Category category(Table table, int[] columns) {
    TupleCounts tc = TupleCounts.of(table, columns);
    double[] bounds = new double[tc.shares().length + 1];
    double acc = 0;
    for (int k = 0; k < tc.shares().length; k++) {
      bounds[k] = acc;
      acc += tc.shares()[k];
    }
    bounds[tc.shares().length] = 1;
    return new Unit.Category(columns, tc.tuples(), bounds);
  }

  /** A row's position on the uniform scale of a unit: F(x), or a uniform draw inside its category's interval. */
  private static double uniform(Unit unit, Object[] row, Map<String, Integer> index, SplittableRandom rng) {
    if (unit instanceof Unit.Numeric num) {
      Double x = Values.number(row[num.column()], num.meta());
      return x == null ? rng.nextDouble() : num.marginal().cdf(x);
    }
    Unit.Category cat = (Unit.Category) unit;
    Object[] tuple = new Object[cat.columns().length];
    for (int j = 0; j < tuple.length; j++) {
      tuple[j] = row[cat.columns()[j]];
    }
    int k = index.get(TupleCounts.key(tuple));
    double lo = cat.bounds()[k];
    double hi = cat.bounds()[k + 1];
    return lo + (hi - lo) * rng.nextDouble();
  }

  static double pearson(double[] a, double[] b) {
    int n = a.length;
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < n; i++) {
      ma += a[i];
      mb += b[i];
    }
    ma /= n;
    mb /= n;
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < n; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    return saa <= 0 || sbb <= 0 ? 0 : sab / Math.sqrt(saa * sbb);
  }
}
