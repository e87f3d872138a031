package dev.fabrica.spark.nb;

import dev.fabrica.classic.nb.NbModel;
import dev.fabrica.core.BadInputException;
import dev.fabrica.data.table.Column;
import dev.fabrica.data.table.Schema;
import dev.fabrica.spark.prep.SparkPrep;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Batch generation from a Naive Bayes model into Parquet partitions: rows [p·R, (p+1)·R) form part
 * p, drawn by {@link NbModel#sample} with a seed derived from the run's seed and p alone ({@link
 * #partSeed}), so the output is the same whatever the number of executors or how tasks are
 * scheduled or retried. Part 0 uses the seed itself, so up to R rows equal what {@code fabrica
 * sample} draws on one machine with that seed. Spark's Parquet writer stages the files and moves
 * them into place when the job commits.
 */
public final class SparkNbSampler {
  /** Rows per part unless asked otherwise: a part is one task and one Parquet file. */
  public static final int DEFAULT_ROWS_PER_PART = 1_000_000;

  private SparkNbSampler() {}

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

  /**
   * Draws {@code n} rows (of class {@code classLabel}, or by the prior when null) into the Parquet
   * directory {@code out} (any Hadoop URI: file://, hdfs://, s3a://).
   *
   * @return the number of parts written
   */
  public static long sample(SparkSession spark, NbModel model, long n, long seed, String classLabel, String out,
      int rowsPerPart, boolean overwrite) {
    if (n < 1) {
      throw new BadInputException("-n: expected at least one row, got " + n);
    }
    if (rowsPerPart < 1) {
      throw new BadInputException("--rows-per-part: expected at least 1, got " + rowsPerPart);
    }
    if (classLabel != null && !model.classes().contains(classLabel)) {
      throw new BadInputException("--class: '" + classLabel + "' is not one of the model's classes " + model.classes());
    }
    long parts = (n + rowsPerPart - 1) / rowsPerPart;
    if (parts > Integer.MAX_VALUE) {
      throw new BadInputException("-n: " + n + " rows make more than " + Integer.MAX_VALUE + " parts; raise --rows-per-part");
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Long> ids = new ArrayList<>();
    for (long p = 0; p < parts; p++) {
      ids.add(p);
    }
    Broadcast<NbModel> shared = sc.broadcast(model);
    StructType schema = structOf(model.table().sampleSchema());
    // one id per Spark partition; rows are drawn as the writer asks for them, so a part of any size fits in memory
    JavaRDD<Row> rows = sc.parallelize(ids, (int) parts).flatMap(p -> {
      Iterator<dev.fabrica.data.table.Row> drawn = shared.value()
          .sampleRows(Math.min(rowsPerPart, n - p * rowsPerPart), partSeed(seed, p), classLabel);
      return new Iterator<Row>() {
        @Override
        public boolean hasNext() {
          return drawn.hasNext();
        }

        @Override
        public Row next() {
          return RowFactory.create(drawn.next().values());
        }
      };
    });
    try {
      spark.createDataFrame(rows, schema).write().mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists).parquet(out);
    } catch (Exception e) { // AnalysisException (path exists) and SparkException are checked
      if (e.getClass().getSimpleName().equals("AnalysisException") && e.getMessage().contains("already exists")) {
        throw new BadInputException("--out: " + out + " already exists (pass --overwrite to replace it)", e);
      }
      throw SparkPrep.withBadInput(e);
    } finally {
      shared.destroy();
    }
    return parts;
  }

  /** Spark's types for the sampled columns: INTEGER as long, DOUBLE, BOOLEAN, the rest as text. */
  static StructType structOf(Schema schema) {
    List<StructField> fields = new ArrayList<>();
    for (Column c : schema.columns()) {
      DataType t = switch (c.type()) {
        case INTEGER -> DataTypes.LongType;
        case DOUBLE -> DataTypes.DoubleType;
        case BOOLEAN -> DataTypes.BooleanType;
        default -> DataTypes.StringType;
      };
      fields.add(DataTypes.createStructField(c.name(), t, true));
    }
    return DataTypes.createStructType(fields);
  }
}
