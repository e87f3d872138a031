package dev.fabrica.tabular.copula;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import dev.fabrica.tabular.TabularModel;
import dev.fabrica.tabular.TextColumn;
import dev.fabrica.tabular.Values;
import dev.fabrica.tabular.meta.ColumnKind;
import dev.fabrica.tabular.meta.ColumnMeta;
import dev.fabrica.tabular.meta.Metadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A fitted Gaussian copula: z ~ N(0, R) over the units, then x = F⁻¹(Φ(z)) per numerical column
 * (F truncated to the training range, and x rounded as the column was), the category whose frequency
 * interval holds Φ(z) per categorical one. Conditions fix a unit's z to a point (a number) or to
 * its categories' intervals, and the rest follow from the conditional normal. Immutable.
 */
public final class CopulaModel implements TabularModel {
  private final Metadata meta;
  private final List<Unit> units;
  private final double[][] correlation;
  private final Map<Integer, TextColumn> texts;
  private final int rows;
  private final double[][] chol;

  CopulaModel(Metadata meta, List<Unit> units, double[][] correlation, Map<Integer, TextColumn> texts, int rows) {
    this.meta = meta;
    this.units = List.copyOf(units);
    this.correlation = correlation;
    this.texts = new TreeMap<>(texts);
    this.rows = rows;
    this.chol = ConditionalNormal.cholesky(correlation);
  }

  @Override
  public String synthesizer() {
    return "copula";
  }

  @Override
  public Metadata metadata() {
    return meta;
  }

  /** Rows the model was fitted on. */
  public int rows() {
    return rows;
  }

  /** The copula's correlation matrix, (units, units); a copy. */
  public double[][] correlation() {
    double[][] c = new double[correlation.length][];
    for (int i = 0; i < c.length; i++) {
      c[i] = correlation[i].clone();
    }
    return c;
  }

  /**
   * The cells column {@code column} takes in samples when it is categorical or boolean (one
   * column's part of each category, missing ones left out, each value once, most frequent first);
   * empty for a column of another kind.
   */
  @Override
  public List<Object> categories(int column) {
    Map<String, Object> seen = new LinkedHashMap<>();
    for (Unit u : units) {
      if (u instanceof Unit.Category cat) {
        for (int j = 0; j < cat.columns().length; j++) {
          if (cat.columns()[j] == column) {
            Values.addDistinct(seen, cat.values(), j);
          }
        }
      }
    }
    return List.copyOf(seen.values());
  }

  /** The chosen marginal family of each numerical or datetime column, by name. */
  public Map<String, String> marginals() {
    Map<String, String> m = new LinkedHashMap<>();
    for (Unit u : units) {
      if (u instanceof Unit.Numeric num) {
        m.put(num.meta().name(), num.marginal().name());
      }
    }
    return m;
  }

  @Override
  public List<Object[]> draw(int n, SplittableRandom rng, Map<String, String> where) {
    Condition[] cond = conditions(where);
    List<List<double[]>> intervals = new ArrayList<>();
    boolean any = false;
    for (Condition c : cond) {
      intervals.add(c == null ? null : c.intervals);
      any |= c != null;
    }
    ConditionalNormal cn = any ? new ConditionalNormal(correlation, intervals) : null;
    int width = meta.columns().size();
    List<Object[]> out = new ArrayList<>(n);
    double[] eps = new double[units.size()];
    for (int i = 0; i < n; i++) {
      double[] z;
      if (cn != null) {
        z = cn.draw(rng);
      } else {
        for (int k = 0; k < eps.length; k++) {
          eps[k] = rng.nextGaussian();
        }
        z = new double[units.size()];
        for (int a = 0; a < z.length; a++) {
          double v = 0;
          for (int b = 0; b <= a; b++) {
            v += chol[a][b] * eps[b];
          }
          z[a] = v;
        }
      }
      Object[] row = new Object[width];
      for (int u = 0; u < units.size(); u++) {
        decode(units.get(u), z[u], cond[u], row, rng);
      }
      for (Map.Entry<Integer, TextColumn> t : texts.entrySet()) {
        row[t.getKey()] = t.getValue().draw(rng);
      }
      out.add(row);
    }
    return out;
  }

  private static void decode(Unit unit, double z, Condition c, Object[] row, SplittableRandom rng) {
    if (unit instanceof Unit.Numeric num) {
      if (c != null) {
        row[num.column()] = c.cell;
      } else if (num.missing() > 0 && rng.nextDouble() < num.missing()) {
        row[num.column()] = null;
      } else {
        // the marginal truncated to the training range: clamping instead would pile the tails' mass
        // on the extreme values, and rows of extremes would copy the real extreme rows
        double lo = num.marginal().cdf(num.min());
        double hi = num.marginal().cdf(num.max());
        double x = num.marginal().inverse(lo + Normal.cdf(z) * (hi - lo));
        x = Math.min(num.max(), Math.max(num.min(), x));
        row[num.column()] = Values.cell(x, num.meta());
      }
      return;
    }
    Unit.Category cat = (Unit.Category) unit;
    int k = cat.at(Normal.cdf(z));
    if (c != null && !c.allowed.contains(k)) {
      // z on an interval's very edge: the nearest allowed category
      int best = -1;
      for (int a : c.allowed) {
        best = best < 0 || Math.abs(a - k) < Math.abs(best - k) ? a : best;
      }
      k = best;
    }
    Object[] tuple = cat.values().get(k);
    for (int j = 0; j < tuple.length; j++) {
      row[cat.columns()[j]] = tuple[j];
    }
  }

  /** A unit's condition: its normal score's intervals, the allowed categories or the fixed cell. */
  private record Condition(List<double[]> intervals, Set<Integer> allowed, Object cell) {}

  private Condition[] conditions(Map<String, String> where) {
    Condition[] out = new Condition[units.size()];
    Map<Integer, Set<Integer>> allowed = new LinkedHashMap<>();
    for (Map.Entry<String, String> w : where.entrySet()) {
      String name = w.getKey();
      String text = w.getValue();
      String at = "--where " + name + "=" + text;
      int col = meta.names().indexOf(name);
      if (col < 0) {
        throw new BadInputException(at + ": unknown column '" + name + "' (columns: " + String.join(", ", meta.names()) + ")");
      }
      ColumnMeta m = meta.columns().get(col);
      if (m.kind() == ColumnKind.ID || m.kind() == ColumnKind.TEXT) {
        throw new BadInputException(at + ": '" + name + "' is " + m.kind().id() + ", which sampling cannot be conditioned on");
      }
      int u = unitOf(col);
      if (units.get(u) instanceof Unit.Numeric num) {
        Double x = Values.number(text, m);
        if (x == null) {
          throw new BadInputException(at + ": '" + text + "' is not "
              + (m.kind() == ColumnKind.DATETIME ? "a datetime in the format " + m.format() : "a number"));
        }
        if (x < num.min() || x > num.max()) {
          throw new BadInputException(at + ": outside the range seen in training (" + Values.cell(num.min(), m)
              + " to " + Values.cell(num.max(), m) + ")");
        }
        double zx = Normal.inverse(num.marginal().cdf(x));
        out[u] = new Condition(List.of(new double[] {zx, zx}), Set.of(), Values.cell(x, m));
        continue;
      }
      Unit.Category cat = (Unit.Category) units.get(u);
      int member = 0;
      while (cat.columns()[member] != col) {
        member++;
      }
      String key = textKey(text);
      Set<Integer> ok = new HashSet<>();
      Set<String> seen = new java.util.TreeSet<>();
      for (int k = 0; k < cat.values().size(); k++) {
        Object v = cat.values().get(k)[member];
        if (v != null) {
          seen.add(Values.key(v));
        }
        if (Values.key(v).equals(key)) {
          ok.add(k);
        }
      }
      if (ok.isEmpty()) {
        throw new BadInputException(at + ": '" + name + "' has no value '" + text + "' in training (values: "
            + String.join(", ", seen.stream().limit(30).toList()) + (seen.size() > 30 ? ", ..." : "") + ")");
      }
      allowed.merge(u, ok, (a, b) -> {
        Set<Integer> both = new HashSet<>(a);
        both.retainAll(b);
        return both;
      });
      if (allowed.get(u).isEmpty()) {
        throw new BadInputException(at + ": no combination of the fixed columns seen in training has all the --where values");
      }
    }
    for (Map.Entry<Integer, Set<Integer>> e : allowed.entrySet()) {
      Unit.Category cat = (Unit.Category) units.get(e.getKey());
      List<double[]> iv = new ArrayList<>();
      for (int k : new java.util.TreeSet<>(e.getValue())) {
        double lo = cat.bounds()[k];
        double hi = cat.bounds()[k + 1];
        iv.add(new double[] {lo <= 0 ? Double.NEGATIVE_INFINITY : Normal.inverse(lo), hi >= 1 ? Double.POSITIVE_INFINITY : Normal.inverse(hi)});
      }
      out[e.getKey()] = new Condition(iv, e.getValue(), null);
    }
    return out;
  }

  /** The key a --where text matches a cell by: numbers by value, the rest by text. */
  private static String textKey(String text) {
    try {
      return Values.key(Double.parseDouble(text.strip()));
    } catch (NumberFormatException e) {
      return Values.key(text);
    }
  }

  private int unitOf(int column) {
    for (int u = 0; u < units.size(); u++) {
      Unit unit = units.get(u);
      if (unit instanceof Unit.Numeric num && num.column() == column
          || unit instanceof Unit.Category cat && Arrays.stream(cat.columns()).anyMatch(c -> c == column)) {
        return u;
      }
    }
    throw new IllegalStateException("no unit for column " + column);
  }

  @Override
  public void save(Path dir) {
    Json.writeFile(dir.resolve("metadata.json"), meta.toJson());
    Json.writeFile(dir.resolve("model.json"), toJson());
  }

  /** model.json's content: units, marginals, correlation, text columns ({@link #fromJson} reads it back). */
  public Map<String, Object> toJson() {
    List<String> names = meta.names();
    List<Map<String, Object>> us = new ArrayList<>();
    for (Unit u : units) {
      Map<String, Object> m = new LinkedHashMap<>();
      if (u instanceof Unit.Numeric num) {
        m.put("type", "numerical");
        m.put("column", names.get(num.column()));
        m.put("marginal", num.marginal().toJson());
        m.put("ks", num.ks());
        m.put("min", num.min());
        m.put("max", num.max());
        m.put("missing", num.missing());
      } else {
        Unit.Category cat = (Unit.Category) u;
        m.put("type", "categorical");
        m.put("columns", Arrays.stream(cat.columns()).mapToObj(names::get).toList());
        m.put("values", cat.values().stream().map(Arrays::asList).toList());
        m.put("bounds", Arrays.stream(cat.bounds()).boxed().toList());
      }
      us.add(m);
    }
    Map<String, Object> text = new LinkedHashMap<>();
    texts.forEach((c, t) -> text.put(names.get(c), t.toJson()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("synthesizer", "copula");
    out.put("rows", rows);
    out.put("units", us);
    out.put("correlation", Arrays.stream(correlation).map(r -> Arrays.stream(r).boxed().toList()).toList());
    out.put("text", text);
    return out;
  }

  /** Reads a run directory's metadata.json and model.json. */
  public static CopulaModel load(Path dir) {
    Path metaFile = dir.resolve("metadata.json");
    Path modelFile = dir.resolve("model.json");
    Metadata meta = Metadata.fromJson(readJson(metaFile), metaFile.toString());
    return fromJson(meta, readJson(modelFile), modelFile.toString());
  }

  /**
   * The model whose {@link #toJson} is {@code json}, over the columns of {@code meta}: the same
   * model {@link #load} reads from a run directory, e.g. on a machine that does not see it.
   *
   * @param source names the JSON in errors
   */
  public static CopulaModel fromJson(Metadata meta, Map<String, Object> json, String source) {
    List<String> names = meta.names();
    List<Unit> units = new ArrayList<>();
    try {
      for (Object o : (List<?>) json.get("units")) {
        Map<?, ?> m = (Map<?, ?>) o;
        if ("numerical".equals(m.get("type"))) {
          int c = names.indexOf((String) m.get("column"));
          units.add(new Unit.Numeric(c, meta.columns().get(c), Marginals.fromJson((Map<?, ?>) m.get("marginal"), source),
              num(m.get("ks")), num(m.get("min")), num(m.get("max")), num(m.get("missing"))));
        } else {
          int[] cols = ((List<?>) m.get("columns")).stream().mapToInt(n -> names.indexOf((String) n)).toArray();
          List<Object[]> values = new ArrayList<>();
          for (Object t : (List<?>) m.get("values")) {
            values.add(((List<?>) t).stream().map(CopulaModel::cell).toArray());
          }
          double[] bounds = ((List<?>) m.get("bounds")).stream().mapToDouble(CopulaModel::num).toArray();
          units.add(new Unit.Category(cols, values, bounds));
        }
      }
      List<?> rowsJson = (List<?>) json.get("correlation");
      double[][] corr = new double[rowsJson.size()][];
      for (int i = 0; i < corr.length; i++) {
        corr[i] = ((List<?>) rowsJson.get(i)).stream().mapToDouble(CopulaModel::num).toArray();
      }
      Map<Integer, TextColumn> texts = new TreeMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) json.get("text")).entrySet()) {
        texts.put(names.indexOf((String) e.getKey()), TextColumn.fromJson((Map<?, ?>) e.getValue()));
      }
      return new CopulaModel(meta, units, corr, texts, ((Number) json.get("rows")).intValue());
    } catch (ClassCastException | NullPointerException | IndexOutOfBoundsException e) {
      throw new BadInputException(source + ": not a copula model written by fabrica (" + e.getMessage() + ")");
    }
  }

  private static double num(Object o) {
    return ((Number) o).doubleValue();
  }

  private static Object cell(Object o) {
    return o instanceof Integer i ? (Object) i.longValue() : o instanceof Float f ? (Object) f.doubleValue() : o;
  }

  static Map<String, Object> readJson(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(file + ": missing (not a tabular run directory?)");
    }
    try {
      return Json.MAPPER.readValue(file.toFile(), new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new BadInputException(file + ": " + e.getMessage().lines().findFirst().orElse("unreadable"));
    }
  }
}
