package dev.fabrica.spark;

import dev.fabrica.core.BadInputException;
import dev.fabrica.spark.prep.SparkPrep;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Batch generation into Parquet parts, for any model: rows [p·R, (p+1)·R) form part p, drawn by
 * one task with a seed derived from the run's seed and p alone ({@link #partSeed}), so the output
 * is the same whatever the number of executors or how tasks are scheduled or retried. Part 0 uses
 * the seed itself, so its rows are the first that one machine draws with that seed. Spark's
 * Parquet writer stages the files and moves them into place when the job commits.
 */
public final class SampledParts {
  private SampledParts() {}

  /** Draws one part's rows, as the writer asks for them. */
  @FunctionalInterface
  public interface Drawer extends Serializable {
    /**
     * @param rows how many rows part p holds
     * @param seed the part's seed ({@link #partSeed})
     * @param first the (0-based) index of the part's first row among all n
     */
    Iterator<Row> draw(int rows, long seed, long first) throws Exception;
  }

  /** {@code drawn}'s rows, each made a Spark row by {@code toRow} as the writer asks for it. */
  public static <T> Iterator<Row> mapped(Iterator<T> drawn, Function<T, Row> toRow) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return drawn.hasNext();
      }

      @Override
      public Row next() {
        return toRow.apply(drawn.next());
      }
    };
  }

  /** The seed of part {@code p}: the run's seed for part 0, a SplitMix64 mix of seed and p after. */
  public static long partSeed(long seed, long p) {
    if (p == 0) {
      return seed;
    }
    long z = seed + p * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The number of parts {@code n} rows make, or an error naming the option at fault. */
  public static long parts(long n, int rowsPerPart) {
    if (n < 1) {
      throw new BadInputException("-n: expected at least one row, got " + n);
    }
    if (rowsPerPart < 1) {
      throw new BadInputException("--rows-per-part: expected at least 1, got " + rowsPerPart);
    }
    long parts = (n + rowsPerPart - 1) / rowsPerPart;
    if (parts > Integer.MAX_VALUE) {
      throw new BadInputException("-n: " + n + " rows make more than " + Integer.MAX_VALUE + " parts; raise --rows-per-part");
    }
    return parts;
  }

  /**
   * Writes {@code n} rows of {@code schema}, part by part as {@code drawer} draws them, into the
   * Parquet directory {@code out} (any Hadoop URI: file://, hdfs://, s3a://).
   *
   * @return the number of parts written
   */
  public static long write(SparkSession spark, long n, long seed, int rowsPerPart, StructType schema, Drawer drawer,
      String out, boolean overwrite) {
    long parts = parts(n, rowsPerPart);
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Long> ids = new ArrayList<>();
    for (long p = 0; p < parts; p++) {
      ids.add(p);
    }
    // one id per Spark partition; rows are drawn as the writer asks for them
    JavaRDD<Row> rows = sc.parallelize(ids, (int) parts)
        .flatMap(p -> drawer.draw((int) Math.min(rowsPerPart, n - p * rowsPerPart), partSeed(seed, p), p * rowsPerPart));
    try {
      spark.createDataFrame(rows, schema).write().mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists).parquet(out);
    } catch (Exception e) { // AnalysisException (path exists) and SparkException are checked
      if (e.getClass().getSimpleName().equals("AnalysisException") && e.getMessage().contains("already exists")) {
        throw new BadInputException("--out: " + out + " already exists (remove it or choose another --out)", e);
      }
      throw SparkPrep.withBadInput(e);
    }
    return parts;
  }
}
