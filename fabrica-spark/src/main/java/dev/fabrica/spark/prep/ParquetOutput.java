package dev.fabrica.spark.prep;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.engine.ExternalRun;
import dev.fabrica.data.engine.ResultSummary;
import dev.fabrica.data.table.Cells;
import dev.fabrica.data.table.ColumnType;
import dev.fabrica.data.table.Row;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A recipe's Parquet output written by the executors: each split's rows (in input order: the
 * result is sorted and range-partitioned) as a directory {@code train.parquet/} of part files, one
 * per partition, named in partition order, which fabrica's Parquet reader reads back as one file.
 * Column types and cells are the embedded writer's: the result's types widened over all
 * partitions, each cell converted as {@link dev.fabrica.data.format.ParquetFormat} appends it.
 * Spark's writer stages the parts and moves them into the run's staged output directory on commit.
 */
final class ParquetOutput {
  private ParquetOutput() {}

  /**
   * Writes every split that has rows into {@link ExternalRun#outputFile}.
   *
   * @param types the result's column types, over all rows
   * @return the part files' partitions: one Spark task per partition and split
   */
  static int write(SparkSession spark, ExternalRun run, JavaRDD<Row> rows, ResultSummary summary, ColumnType[] types) {
    List<String> columns = run.columnsAfter(run.stepCount() - 1);
    StructType schema = structOf(run, columns, types);
    ColumnType[] t = types.clone();
    for (byte s : new byte[] {Row.NO_SPLIT, Row.TRAIN, Row.VAL, Row.TEST}) {
      if (summary.size(s) == 0) {
        continue; // a split without rows gets no file, as on one machine
      }
      Path file = run.outputFile(s, "parquet");
      String name = file.getFileName().toString();
      JavaRDD<org.apache.spark.sql.Row> split = rows.filter(r -> r.split() == s).map(r -> cells(r, t, columns, name));
      spark.createDataFrame(split, schema).write().mode(SaveMode.ErrorIfExists).parquet(file.toUri().toString());
    }
    return rows.getNumPartitions();
  }

  /** Spark's types for fabrica's: INTEGER as long, DOUBLE, BOOLEAN, the rest as text; images are refused. */
  private static StructType structOf(ExternalRun run, List<String> columns, ColumnType[] types) {
    List<StructField> fields = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      DataType d = switch (types[i]) {
        case INTEGER -> DataTypes.LongType;
        case DOUBLE -> DataTypes.DoubleType;
        case BOOLEAN -> DataTypes.BooleanType;
        case STRING, EMPTY -> DataTypes.StringType;
        case IMAGE -> throw new BadInputException(run.recipe().output().at("formats") + ": column '" + columns.get(i)
            + "' holds images, which the parquet output does not support; write images with format idx (or hdf5, tfrecord)");
      };
      fields.add(DataTypes.createStructField(columns.get(i), d, true));
    }
    return DataTypes.createStructType(fields);
  }

  /** A row's cells as its column types have them, converted as the embedded writer converts them. */
  private static org.apache.spark.sql.Row cells(Row r, ColumnType[] types, List<String> columns, String file) {
    Object[] out = new Object[types.length];
    int c = 0;
    try {
      for (c = 0; c < types.length; c++) {
        Object v = r.get(c);
        out[c] = v == null ? null : switch (types[c]) {
          case INTEGER -> (Object) Cells.asLong(v);
          case DOUBLE -> Cells.asDouble(v);
          case BOOLEAN -> Cells.asBoolean(v);
          default -> Cells.asText(v);
        };
      }
    } catch (IllegalArgumentException e) { // includes NumberFormatException
      throw new BadInputException(file + ": row " + r.line() + ", column '" + columns.get(c) + "': " + e.getMessage());
    }
    return RowFactory.create(out);
  }
}
