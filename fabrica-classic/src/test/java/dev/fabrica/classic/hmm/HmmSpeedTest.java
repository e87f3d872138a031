package dev.fabrica.classic.hmm;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Prints seconds per Baum-Welch iteration; measured, not asserted. */
@Tag("slow")
class HmmSpeedTest {
  @Test
  void prints_seconds_per_em_iteration_for_a_four_state_diag_gaussian_hmm() {
    double[][] means = {{0, 0, 0}, {3, 0, -1}, {0, 3, 1}, {-3, -2, 2}};
    double[][] vars = {{1, 1, 1}, {0.5, 1, 2}, {1, 0.5, 1}, {2, 1, 0.5}};
    double[][] a = {{0.7, 0.1, 0.1, 0.1}, {0.1, 0.7, 0.1, 0.1}, {0.1, 0.1, 0.7, 0.1}, {0.1, 0.1, 0.1, 0.7}};
    HmmModel truth = new HmmModel(new double[] {0.25, 0.25, 0.25, 0.25}, a, GaussianEmission.diag(means, vars));
    List<double[][]> seqs = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      seqs.add(truth.sample(500, i, null).observations());
    }
    Sequences data = Sequences.ofVectors(seqs);
    for (int threads : new int[] {1, Runtime.getRuntime().availableProcessors()}) {
      HmmTrainer.Options options = HmmTrainer.Options.defaults().withTol(0).withMaxIter(10).withThreads(threads);
      HmmModel init = new HmmTrainer(options.withMaxIter(1)).fit(data, HmmSpec.gaussian(4, CovarianceType.DIAG));
      new HmmTrainer(options).fit(data, init); // warm-up
      long start = System.nanoTime();
      new HmmTrainer(options.withMaxIter(20)).fit(data, init);
      double perIter = (System.nanoTime() - start) / 1e9 / 20;
      System.out.printf("hmm speed: 4-state diag Gaussian, 200 x 500 steps x 3 features, %d thread(s):"
          + " %.4f s per EM iteration%n", threads, perIter);
    }
  }
}
