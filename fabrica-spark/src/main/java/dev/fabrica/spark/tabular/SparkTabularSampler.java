package dev.fabrica.spark.tabular;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import dev.fabrica.spark.SampledParts;
import dev.fabrica.tabular.TableIO;
import dev.fabrica.tabular.TabularModel;
import dev.fabrica.tabular.copula.CopulaModel;
import dev.fabrica.tabular.meta.ColumnMeta;
import dev.fabrica.tabular.meta.Metadata;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
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
 * Batch generation from a Gaussian copula run into Parquet partitions ({@link SampledParts}): part
 * p is {@link TabularModel#rows} with the part's seed and ids numbered on from the rows of earlier
 * parts, so part 0 is what {@code fabrica sample} draws on one machine with the run's seed, every
 * row satisfies the run's constraints (rejection runs inside each part) and the output does not
 * depend on the number of executors. The model travels to the executors as its two JSON files'
 * content and is rebuilt there by {@link CopulaModel#fromJson}, the way {@link CopulaModel#load}
 * reads a run.
 */
public final class SparkTabularSampler {
  /** The synthesizers whose runs this sampler draws: TVAE and CTGAN need DJL and libtorch on every executor. */
  public static final Set<String> SYNTHESIZERS = Set.of("copula");

  private SparkTabularSampler() {}

  /**
   * Draws {@code n} rows with the {@code where} columns fixed into the Parquet directory {@code
   * out} (any Hadoop URI: file://, hdfs://, s3a://).
   *
   * @return the number of parts written
   */
  public static long sample(SparkSession spark, TabularModel model, long n, long seed, Map<String, String> where,
      String out, int rowsPerPart, boolean overwrite) {
    if (!(model instanceof CopulaModel copula)) {
      throw new BadInputException("--engine spark: only " + String.join(", ", SYNTHESIZERS) + " runs sample on Spark, not "
          + model.synthesizer() + " (it needs DJL and libtorch on every executor); sample it without --engine spark");
    }
    SampledParts.parts(n, rowsPerPart); // bad -n or --rows-per-part before --where
    Map<String, String> conditions = new LinkedHashMap<>(where);
    copula.draw(0, new SplittableRandom(seed), conditions); // a bad --where fails here, before any task
    StructType schema = structOf(copula);
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<String[]> json = sc.broadcast(new String[] {text(copula.metadata().toJson()), text(copula.toJson())});
    try {
      return SampledParts.write(spark, n, seed, rowsPerPart, schema, (rows, partSeed, first) -> {
        CopulaModel m = rebuild(json.value());
        Iterator<Object[]> drawn = m.rows(rows, partSeed, conditions, first + 1);
        return SampledParts.mapped(drawn, values -> row(values, schema));
      }, out, overwrite);
    } finally {
      json.destroy();
    }
  }

  private static String text(Map<String, Object> json) {
    try {
      return Json.MAPPER.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the copula model as JSON", e);
    }
  }

  /** The model from its metadata.json and model.json texts. */
  static CopulaModel rebuild(String[] json) throws JsonProcessingException {
    TypeReference<Map<String, Object>> map = new TypeReference<>() {};
    Metadata meta = Metadata.fromJson(Json.MAPPER.readValue(json[0], map), "metadata.json");
    return CopulaModel.fromJson(meta, Json.MAPPER.readValue(json[1], map), "model.json");
  }

  /**
   * Spark's type of each column, from the metadata and, for categorical and boolean columns, the
   * cells their categories hold: whole numbers as long, numbers as double, booleans, the rest
   * (texts, datetimes, mixed categories) as text.
   */
  static StructType structOf(CopulaModel model) {
    List<StructField> fields = new ArrayList<>();
    List<ColumnMeta> columns = model.metadata().columns();
    for (int c = 0; c < columns.size(); c++) {
      ColumnMeta m = columns.get(c);
      DataType t = switch (m.kind()) {
        case NUMERICAL -> m.integer() ? DataTypes.LongType : DataTypes.DoubleType;
        case ID -> m.integer() ? DataTypes.LongType : DataTypes.StringType;
        case DATETIME, TEXT -> DataTypes.StringType;
        case CATEGORICAL, BOOLEAN -> typeOf(model.categories(c));
      };
      fields.add(DataTypes.createStructField(m.name(), t, true));
    }
    return DataTypes.createStructType(fields);
  }

  private static DataType typeOf(List<Object> values) {
    if (!values.isEmpty() && values.stream().allMatch(v -> v instanceof Long)) {
      return DataTypes.LongType;
    }
    if (!values.isEmpty() && values.stream().allMatch(v -> v instanceof Boolean)) {
      return DataTypes.BooleanType;
    }
    if (!values.isEmpty() && values.stream().allMatch(v -> v instanceof Number)) {
      return DataTypes.DoubleType;
    }
    return DataTypes.StringType;
  }

  /** A drawn row as a Spark row of {@code schema}'s types. */
  static Row row(Object[] cells, StructType schema) {
    Object[] out = new Object[cells.length];
    StructField[] fields = schema.fields();
    for (int c = 0; c < cells.length; c++) {
      Object v = cells[c];
      DataType t = fields[c].dataType();
      if (v == null) {
        out[c] = null;
      } else if (t == DataTypes.StringType) {
        out[c] = TableIO.text(v);
      } else if (t == DataTypes.BooleanType) {
        out[c] = v;
      } else if (v instanceof Number x) {
        out[c] = t == DataTypes.LongType ? (Object) x.longValue() : (Object) x.doubleValue();
      } else {
        throw new IllegalStateException("column " + fields[c].name() + ": drew " + v + " for a " + t.simpleString() + " column");
      }
    }
    return RowFactory.create(out);
  }
}
