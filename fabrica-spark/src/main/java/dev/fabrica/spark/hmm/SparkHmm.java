package dev.fabrica.spark.hmm;

import dev.fabrica.classic.hmm.Expectation;
import dev.fabrica.classic.hmm.HmmModel;
import dev.fabrica.classic.hmm.HmmSpec;
import dev.fabrica.classic.hmm.HmmStatistics;
import dev.fabrica.classic.hmm.HmmTrainer;
import dev.fabrica.classic.hmm.Sequences;
import dev.fabrica.core.Reporter;
import dev.fabrica.spark.prep.SparkPrep;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Baum-Welch on Spark. The sequences are cut into contiguous blocks, one per partition, kept by the
 * executors for the whole fit; each E-step broadcasts the current model, every partition computes
 * its block's {@link HmmStatistics} with fabrica-classic's own forward-backward, and the driver
 * merges them in partition order and runs {@link HmmTrainer}'s M-step and convergence test. Only
 * the model goes out and only the statistics (a few N² + N·K numbers per partition) come back, so
 * the log-likelihood history is the one-machine fit's, with the sums added in another order.
 */
public final class SparkHmm implements Expectation, AutoCloseable {
  /** A partition's sequences and the index of its first one in the whole data. */
  record Block(int first, Sequences sequences) implements Serializable {}

  private final JavaSparkContext sc;
  private final JavaRDD<Block> blocks;
  private final int partitions;

  /**
   * Spreads {@code data} over {@code partitions} blocks (fewer when there are fewer sequences) and
   * caches them on the executors.
   */
  public SparkHmm(SparkSession spark, Sequences data, int partitions) {
    this.sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int parts = Math.max(1, Math.min(partitions, data.size()));
    List<Block> list = new ArrayList<>(parts);
    for (int p = 0; p < parts; p++) {
      int from = (int) ((long) data.size() * p / parts);
      int to = (int) ((long) data.size() * (p + 1) / parts);
      list.add(new Block(from, data.slice(from, to)));
    }
    this.partitions = parts;
    this.blocks = sc.parallelize(list, parts).persist(StorageLevel.MEMORY_AND_DISK());
  }

  /**
   * {@link HmmTrainer#fitBestOf(Sequences, HmmSpec, int, int)} with every E-step and score on Spark,
   * over {@code spark.default.parallelism} partitions.
   */
  public static HmmModel fitBestOf(SparkSession spark, HmmTrainer.Options options, Reporter reporter, Sequences data,
      HmmSpec spec, int restarts, int probe) {
    try (SparkHmm e = new SparkHmm(spark, data, spark.sparkContext().defaultParallelism())) {
      return new HmmTrainer(options, reporter).fitBestOf(data, e, spec, restarts, probe);
    } catch (Exception e) { // Spark's SparkException is checked, and Scala throws it undeclared
      throw SparkPrep.withBadInput(e);
    }
  }

  /** Blocks the sequences were cut into. */
  public int partitions() {
    return partitions;
  }

  @Override
  public HmmStatistics expect(HmmModel model) {
    Broadcast<HmmModel> shipped = sc.broadcast(model);
    try {
      List<HmmStatistics> parts = blocks.map(b -> HmmStatistics.of(shipped.value(), b.sequences(), b.first())).collect();
      HmmStatistics total = HmmStatistics.empty(model);
      for (HmmStatistics p : parts) { // collect keeps partition order: the merge order is fixed
        total.merge(p);
      }
      return total;
    } finally {
      shipped.destroy();
    }
  }

  @Override
  public double score(HmmModel model) {
    Broadcast<HmmModel> shipped = sc.broadcast(model);
    try {
      double total = 0;
      for (double s : blocks.map(b -> shipped.value().score(b.sequences())).collect()) {
        total += s;
      }
      return total;
    } finally {
      shipped.destroy();
    }
  }

  @Override
  public void close() {
    blocks.unpersist(true); // blocking: a session stopped next would warn of blocks it could not remove
  }
}
