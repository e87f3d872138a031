package dev.fabrica.tabular.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fabrica.tabular.Table;
import dev.fabrica.tabular.Tables;
import dev.fabrica.tabular.meta.Metadata;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TransformTest {
  @Test
  void bayesian_gmm_recovers_two_modes_and_switches_the_rest_off() {
    SplittableRandom r = new SplittableRandom(1);
    double[] x = new double[3000];
    for (int i = 0; i < x.length; i++) {
      x[i] = i % 4 == 0 ? 10 + 0.5 * r.nextGaussian() : -2 + r.nextGaussian(); // 25% / 75%
    }
    BayesianGmm g = BayesianGmm.fit(x, 10, 1e-3, 200);
    // the big components sit on the two modes with their weights; leftovers carry little weight
    double wHigh = 0;
    double wLow = 0;
    for (int k = 0; k < g.means().length; k++) {
      if (Math.abs(g.means()[k] - 10) < 1.5) {
        wHigh += g.weights()[k];
      } else if (Math.abs(g.means()[k] + 2) < 2.5) {
        wLow += g.weights()[k];
      }
    }
    assertThat(wHigh).isCloseTo(0.25, within(0.02));
    assertThat(wLow).isCloseTo(0.75, within(0.02));
    assertThat(g.means().length).isLessThan(10);
    assertThat(Arrays.stream(g.weights()).sum()).isCloseTo(1, within(1e-9));
    double[] p = g.responsibilities(10);
    int best = 0;
    for (int k = 1; k < p.length; k++) {
      best = p[k] > p[best] ? k : best;
    }
    assertThat(g.means()[best]).isCloseTo(10, within(1.0));
  }

  @Test
  void transform_then_inverse_gives_the_rows_back() {
    Table t = Tables.mixed(400, 3);
    Metadata meta = Metadata.detect(t);
    DataTransformer tr = DataTransformer.fit(t, meta, 1);
    float[] v = tr.transform(t.rows(), new SplittableRandom(2));
    assertThat(v.length).isEqualTo(400 * tr.width());
    // one-hots sum to one per softmax segment
    for (DataTransformer.Segment s : tr.segments()) {
      if (!s.tanh()) {
        float sum = 0;
        for (int k = 0; k < s.size(); k++) {
          sum += v[s.start() + k];
        }
        assertThat(sum).isEqualTo(1f);
      }
    }
    List<Object[]> back = tr.inverse(v, 400, null, new SplittableRandom(3));
    int off = 0;
    for (int i = 0; i < 400; i++) {
      Object[] a = t.rows().get(i);
      Object[] b = back.get(i);
      // a mode drawn from the far tail of its posterior puts α beyond ±0.99, where it is clipped (as
      // in CTGAN): those few rows come back nearer that mode; every other number comes back exactly
      boolean exact = b[1].equals(a[1]) && Math.abs((Double) b[2] - (Double) a[2]) <= 0.02;
      off += exact ? 0 : 1;
      assertThat(b[3]).isEqualTo(a[3]);
      assertThat(b[4]).isEqualTo(a[4]);
      assertThat(b[5]).isEqualTo(a[5]);
    }
    assertThat(off).isLessThanOrEqualTo(8);
    DataTransformer again = DataTransformer.fromJson(dev.fabrica.core.Json.MAPPER.convertValue(tr.toJson(), java.util.Map.class), meta, "t");
    assertThat(again.width()).isEqualTo(tr.width());
    assertThat(again.inverse(v, 5, null, new SplittableRandom(3)).get(4)).containsExactly(back.get(4));
    int[] b = tr.categoryIndexes("segment", "b", "--where segment=b");
    assertThat(b).hasSize(1);
    assertThat(tr.discreteSegments()).hasSize(2);
  }
}
