package dev.fabrica.spark.prep;

import dev.fabrica.data.format.ParquetFormat;
import dev.fabrica.data.table.Row;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;

/**
 * A Parquet input read by Spark's own reader, split by row groups over the executors, with the
 * embedded engine's cells and record numbers: each value typed by {@link ParquetFormat#cell} (the
 * rule the embedded reader applies to what DuckDB returns) and line = the row's index in the file
 * + 1 (Spark's {@code _metadata.row_index}; DuckDB reads in file order). Only for columns whose
 * values the two readers hand over alike: integers, floating and decimal numbers, booleans, texts.
 * Dates, timestamps, binary and nested columns, whose texts differ between the two (and
 * DECIMAL(20,0), which is also how Spark reads an unsigned 64-bit integer that DuckDB reads as an
 * integer), leave the file to fabrica's reader in one task.
 */
final class ParquetInput {
  private ParquetInput() {}

  /**
   * The rows of {@code path}, or null when its columns are not {@code columns} (what the embedded
   * reader found) or some column is of a type only fabrica's reader types like the embedded engine.
   */
  static JavaRDD<Row> read(SparkSession spark, String path, List<String> columns) {
    // a file: URI, as fabrica's reader sees it; a bare path would resolve against a cluster's default file system
    Dataset<org.apache.spark.sql.Row> df = spark.read().parquet(java.nio.file.Path.of(path).toUri().toString());
    StructField[] fields = df.schema().fields();
    if (fields.length != columns.size()) {
      return null;
    }
    for (int i = 0; i < fields.length; i++) {
      if (!fields[i].name().equals(columns.get(i)) || !alike(fields[i].dataType())) {
        return null;
      }
    }
    int width = fields.length;
    return df.select(functions.col("*"), functions.col("_metadata.row_index")).javaRDD().map(r -> {
      Object[] values = new Object[width];
      for (int i = 0; i < width; i++) {
        values[i] = ParquetFormat.cell(r.get(i));
      }
      return new Row(values, r.getLong(width) + 1);
    });
  }

  /** Whether Spark hands over values of {@code t} that type as the embedded reader's do. */
  private static boolean alike(DataType t) {
    if (t instanceof DecimalType d) {
      return !(d.precision() == 20 && d.scale() == 0);
    }
    return t == DataTypes.ByteType || t == DataTypes.ShortType || t == DataTypes.IntegerType || t == DataTypes.LongType
        || t == DataTypes.FloatType || t == DataTypes.DoubleType || t == DataTypes.BooleanType || t == DataTypes.StringType;
  }
}
