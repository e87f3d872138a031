package dev.fabrica.tabular.eval;

import dev.fabrica.tabular.Table;
import dev.fabrica.tabular.meta.Metadata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole quality and privacy report of a synthetic table against the real rows it was trained
 * on (and, when there are any, real rows it never saw).
 *
 * @param holdout held-out real rows, or null: machine-learning efficacy and the held-out DCR need them
 * @param efficacy null without a holdout or a categorical target
 */
public record Evaluation(Table real, Table holdout, Table synthetic, Metadata meta, List<Quality.Shape> shapes,
    List<Quality.Pair> pairs, double detectionAuc, Map<String, Object> efficacy, Map<String, Object> privacy) {

  /** Computes every score; {@code target} null picks the last categorical column. */
  public static Evaluation run(Table real, Table holdout, Table synthetic, Metadata meta, String target, long seed) {
    List<Quality.Shape> shapes = Quality.shapes(real, synthetic, meta);
    List<Quality.Pair> pairs = Quality.pairs(real, synthetic, meta);
    double auc = Detection.auc(real, synthetic, meta, seed);
    String t = target != null ? target : Efficacy.defaultTarget(meta);
    Map<String, Object> eff = holdout != null && holdout.size() > 0 && t != null
        ? Efficacy.compare(real, holdout, synthetic, meta, t) : null;
    Map<String, Object> priv = Privacy.report(real, holdout, synthetic, meta, seed);
    return new Evaluation(real, holdout, synthetic, meta, shapes, pairs, auc, eff, priv);
  }

  public double overall() {
    return Quality.overall(shapes, pairs);
  }

  /** The scores as JSON (no per-column plots): what {@code fabrica eval} prints and bench records. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("real_rows", real.size());
    m.put("holdout_rows", holdout == null ? 0 : holdout.size());
    m.put("synthetic_rows", synthetic.size());
    m.put("quality", Quality.summary(shapes, pairs));
    m.put("detection_auc", detectionAuc);
    m.put("ml_efficacy", efficacy);
    m.put("privacy", privacy);
    Map<String, Object> cols = new LinkedHashMap<>();
    for (Quality.Shape s : shapes) {
      cols.put(s.column(), Map.of("metric", s.metric(), "score", s.score()));
    }
    m.put("columns", cols);
    return m;
  }
}
