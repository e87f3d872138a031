package dev.fabrica.classic.hmm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fabrica.core.BadInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The E-step as an engine runs it: statistics of blocks of sequences, serialized, merged in block
 * order, drive {@link HmmTrainer#fit(Expectation, HmmModel)} to the one-machine history.
 */
class HmmStatisticsTest {
  /** An expectation over uneven blocks whose statistics make a serialization round trip, as Spark's would. */
  private static final class Blocks implements Expectation {
    final Sequences data;
    final int[] bounds;

    Blocks(Sequences data, int... bounds) {
      this.data = data;
      this.bounds = bounds;
    }

    @Override
    public HmmStatistics expect(HmmModel model) {
      HmmModel shipped = roundTrip(model);
      HmmStatistics total = HmmStatistics.empty(model);
      for (int b = 0; b + 1 < bounds.length; b++) {
        total.merge(roundTrip(HmmStatistics.of(shipped, data.slice(bounds[b], bounds[b + 1]), bounds[b])));
      }
      return total;
    }

    @Override
    public double score(HmmModel model) {
      double s = 0;
      for (int b = 0; b + 1 < bounds.length; b++) {
        s += model.score(data.slice(bounds[b], bounds[b + 1]));
      }
      return s;
    }
  }

  @SuppressWarnings("unchecked")
  static <T> T roundTrip(T value) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(value);
      }
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        return (T) in.readObject();
      }
    } catch (IOException | ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  private static void assertSameHistory(List<Double> expected, List<Double> actual) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i)).as("iteration " + (i + 1))
          .isCloseTo(expected.get(i), within(1e-10 * Math.abs(expected.get(i))));
    }
  }

  @Test
  void blocks_merged_in_order_give_the_one_machine_history_for_every_emission_kind() {
    Sequences symbols = HmmTrainerTest.sample(HmmTrainerTest.threeStateCategorical(), null);
    Sequences vectors = HmmTrainerTest.sample(HmmTrainerTest.twoStateGaussian(), null);
    List<Object[]> cases = new ArrayList<>();
    cases.add(new Object[] {symbols, HmmSpec.categorical(3, 4)});
    cases.add(new Object[] {vectors, HmmSpec.gaussian(2, CovarianceType.FULL)});
    cases.add(new Object[] {vectors, HmmSpec.gaussian(2, CovarianceType.TIED)});
    cases.add(new Object[] {vectors, HmmSpec.gmm(2, 2)});
    cases.add(new Object[] {symbols, HmmSpec.poisson(2)});
    HmmTrainer.Options options = HmmTrainer.Options.defaults().withMaxIter(8).withTol(-1).withSeed(5).withThreads(1);
    for (Object[] c : cases) {
      Sequences data = (Sequences) c[0];
      HmmModel initial = Initializer.initial((HmmSpec) c[1], data, options);
      HmmModel one = new HmmTrainer(options).fit(data, initial);
      HmmModel blocks = new HmmTrainer(options).fit(new Blocks(data, 0, 7, 7, 120, 200), initial);
      assertSameHistory(one.logLikelihoodHistory(), blocks.logLikelihoodHistory());
      assertThat(blocks.logLikelihoodHistory()).hasSize(8);
      double[][] a = one.transmat();
      double[][] b = blocks.transmat();
      for (int i = 0; i < a.length; i++) {
        for (int j = 0; j < a.length; j++) {
          assertThat(b[i][j]).as(c[1] + " transmat").isCloseTo(a[i][j], within(1e-9));
        }
      }
    }
  }

  @Test
  void a_block_names_an_impossible_sequence_by_its_place_in_the_whole_data() {
    // state 0 emits only symbol 0 and state 1 only symbol 1, and state 1 is never entered: symbol 1 is impossible
    HmmModel model = new HmmModel(new double[] {1, 0}, new double[][] {{1, 0}, {0, 1}},
        new CategoricalEmission(new double[][] {{1, 0}, {0, 1}}));
    Sequences data = Sequences.ofSymbols(new int[] {0, 0}, new int[] {0, 0, 0}, new int[] {1, 1}, new int[] {0, 1});
    HmmStatistics tail = HmmStatistics.of(model, data.slice(2, 4), 2);
    assertThat(tail.used()).isZero();
    assertThat(tail.impossible()).isEqualTo(2);
    HmmStatistics all = HmmStatistics.empty(model);
    all.merge(HmmStatistics.of(model, data.slice(0, 2), 0));
    all.merge(tail);
    assertThat(all.used()).isEqualTo(2);
    assertThat(all.logLikelihood()).isEqualTo(0.0);
    HmmTrainer trainer = new HmmTrainer(HmmTrainer.Options.defaults());
    assertThatThrownBy(() -> trainer.fit(new Blocks(data.slice(2, 4), 0, 1, 2), model))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("first: sequence 0");
    assertThatThrownBy(() -> trainer.fit(new Expectation() {
      @Override
      public HmmStatistics expect(HmmModel m) {
        return HmmStatistics.of(m, data.slice(2, 4), 2);
      }

      @Override
      public double score(HmmModel m) {
        return m.score(data);
      }
    }, model)).isInstanceOf(BadInputException.class).hasMessageContaining("first: sequence 2");
  }

  @Test
  void slices_share_the_observations_and_check_their_bounds() {
    Sequences data = Sequences.ofSymbols(new int[] {0, 1}, new int[] {1, 1, 0}, new int[] {0, 0});
    Sequences mid = data.slice(1, 3);
    assertThat(mid.size()).isEqualTo(2);
    assertThat(mid.symbols(0)).containsExactly(1, 1, 0);
    assertThat(data.slice(3, 3).size()).isZero();
    assertThatThrownBy(() -> data.slice(2, 4)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
