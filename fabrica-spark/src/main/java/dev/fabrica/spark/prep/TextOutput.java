package dev.fabrica.spark.prep;

import dev.fabrica.core.AtomicFiles;
import dev.fabrica.data.engine.ExternalRun;
import dev.fabrica.data.format.Formats;
import dev.fabrica.data.format.RowWriter;
import dev.fabrica.data.table.ColumnType;
import dev.fabrica.data.table.Row;
import dev.fabrica.data.table.Schema;
import dev.fabrica.data.table.TypeTracker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;

/**
 * A recipe's CSV, JSON and JSONL output formatted by the executors: each partition writes its rows
 * of each split as a part, with the embedded engine's writers ({@link RowWriter#openPart}: the
 * first part of a file gets its header or opening bracket, the last its closing one), and the
 * driver concatenates the parts in partition order, which is input order, into {@code train.csv}
 * and the others, byte for byte the file the embedded engine writes. Only the copy of bytes stays
 * on the driver; formatting, quoting, escaping and encoding run where the rows are. A part is
 * written to a temporary name and renamed when complete, so a task that is retried (or dies)
 * leaves no half part under the final name, and the parts live in a hidden directory inside the
 * run's staged output, which is renamed into place only when everything is written.
 */
final class TextOutput {
  /** The formats written this way. */
  static final Set<String> FORMATS = Set.of("csv", "json", "jsonl");
  private static final byte[] SPLITS = {Row.NO_SPLIT, Row.TRAIN, Row.VAL, Row.TEST};

  private TextOutput() {}

  /**
   * Writes every split with rows in each of {@code formats} to its {@link ExternalRun#outputFile}.
   *
   * @param sizes rows per partition and split code + 1, as each partition counted them
   * @param types the result's column types, over all rows
   */
  static void write(ExternalRun run, JavaRDD<Row> rows, List<long[]> sizes, ColumnType[] types, List<String> formats) {
    List<String> columns = new ArrayList<>(run.columnsAfter(run.stepCount() - 1));
    Schema schema = TypeTracker.schemaOf(columns, types);
    for (String f : formats) {
      RowWriter.rejectImages(schema, f); // on the driver, before any task
    }
    int[] first = new int[4];
    int[] last = new int[4];
    java.util.Arrays.fill(first, -1);
    for (int p = 0; p < sizes.size(); p++) {
      for (int s = 0; s < 4; s++) {
        if (sizes.get(p)[s] > 0) {
          first[s] = first[s] < 0 ? p : first[s];
          last[s] = p;
        }
      }
    }
    // file name -> its parts' directory; strings, since Path is not serializable
    Map<String, String> partDirs = new HashMap<>();
    Map<String, String> files = new HashMap<>();
    Path parts = run.outputFile(Row.NO_SPLIT, formats.get(0)).resolveSibling(".parts");
    for (String f : formats) {
      for (byte s : SPLITS) {
        Path file = run.outputFile(s, f);
        String key = f + "/" + s;
        files.put(key, file.toString());
        partDirs.put(key, parts.resolve(file.getFileName().toString()).toString());
      }
    }
    List<String> names = List.copyOf(formats);
    ColumnType[] t = types.clone();
    rows.mapPartitionsWithIndex((Integer p, Iterator<Row> it) -> {
      writePart(p, it, names, TypeTracker.schemaOf(columns, t), first, last, partDirs);
      return List.<Integer>of().iterator();
    }, true).count();
    try {
      for (String f : formats) {
        for (byte s : SPLITS) {
          if (first[s + 1] >= 0) {
            concatenate(Path.of(partDirs.get(f + "/" + s)), Path.of(files.get(f + "/" + s)));
          }
        }
      }
      AtomicFiles.deleteRecursively(parts);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Partition {@code p}'s rows of each split, one part per format, under their final names once complete. */
  private static void writePart(int p, Iterator<Row> it, List<String> formats, Schema schema, int[] first, int[] last,
      Map<String, String> partDirs) throws IOException {
    RowWriter[] writers = formats.stream().map(f -> Formats.output(f, "output")).toArray(RowWriter[]::new);
    RowWriter.Sink[][] sinks = new RowWriter.Sink[writers.length][4];
    Path[][] temps = new Path[writers.length][4];
    String attempt = "." + TaskContext.get().taskAttemptId() + ".tmp";
    try {
      while (it.hasNext()) {
        Row r = it.next();
        int s = r.split() + 1;
        for (int w = 0; w < writers.length; w++) {
          if (sinks[w][s] == null) {
            Path dir = Path.of(partDirs.get(formats.get(w) + "/" + r.split()));
            Files.createDirectories(dir);
            temps[w][s] = dir.resolve(partName(p) + attempt);
            sinks[w][s] = writers[w].openPart(schema, temps[w][s], first[s] == p, last[s] == p);
          }
          sinks[w][s].accept(r);
        }
      }
      for (int w = 0; w < writers.length; w++) {
        for (int s = 0; s < 4; s++) {
          if (sinks[w][s] != null) {
            sinks[w][s].close();
            sinks[w][s] = null;
            // another attempt of this task writes the same bytes: either may win
            Files.move(temps[w][s], temps[w][s].resolveSibling(partName(p)), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
          }
        }
      }
    } finally {
      for (int w = 0; w < writers.length; w++) {
        for (int s = 0; s < 4; s++) {
          if (sinks[w][s] != null) {
            try {
              sinks[w][s].close();
            } finally {
              Files.deleteIfExists(temps[w][s]);
            }
          }
        }
      }
    }
  }

  private static String partName(int p) {
    return String.format("part-%05d", p);
  }

  /** The parts of {@code dir}, in partition order, copied into {@code file}. */
  private static void concatenate(Path dir, Path file) throws IOException {
    List<Path> parts;
    try (Stream<Path> s = Files.list(dir)) {
      // by number: past 99,999 partitions the names grow a digit and no longer sort as text
      parts = s.filter(f -> f.getFileName().toString().matches("part-\\d{5,}"))
          .sorted(Comparator.comparingLong(f -> Long.parseLong(f.getFileName().toString().substring(5)))).toList();
    }
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (Path part : parts) {
        try (FileChannel in = FileChannel.open(part)) {
          long size = in.size();
          for (long done = 0; done < size; ) {
            done += in.transferTo(done, size - done, out);
          }
        }
      }
    }
  }
}
