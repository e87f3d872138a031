package dev.fabrica.data.format;

import dev.fabrica.core.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Every input and output format, by recipe name, and the format a path's extension implies. */
public final class Formats {
  private static final Map<String, InputFormat> INPUTS = new TreeMap<>();
  private static final Map<String, RowWriter> OUTPUTS = new TreeMap<>();

  static {
    input(CsvFormat.csv());
    input(CsvFormat.tsv());
    input(JsonFormat.json());
    input(JsonFormat.jsonl());
    input(TextFormat.lines());
    input(TextFormat.fortune());
    output(new CsvWriter());
    output(JsonWriter.json());
    output(JsonWriter.jsonl());
    ParquetFormat parquet = new ParquetFormat();
    input(parquet);
    output(parquet);
    TfRecordFormat tfrecord = new TfRecordFormat();
    input(tfrecord);
    output(tfrecord);
    IdxFormat idx = new IdxFormat();
    input(idx);
    output(idx);
    input(new ImageFolderFormat());
    output(new Hdf5Format());
  }

  private Formats() {}

  private static void input(InputFormat f) {
    INPUTS.put(f.name(), f);
  }

  private static void output(RowWriter w) {
    OUTPUTS.put(w.name(), w);
  }

  public static java.util.Set<String> inputNames() {
    return INPUTS.keySet();
  }

  public static java.util.Set<String> outputNames() {
    return OUTPUTS.keySet();
  }

  /** The input format {@code name}, or an error naming {@code where}. */
  public static InputFormat input(String name, String where) {
    InputFormat f = INPUTS.get(name);
    if (f == null) {
      throw new BadInputException(
          where + ": unknown input format '" + name + "' (known: " + String.join(", ", INPUTS.keySet()) + ")");
    }
    return f;
  }

  /** The output format {@code name}, or an error naming {@code where}. */
  public static RowWriter output(String name, String where) {
    RowWriter w = OUTPUTS.get(name);
    if (w == null) {
      throw new BadInputException(
          where + ": unknown output format '" + name + "' (known: " + String.join(", ", OUTPUTS.keySet()) + ")");
    }
    return w;
  }

  /**
   * The input format a path implies: a folder is {@code images}, {@code *-ubyte[.gz]} is {@code
   * idx}, otherwise the extension ({@code .csv}, {@code .tsv}, {@code .json}, {@code .jsonl}/{@code
   * .ndjson}, {@code .parquet}, {@code .txt}, {@code .tfrecord}).
   */
  public static String inferInput(Path path, String where) {
    if (Files.isDirectory(path)) {
      // a directory of Parquet parts (what Spark writes, e.g. prep --engine spark) is one Parquet input
      String dir = path.getFileName().toString().toLowerCase(Locale.ROOT);
      return dir.endsWith(".parquet") || dir.endsWith(".pq") ? "parquet" : "images";
    }
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz")) {
      name = name.substring(0, name.length() - 3);
    }
    if (name.endsWith("-ubyte") || name.endsWith(".idx")) {
      return "idx";
    }
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1);
    return switch (ext) {
      case "csv" -> "csv";
      case "tsv", "tab" -> "tsv";
      case "json" -> "json";
      case "jsonl", "ndjson" -> "jsonl";
      case "parquet", "pq" -> "parquet";
      case "txt", "text" -> "text";
      case "tfrecord", "tfrecords" -> "tfrecord";
      default -> throw new BadInputException(
          where + ": cannot tell the format of " + path + " from its name; give it with format: "
              + "(one of " + String.join(", ", INPUTS.keySet()) + ")");
    };
  }
}
