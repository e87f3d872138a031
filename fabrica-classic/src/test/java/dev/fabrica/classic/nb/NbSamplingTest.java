package dev.fabrica.classic.nb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fabrica.data.table.ColumnType;
import dev.fabrica.data.table.Row;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Sampling: moments and frequencies of many draws, determinism, and a mixed table. */
class NbSamplingTest {
  static final NbConfig SHOP = NbConfig.defaults(NbKind.MIXED).withTextColumns(List.of("review"));
  private static final int N = 20_000;

  /**
   * A small shop table: price (double), items (integer), colour (string), review (text), label. Good
   * rows are pricier, blue and "great"; about 5% of each feature cell is missing.
   */
  static NbData shop(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    String[] goodWords = {"great", "love", "fast", "nice"};
    String[] badWords = {"broken", "slow", "refund", "bad"};
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean good = r.nextDouble() < 0.6;
      double price = good ? 40 + 5 * r.nextGaussian() : 20 + 3 * r.nextGaussian();
      long items = good ? 3 + r.nextInt(3) : 1 + r.nextInt(2);
      String colour = good ? (r.nextDouble() < 0.7 ? "blue" : "red") : (r.nextDouble() < 0.7 ? "red" : "green");
      String[] words = good ? goodWords : badWords;
      StringBuilder review = new StringBuilder();
      int len = 1 + r.nextInt(4);
      for (int w = 0; w < len; w++) {
        review.append(w == 0 ? "" : " ").append(words[r.nextInt(words.length)]);
      }
      Object[] row = {price, items, colour, review.toString(), good ? "good" : "bad"};
      for (int j = 0; j < 4; j++) {
        if (r.nextDouble() < 0.05) {
          row[j] = null;
        }
      }
      rows.add(row);
    }
    return NbData.ofCells("shop", List.of("price", "items", "colour", "review", "label"), rows, "label", SHOP);
  }

  private static double[] column(NbSamples s, String name) {
    return s.column(name).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
  }

  @Test
  void gaussian_samples_have_the_class_means_and_variances() throws IOException {
    NbConfig config = NbConfig.defaults();
    NbModel m = NbModel.fit(config, NbSklearnParityTest.data(NbSklearnParityTest.golden("gaussian-iris.json"), config));
    GaussianBlock g = (GaussianBlock) m.blocks().get(0);
    for (int c = 0; c < 3; c++) {
      NbSamples s = m.sample(N, 100 + c, m.classes().get(c));
      for (int j = 0; j < 4; j++) {
        double[] x = column(s, m.table().columns().get(j).name());
        double mean = Arrays.stream(x).average().orElseThrow();
        double var = Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / N;
        double sd = Math.sqrt(g.variance()[c][j]);
        // 5 standard errors for the mean; the variance of a normal sample has sd var * sqrt(2 / N) ≈ 1%
        assertThat(mean).isCloseTo(g.theta()[c][j], within(5 * sd / Math.sqrt(N)));
        assertThat(var).isCloseTo(g.variance()[c][j], within(0.05 * g.variance()[c][j]));
      }
    }
  }

  @Test
  void categorical_samples_have_the_smoothed_frequencies_and_classes_follow_the_prior() throws IOException {
    NbConfig config = NbConfig.defaults(NbKind.CATEGORICAL);
    NbModel m = NbModel.fit(config, NbSklearnParityTest.data(NbSklearnParityTest.golden("categorical-codes.json"), config));
    NbSamples s = m.sample(N, 7L);
    List<Object> labels = s.column("label");
    double[] prior = m.classLogPrior();
    for (int c = 0; c < 3; c++) {
      String cls = m.classes().get(c);
      double p = Math.exp(prior[c]);
      double f = labels.stream().filter(cls::equals).count() / (double) N;
      assertThat(f).isCloseTo(p, within(5 * Math.sqrt(p * (1 - p) / N)));
    }
    CategoricalBlock size = (CategoricalBlock) m.blocks().get(1);
    NbSamples k0 = m.sample(N, 8L, "k0");
    List<Object> sizes = k0.column("size");
    for (int k = 0; k < size.categories().size(); k++) {
      Object cat = Long.parseLong(size.categories().get(k)); // integer codes come back as Longs
      double p = size.probabilities()[0][k];
      double f = sizes.stream().filter(cat::equals).count() / (double) N;
      assertThat(f).as("category %s", cat).isCloseTo(p, within(5 * Math.sqrt(p * (1 - p) / N)));
    }
  }

  @Test
  void sampling_is_deterministic_for_a_seed_and_differs_across_seeds() {
    NbModel m = NbModel.fit(SHOP, shop(300, 1L));
    assertThat(values(m.sample(100, 5L))).isEqualTo(values(m.sample(100, 5L)));
    assertThat(values(m.sample(100, 5L))).isNotEqualTo(values(m.sample(100, 6L)));
  }

  private static List<List<Object>> values(NbSamples s) {
    return s.rows().stream().map(r -> Arrays.asList(r.values())).toList();
  }

  @Test
  void mixed_model_fits_predicts_and_samples_rows_with_the_table_names_and_types() {
    NbData data = shop(600, 2L);
    NbModel m = NbModel.fit(SHOP, data);
    assertThat(m.table().columns()).extracting(NbColumn::dist).containsExactly(
        NbColumn.Dist.GAUSSIAN, NbColumn.Dist.GAUSSIAN, NbColumn.Dist.CATEGORICAL, NbColumn.Dist.TOKENS);
    List<String> predicted = m.predict(data);
    long right = 0;
    for (int i = 0; i < data.size(); i++) {
      right += predicted.get(i).equals(data.label(i)) ? 1 : 0;
    }
    assertThat(right / (double) data.size()).isGreaterThan(0.95);
    for (double lm : m.logMarginal(data)) {
      assertThat(lm).isFinite();
    }

    NbSamples s = m.sample(2000, 11L, "good");
    assertThat(s.schema().names()).containsExactly("price", "items", "colour", "review", "label");
    assertThat(s.schema().columns()).extracting(c -> c.type()).containsExactly(
        ColumnType.DOUBLE, ColumnType.INTEGER, ColumnType.STRING, ColumnType.STRING, ColumnType.STRING);
    for (Row r : s.rows()) {
      assertThat(r.get(0)).isInstanceOf(Double.class);
      assertThat(r.get(1)).isInstanceOf(Long.class);
      assertThat(r.get(2)).isIn("blue", "red", "green");
      assertThat(((String) r.get(3)).split(" ")).isSubsetOf("great", "love", "fast", "nice", "broken", "slow", "refund", "bad");
      assertThat(r.get(4)).isEqualTo("good");
    }
    // token lengths come from the good rows' lengths (1 to 4); the words are mostly good ones
    List<Object> reviews = s.column("review");
    assertThat(reviews).allSatisfy(t -> assertThat(((String) t).split(" ").length).isBetween(1, 4));
    long good = reviews.stream().flatMap(t -> Arrays.stream(((String) t).split(" ")))
        .filter(w -> List.of("great", "love", "fast", "nice").contains(w)).count();
    long all = reviews.stream().mapToLong(t -> ((String) t).split(" ").length).sum();
    assertThat(good / (double) all).isGreaterThan(0.95);
    assertThat(Arrays.stream(column(s, "price")).average().orElseThrow()).isCloseTo(40, within(1.0));
  }
}
