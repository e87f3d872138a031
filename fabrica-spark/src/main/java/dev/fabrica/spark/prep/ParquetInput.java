package dev.fabrica.spark.prep;

import dev.fabrica.data.format.ParquetFormat;
import dev.fabrica.data.table.Row;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * + 1 (Spark's {@code _metadata.row_index}; DuckDB reads in file order), on from the rows of the
 * earlier files for a directory of parts (which the embedded reader reads in name order). Only for columns whose
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
  static JavaRDD<Row> read(SparkSession spark, String path, List<String> columns) throws java.io.IOException {
    List<java.nio.file.Path> files = ParquetFormat.files(java.nio.file.Path.of(path)); // the embedded reader's, in its order
    // file: URIs, as fabrica's reader sees the files; a bare path would resolve against a cluster's default file system
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
    // a directory of parts is numbered on from file to file: each file's rows start after the earlier files'
    Map<String, Long> offsets = new HashMap<>();
    if (files.size() > 1) {
      Map<String, Long> counts = new HashMap<>();
      for (org.apache.spark.sql.Row r : df.groupBy(functions.col("_metadata.file_name")).count().collectAsList()) {
        counts.put(r.getString(0), r.getLong(1));
      }
      long before = 0;
      for (java.nio.file.Path f : files) {
        String name = f.getFileName().toString();
        offsets.put(name, before); // a file with no rows has no count
        before += counts.getOrDefault(name, 0L);
      }
      if (!offsets.keySet().containsAll(counts.keySet())) {
        return null; // Spark read files fabrica's reader leaves out: leave the input to fabrica's reader
      }
    } else {
      offsets.put(files.get(0).getFileName().toString(), 0L);
    }
    int width = fields.length;
    return df.select(functions.col("*"), functions.col("_metadata.row_index"), functions.col("_metadata.file_name"))
        .javaRDD().map(r -> {
          Object[] values = new Object[width];
          for (int i = 0; i < width; i++) {
            values[i] = ParquetFormat.cell(r.get(i));
          }
          return new Row(values, offsets.get(r.getString(width + 1)) + r.getLong(width) + 1);
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
