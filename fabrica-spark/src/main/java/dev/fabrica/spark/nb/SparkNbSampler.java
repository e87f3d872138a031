package dev.fabrica.spark.nb;

import dev.fabrica.classic.nb.NbModel;
import dev.fabrica.core.BadInputException;
import dev.fabrica.data.table.Column;
import dev.fabrica.data.table.Schema;
import dev.fabrica.spark.SampledParts;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Batch generation from a Naive Bayes model into Parquet partitions ({@link SampledParts}): part p
 * is what {@link NbModel#sample} draws on one machine with the part's seed, so part 0 holds the
 * first rows {@code fabrica sample} draws with the run's seed.
 */
public final class SparkNbSampler {
  private SparkNbSampler() {}

  /**
   * Draws {@code n} rows (of class {@code classLabel}, or by the prior when null) into the Parquet
   * directory {@code out} (any Hadoop URI: file://, hdfs://, s3a://).
   *
   * @return the number of parts written
   */
  public static long sample(SparkSession spark, NbModel model, long n, long seed, String classLabel, String out,
      int rowsPerPart, boolean overwrite) {
    SampledParts.parts(n, rowsPerPart); // bad -n or --rows-per-part before --class
    if (classLabel != null && !model.classes().contains(classLabel)) {
      throw new BadInputException("--class: '" + classLabel + "' is not one of the model's classes " + model.classes());
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<NbModel> shared = sc.broadcast(model);
    try {
      return SampledParts.write(spark, n, seed, rowsPerPart, structOf(model.table().sampleSchema()), (rows, partSeed, first) -> {
        Iterator<dev.fabrica.data.table.Row> drawn = shared.value().sampleRows(rows, partSeed, classLabel);
        return SampledParts.mapped(drawn, r -> RowFactory.create(r.values()));
      }, out, overwrite);
    } finally {
      shared.destroy();
    }
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
