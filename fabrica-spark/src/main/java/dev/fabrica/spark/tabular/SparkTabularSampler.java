package dev.fabrica.spark.tabular;

import dev.fabrica.core.AtomicFiles;
import dev.fabrica.core.BadInputException;
import dev.fabrica.spark.SampledParts;
import dev.fabrica.tabular.TableIO;
import dev.fabrica.tabular.TabularModel;
import dev.fabrica.tabular.TabularModels;
import dev.fabrica.tabular.meta.ColumnMeta;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
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
 * Batch generation from a tabular run into Parquet partitions ({@link SampledParts}): part p is
 * {@link TabularModel#rows} with the part's seed and ids numbered on from the rows of earlier
 * parts, so part 0 is what {@code fabrica sample} draws on one machine with the run's seed, every
 * row satisfies the run's constraints (rejection runs inside each part) and the output does not
 * depend on the number of executors. The model travels to the executors as the files {@link
 * TabularModel#save} writes, and each task loads it from them with {@link TabularModels#load}: the
 * copula from its JSON, TVAE and CTGAN (drawn from the part's seed alone, so libtorch's own random
 * state plays no part) through fabrica-neural, which with PyTorch's native library must then be on
 * the executors' class path (fabrica-spark's lib/ holds both).
 */
public final class SparkTabularSampler {
  private SparkTabularSampler() {}

  /** The synthesizers whose runs this sampler draws: those {@link TabularModels} can load here. */
  public static Set<String> synthesizers() {
    return TabularModels.available();
  }

  /** A saved model: its synthesizer and the files {@link TabularModel#save} wrote, by name. */
  record Shipped(String synthesizer, Map<String, byte[]> files) implements Serializable {
    static Shipped of(TabularModel model) {
      Path dir = null;
      try {
        dir = Files.createTempDirectory("fabrica-model-");
        model.save(dir);
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
          for (Path f : s.filter(Files::isRegularFile).toList()) {
            files.put(f.getFileName().toString(), Files.readAllBytes(f));
          }
        }
        return new Shipped(model.synthesizer(), files);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot save the " + model.synthesizer() + " model for the executors", e);
      } finally {
        if (dir != null) {
          AtomicFiles.deleteRecursively(dir);
        }
      }
    }

    /** The model, loaded from a temporary copy of the files (deleted once it is read). */
    TabularModel load() throws IOException {
      Path dir = Files.createTempDirectory("fabrica-model-");
      try {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
          Files.write(dir.resolve(f.getKey()), f.getValue());
        }
        return TabularModels.load(synthesizer, dir);
      } finally {
        AtomicFiles.deleteRecursively(dir);
      }
    }
  }

  /**
   * Draws {@code n} rows with the {@code where} columns fixed into the Parquet directory {@code
   * out} (any Hadoop URI: file://, hdfs://, s3a://).
   *
   * @return the number of parts written
   */
  public static long sample(SparkSession spark, TabularModel model, long n, long seed, Map<String, String> where,
      String out, int rowsPerPart, boolean overwrite) {
    if (!synthesizers().contains(model.synthesizer())) {
      throw new BadInputException("--engine spark: " + model.synthesizer() + " runs cannot be loaded on this class path (it loads "
          + String.join(", ", synthesizers()) + "); sample it without --engine spark");
    }
    SampledParts.parts(n, rowsPerPart); // bad -n or --rows-per-part before --where
    Map<String, String> conditions = new LinkedHashMap<>(where);
    model.draw(0, new SplittableRandom(seed), conditions); // a bad --where fails here, before any task
    StructType schema = structOf(model);
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<Shipped> shipped = sc.broadcast(Shipped.of(model));
    try {
      return SampledParts.write(spark, n, seed, rowsPerPart, schema, (rows, partSeed, first) -> {
        TabularModel m = shipped.value().load();
        Iterator<Object[]> drawn = m.rows(rows, partSeed, conditions, first + 1);
        return SampledParts.mapped(closing(drawn, m), values -> row(values, schema));
      }, out, overwrite);
    } finally {
      shipped.destroy();
    }
  }

  /** {@code drawn}, closing {@code model} (a neural one holds native memory) once the last row is taken. */
  private static Iterator<Object[]> closing(Iterator<Object[]> drawn, TabularModel model) {
    if (!(model instanceof AutoCloseable c)) {
      return drawn;
    }
    return new Iterator<>() {
      private boolean open = true;

      @Override
      public boolean hasNext() {
        boolean more = drawn.hasNext();
        if (!more && open) {
          open = false;
          try {
            c.close();
          } catch (Exception e) {
            throw new IllegalStateException("cannot close the " + model.synthesizer() + " model", e);
          }
        }
        return more;
      }

      @Override
      public Object[] next() {
        return drawn.next();
      }
    };
  }

  /**
   * Spark's type of each column, from the metadata and, for categorical and boolean columns, the
   * cells their categories hold: whole numbers as long, numbers as double, booleans, the rest
   * (texts, datetimes, mixed categories) as text.
   */
  static StructType structOf(TabularModel model) {
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
