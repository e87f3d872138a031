package dev.fabrica.tabular.copula;

import dev.fabrica.core.BadInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.apache.commons.math3.special.Beta;

/**
 * The candidate marginals, how each is fitted, and the choice among them by goodness of fit: the
 * Kolmogorov-Smirnov statistic D = sup |F_n(x) - F(x)| against the column's empirical CDF, lowest
 * wins.
 */
public final class Marginals {
  /** The families {@link #best} chooses from, in the order that breaks ties. */
  public static final List<String> FAMILIES = List.of("normal", "truncnorm", "beta", "uniform", "kde");

  /** Points of the KDE's tabulated CDF. */
  static final int KDE_GRID = 512;

  private Marginals() {}

  /** A fitted marginal and its KS statistic on the data it was fitted to. */
  public record Fit(Marginal marginal, double ks) {}

  /**
   * Fits every family in {@code families} to {@code values} (finite numbers, at least one) and
   * returns the one with the lowest KS statistic; a column with one distinct value is constant.
   */
  public static Fit best(double[] values, List<String> families) {
    double[] x = values.clone();
    Arrays.sort(x);
    if (x.length == 0) {
      throw new IllegalArgumentException("no values to fit");
    }
    if (x[0] == x[x.length - 1]) {
      return new Fit(new Constant(x[0]), 0);
    }
    Fit best = null;
    for (String f : families) {
      Marginal m = fit(f, x);
      if (m == null) {
        continue;
      }
      double d = ks(x, m);
      if (best == null || d < best.ks() - 1e-12) {
        best = new Fit(m, d);
      }
    }
    if (best == null) {
      throw new IllegalArgumentException("no family of " + families + " could be fitted");
    }
    return best;
  }

  /** Fits one family to sorted values; null when the family cannot describe them. */
  static Marginal fit(String family, double[] sorted) {
    int n = sorted.length;
    double min = sorted[0];
    double max = sorted[n - 1];
    double mean = 0;
    for (double v : sorted) {
      mean += v;
    }
    mean /= n;
    double var = 0;
    for (double v : sorted) {
      var += (v - mean) * (v - mean);
    }
    var /= n;
    double sd = Math.sqrt(var);
    return switch (family) {
      case "normal" -> new NormalMarginal(mean, sd);
      case "uniform" -> new Uniform(min, max);
      case "truncnorm" -> truncnorm(sorted, mean, sd);
      case "beta" -> beta(min, max, mean, var);
      case "kde" -> kde(sorted, sd);
      default -> throw new BadInputException("unknown distribution '" + family + "' (one of " + String.join(", ", FAMILIES) + ")");
    };
  }

  /** D = max_i max(i/n - F(x_(i)), F(x_(i)) - (i-1)/n) over sorted values. */
  public static double ks(double[] sorted, Marginal m) {
    int n = sorted.length;
    double d = 0;
    for (int i = 0; i < n; i++) {
      double f = m.cdf(sorted[i]);
      // ties: the empirical CDF jumps once, at the last of equal values
      int j = i;
      while (j + 1 < n && sorted[j + 1] == sorted[i]) {
        j++;
      }
      d = Math.max(d, Math.max((j + 1.0) / n - f, f - (double) i / n));
      i = j;
    }
    return d;
  }

  private static Marginal truncnorm(double[] x, double mean, double sd) {
    double lo = x[0];
    double hi = x[x.length - 1];
    MultivariateFunction nll = p -> {
      double mu = p[0];
      double s = Math.exp(p[1]);
      double mass = Normal.cdf((hi - mu) / s) - Normal.cdf((lo - mu) / s);
      if (!(mass > 1e-300)) {
        return 1e300;
      }
      double sum = 0;
      for (double v : x) {
        double z = (v - mu) / s;
        sum += 0.5 * z * z;
      }
      return sum + x.length * (Math.log(s) + Math.log(mass));
    };
    try {
      PointValuePair best = new SimplexOptimizer(1e-10, 1e-12).optimize(
          new MaxEval(2000), new ObjectiveFunction(nll), GoalType.MINIMIZE,
          new InitialGuess(new double[] {mean, Math.log(sd)}), new NelderMeadSimplex(new double[] {sd * 0.1, 0.1}));
      double mu = best.getPoint()[0];
      double s = Math.exp(best.getPoint()[1]);
      return Double.isFinite(mu) && s > 0 ? new TruncNormal(mu, s, lo, hi) : null;
    } catch (RuntimeException e) {
      return new TruncNormal(mean, sd, lo, hi);
    }
  }

  private static Marginal beta(double min, double max, double mean, double var) {
    double pad = (max - min) * 1e-3;
    double lo = min - pad;
    double hi = max + pad;
    double w = hi - lo;
    double m = (mean - lo) / w;
    double v = var / (w * w);
    if (v <= 0 || v >= m * (1 - m)) {
      return null;
    }
    double common = m * (1 - m) / v - 1;
    return new BetaMarginal(m * common, (1 - m) * common, lo, hi);
  }

  /** A Gaussian KDE with Silverman's bandwidth 0.9 min(sd, IQR/1.34) n^(-1/5), its CDF tabulated. */
  private static Marginal kde(double[] x, double sd) {
    int n = x.length;
    double iqr = quantile(x, 0.75) - quantile(x, 0.25);
    double spread = iqr > 0 ? Math.min(sd, iqr / 1.34) : sd;
    double h = 0.9 * spread * Math.pow(n, -0.2);
    if (!(h > 0)) {
      return null;
    }
    double lo = x[0] - 4 * h;
    double hi = x[n - 1] + 4 * h;
    double[] g = new double[KDE_GRID];
    double[] f = new double[KDE_GRID];
    for (int k = 0; k < KDE_GRID; k++) {
      g[k] = lo + (hi - lo) * k / (KDE_GRID - 1);
      double s = 0;
      for (double v : x) {
        s += Normal.cdf((g[k] - v) / h);
      }
      f[k] = s / n;
    }
    // the tails beyond ±4h hold about 3e-5: stretch to exactly [0, 1]
    double f0 = f[0];
    double f1 = f[KDE_GRID - 1];
    for (int k = 0; k < KDE_GRID; k++) {
      f[k] = (f[k] - f0) / (f1 - f0);
    }
    return new Tabulated("kde", g, f, h);
  }

  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int i = (int) Math.floor(pos);
    int j = Math.min(sorted.length - 1, i + 1);
    return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
  }

  /** Reads a marginal written by {@link Marginal#toJson}. */
  public static Marginal fromJson(Map<?, ?> m, String where) {
    String name = String.valueOf(m.get("name"));
    try {
      return switch (name) {
        case "normal" -> new NormalMarginal(num(m, "mu"), num(m, "sigma"));
        case "truncnorm" -> new TruncNormal(num(m, "mu"), num(m, "sigma"), num(m, "low"), num(m, "high"));
        case "beta" -> new BetaMarginal(num(m, "a"), num(m, "b"), num(m, "low"), num(m, "high"));
        case "uniform" -> new Uniform(num(m, "low"), num(m, "high"));
        case "constant" -> new Constant(num(m, "value"));
        case "kde" -> new Tabulated("kde", nums(m, "x"), nums(m, "cdf"), num(m, "bandwidth"));
        default -> throw new BadInputException(where + ": unknown marginal '" + name + "'");
      };
    } catch (RuntimeException e) {
      if (e instanceof BadInputException) {
        throw e;
      }
      throw new BadInputException(where + ": bad " + name + " marginal: " + e.getMessage());
    }
  }

  private static double num(Map<?, ?> m, String key) {
    return ((Number) m.get(key)).doubleValue();
  }

  private static double[] nums(Map<?, ?> m, String key) {
    List<?> l = (List<?>) m.get(key);
    double[] out = new double[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) l.get(i)).doubleValue();
    }
    return out;
  }

  private static Map<String, Object> json(String name, Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** N(μ, σ²). */
  public record NormalMarginal(double mu, double sigma) implements Marginal {
    @Override
    public String name() {
      return "normal";
    }

    @Override
    public double cdf(double x) {
      return Normal.cdf((x - mu) / sigma);
    }

    @Override
    public double inverse(double u) {
      return mu + sigma * Normal.inverse(u);
    }

    @Override
    public Map<String, Object> toJson() {
      return json(name(), "mu", mu, "sigma", sigma);
    }
  }

  /** N(μ, σ²) restricted to [low, high]. */
  public record TruncNormal(double mu, double sigma, double low, double high) implements Marginal {
    @Override
    public String name() {
      return "truncnorm";
    }

    @Override
    public double cdf(double x) {
      if (x <= low) {
        return 0;
      }
      if (x >= high) {
        return 1;
      }
      double a = Normal.cdf((low - mu) / sigma);
      double b = Normal.cdf((high - mu) / sigma);
      return (Normal.cdf((x - mu) / sigma) - a) / (b - a);
    }

    @Override
    public double inverse(double u) {
      double a = Normal.cdf((low - mu) / sigma);
      double b = Normal.cdf((high - mu) / sigma);
      double x = mu + sigma * Normal.inverse(a + u * (b - a));
      return Math.min(high, Math.max(low, x));
    }

    @Override
    public Map<String, Object> toJson() {
      return json(name(), "mu", mu, "sigma", sigma, "low", low, "high", high);
    }
  }

  /** Beta(a, b) on [low, high]. */
  public static final class BetaMarginal implements Marginal {
    private final double a;
    private final double b;
    private final double low;
    private final double high;
    private final BetaDistribution dist;

    public BetaMarginal(double a, double b, double low, double high) {
      if (!(a > 0 && b > 0 && high > low)) {
        throw new IllegalArgumentException("beta needs a, b > 0 and high > low, got a=" + a + " b=" + b);
      }
      this.a = a;
      this.b = b;
      this.low = low;
      this.high = high;
      this.dist = new BetaDistribution(null, a, b, 1e-12);
    }

    @Override
    public String name() {
      return "beta";
    }

    @Override
    public double cdf(double x) {
      double y = (x - low) / (high - low);
      return y <= 0 ? 0 : y >= 1 ? 1 : Beta.regularizedBeta(y, a, b);
    }

    @Override
    public double inverse(double u) {
      return low + (high - low) * dist.inverseCumulativeProbability(Math.min(1, Math.max(0, u)));
    }

    @Override
    public Map<String, Object> toJson() {
      return json(name(), "a", a, "b", b, "low", low, "high", high);
    }
  }

  /** U(low, high). */
  public record Uniform(double low, double high) implements Marginal {
    @Override
    public String name() {
      return "uniform";
    }

    @Override
    public double cdf(double x) {
      return x <= low ? 0 : x >= high ? 1 : (x - low) / (high - low);
    }

    @Override
    public double inverse(double u) {
      return low + u * (high - low);
    }

    @Override
    public Map<String, Object> toJson() {
      return json(name(), "low", low, "high", high);
    }
  }

  /** A single value: every sample equals it. */
  public record Constant(double value) implements Marginal {
    @Override
    public String name() {
      return "constant";
    }

    @Override
    public double cdf(double x) {
      return x < value ? 0 : 1;
    }

    @Override
    public double inverse(double u) {
      return value;
    }

    @Override
    public Map<String, Object> toJson() {
      return json(name(), "value", value);
    }
  }

  /** A CDF tabulated at increasing points and interpolated linearly (the KDE's). */
  public record Tabulated(String name, double[] x, double[] cdf, double bandwidth) implements Marginal {
    public Tabulated {
      if (x.length != cdf.length || x.length < 2) {
        throw new IllegalArgumentException("a tabulated CDF needs as many points as values, at least 2");
      }
    }

    @Override
    public double cdf(double v) {
      if (v <= x[0]) {
        return 0;
      }
      if (v >= x[x.length - 1]) {
        return 1;
      }
      int i = Arrays.binarySearch(x, v);
      if (i >= 0) {
        return cdf[i];
      }
      int hi = -i - 1;
      int lo = hi - 1;
      return cdf[lo] + (cdf[hi] - cdf[lo]) * (v - x[lo]) / (x[hi] - x[lo]);
    }

    @Override
    public double inverse(double u) {
      if (u <= 0) {
        return x[0];
      }
      if (u >= 1) {
        return x[x.length - 1];
      }
      int lo = 0;
      int hi = cdf.length - 1;
      while (hi - lo > 1) {
        int mid = (lo + hi) >>> 1;
        if (cdf[mid] < u) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      double span = cdf[hi] - cdf[lo];
      return span <= 0 ? x[lo] : x[lo] + (x[hi] - x[lo]) * (u - cdf[lo]) / span;
    }

    @Override
    public Map<String, Object> toJson() {
      List<Double> xs = new ArrayList<>();
      List<Double> fs = new ArrayList<>();
      for (int i = 0; i < x.length; i++) {
        xs.add(x[i]);
        fs.add(cdf[i]);
      }
      return json(name, "bandwidth", bandwidth, "x", xs, "cdf", fs);
    }
  }
}
