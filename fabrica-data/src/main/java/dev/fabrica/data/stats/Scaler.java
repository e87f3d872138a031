package dev.fabrica.data.stats;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fitted affine scaling {@code x' = (x - offset) / scale * factor + low}, as scikit-learn's
 * scalers: {@code standard} has offset = mean, scale = population standard deviation (1 when it is
 * 0), factor 1, low 0; {@code minmax} with range [a, b] has offset = min, scale = max - min (1 when it
 * is 0), factor = b - a, low = a. {@link #inverse} maps model outputs back to the original scale.
 */
public record Scaler(String method, double offset, double scale, double factor, double low)
    implements java.io.Serializable {
  public Scaler {
    if (!method.equals("standard") && !method.equals("minmax")) {
      throw new IllegalArgumentException("unknown scaler method '" + method + "' (standard or minmax)");
    }
    if (!(scale > 0) || !Double.isFinite(scale)) {
      throw new IllegalArgumentException("scale must be positive and finite, got " + scale);
    }
  }

  /** scikit-learn's StandardScaler from a fitted mean and population standard deviation. */
  public static Scaler standard(double mean, double std) {
    return new Scaler("standard", mean, std == 0 ? 1 : std, 1, 0);
  }

  /** scikit-learn's MinMaxScaler to [a, b] from the fitted min and max. */
  public static Scaler minMax(double min, double max, double a, double b) {
    double range = max - min;
    return new Scaler("minmax", min, range == 0 ? 1 : range, b - a, a);
  }

  public double transform(double x) {
    return (x - offset) / scale * factor + low;
  }

  public double inverse(double y) {
    return (y - low) / factor * scale + offset;
  }

  /** The form kept in stats.json. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("method", method);
    if (method.equals("standard")) {
      m.put("mean", offset);
      m.put("std", scale);
    } else {
      m.put("min", offset);
      m.put("max", offset + scale);
      m.put("range", new double[] {low, low + factor});
    }
    return m;
  }

  /** Reads the stats.json form back. */
  public static Scaler fromMap(Map<String, Object> m) {
    String method = String.valueOf(m.get("method"));
    if (method.equals("standard")) {
      return new Scaler("standard", num(m.get("mean")), num(m.get("std")), 1, 0);
    }
    double min = num(m.get("min"));
    double max = num(m.get("max"));
    Object r = m.get("range");
    double a = 0;
    double b = 1;
    if (r instanceof java.util.List<?> l && l.size() == 2) {
      a = num(l.get(0));
      b = num(l.get(1));
    }
    return new Scaler("minmax", min, max - min == 0 ? 1 : max - min, b - a, a);
  }

  private static double num(Object o) {
    if (o instanceof Number n) {
      return n.doubleValue();
    }
    throw new IllegalArgumentException("expected a number in stats.json, got " + o);
  }
}
