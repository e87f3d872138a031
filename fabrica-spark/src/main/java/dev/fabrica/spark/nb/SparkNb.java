package dev.fabrica.spark.nb;

import dev.fabrica.classic.nb.NbConfig;
import dev.fabrica.classic.nb.NbData;
import dev.fabrica.classic.nb.NbModel;
import dev.fabrica.classic.nb.NbTable;
import dev.fabrica.core.BadInputException;
import dev.fabrica.data.engine.ExternalRun;
import dev.fabrica.data.format.RowSource;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.stats.DatasetStats;
import dev.fabrica.data.table.ColumnType;
import dev.fabrica.data.table.Row;
import dev.fabrica.data.table.Schema;
import dev.fabrica.data.table.TypeTracker;
import dev.fabrica.spark.SourceIterator;
import dev.fabrica.spark.prep.SparkPrep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Fits a Naive Bayes model on Spark from the model's sufficient statistics: the rows are put in
 * input order over the partitions (ranges of lines), column types are inferred per partition and
 * widened together, the classes are the distinct labels, each partition fits a model from empty
 * with fabrica-classic's own code, and the driver merges the partition models in order ({@link
 * NbModel#merge}). That is the model {@link NbModel#fit} gives on the same file: the same table,
 * classes, counts and vocabularies in the same order, Gaussian means and variances to rounding.
 * The driver holds one model per partition, never the rows.
 */
public final class SparkNb {
  private SparkNb() {}

  /** Fits {@code config}'s model on {@code csv} (a CSV with a header), labels in {@code labelColumn}. */
  public static NbModel fit(SparkSession spark, NbConfig config, Path csv, String labelColumn) {
    try {
      return run(spark, config, csv, labelColumn);
    } catch (Exception e) { // Spark's SparkException is checked, and Scala throws it undeclared
      throw SparkPrep.withBadInput(e);
    }
  }

  private static NbModel run(SparkSession spark, NbConfig config, Path csv, String labelColumn) {
    if (!Files.isRegularFile(csv)) {
      throw new BadInputException(csv + ": no such file");
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    String source = csv.toString();
    String path = csv.toAbsolutePath().toString();
    Params input = Params.empty(source);
    List<String> names;
    try (RowSource src = ExternalRun.open(csv, "csv", input)) {
      names = List.copyOf(src.columns());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int parts = Math.max(1, sc.defaultParallelism());
    JavaRDD<Row> read = sc.parallelize(List.of(0), 1).mapPartitions(x -> new SourceIterator(path, "csv", input));
    read.persist(StorageLevel.MEMORY_AND_DISK()); // sortBy reads it twice: to sample the ranges, then to move the rows
    JavaRDD<Row> rows = read.sortBy(Row::line, true, parts).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Schema schema = schema(rows, names);
      Path statsFile = csv.toAbsolutePath().getParent().resolve("stats.json");
      DatasetStats stats = Files.isRegularFile(statsFile) ? DatasetStats.read(statsFile) : null;
      NbTable table = NbTable.describe(schema, labelColumn, config.kind(), config.textColumns(), stats, source);
      int label = names.indexOf(labelColumn);
      List<String> found = rows.map(r -> label < r.size() ? NbTable.labelText(r.get(label)) : null)
          .filter(l -> l != null).distinct().collect();
      TreeSet<String> sorted = new TreeSet<>(table.labelOrder());
      sorted.addAll(found);
      if (sorted.isEmpty()) {
        throw new BadInputException(source + ": no labelled rows to fit (column '" + labelColumn + "')");
      }
      List<String> classes = new ArrayList<>(sorted);
      List<NbModel> models = rows.mapPartitions((Iterator<Row> it) -> {
        List<Row> part = new ArrayList<>();
        it.forEachRemaining(part::add);
        NbData data = NbData.against(table, source, names, part);
        for (int i = 0; i < data.size(); i++) {
          if (data.label(i) != null) {
            return List.of(NbModel.empty(config, table, classes).partialFit(data)).iterator();
          }
        }
        return List.<NbModel>of().iterator(); // no labelled row here: nothing to add
      }).collect();
      NbModel model = NbModel.empty(config, table, classes);
      for (NbModel m : models) {
        model = model.merge(m);
      }
      Map<String, Object> provenance = new LinkedHashMap<>();
      provenance.put("source", source);
      provenance.put("rows", rows.count());
      provenance.put("engine", "spark");
      provenance.put("partitions", parts);
      return model.withProvenance(List.of(provenance));
    } finally {
      rows.unpersist(true); // blocking: a session stopped next would warn of blocks it could not remove
      read.unpersist(true);
    }
  }

  /** Column types as one pass over all rows infers them: each partition's, widened together. */
  private static Schema schema(JavaRDD<Row> rows, List<String> names) {
    List<ColumnType[]> perPart = rows.mapPartitions((Iterator<Row> it) -> {
      TypeTracker t = new TypeTracker(names);
      it.forEachRemaining(t::accept);
      return java.util.Collections.singletonList(t.types()).iterator();
    }).collect();
    ColumnType[] types = new ColumnType[names.size()];
    java.util.Arrays.fill(types, ColumnType.EMPTY);
    for (ColumnType[] p : perPart) {
      for (int j = 0; j < types.length; j++) {
        types[j] = types[j].widen(p[j]);
      }
    }
    return TypeTracker.schemaOf(names, types);
  }
}
