package dev.fabrica.tabular;

import dev.fabrica.core.AtomicFiles;
import dev.fabrica.core.BadInputException;
import dev.fabrica.data.format.Formats;
import dev.fabrica.data.format.RowSource;
import dev.fabrica.data.format.RowWriter;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Cells;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads a table with fabrica-data's readers (CSV, TSV, JSON, JSONL, Parquet by extension, also a
 * directory of Parquet parts) and writes one atomically. scikit-learn's bundled CSVs ({@code wine_data.csv}, {@code
 * breast_cancer.csv}, {@code iris.csv}) start with a count line, {@code n_samples,n_features,
 * target names...}, instead of column names; they are recognised by that line and get their
 * features' names (for the three known files; {@code x1..xn} otherwise) and a last column {@code
 * class} holding the integer target.
 */
public final class TableIO {
  private static final Pattern SKLEARN_HEADER = Pattern.compile("^\\d+,\\d+(,[^,]*)*\\s*$");

  private TableIO() {}

  /** Reads {@code file}; errors name the file and line. */
  public static Table read(Path file) {
    // a directory of Parquet parts (prep --engine spark writes them) reads as one file
    boolean parts = Files.isDirectory(file) && Formats.inferInput(file, file.toString()).equals("parquet");
    if (!Files.isRegularFile(file) && !parts) {
      throw new BadInputException(file + ": no such file");
    }
    String format = Formats.inferInput(file, file.toString());
    try {
      if (format.equals("csv")) {
        String first;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          first = r.readLine();
        }
        if (first != null && SKLEARN_HEADER.matcher(first).matches()) {
          return readSklearn(file);
        }
      }
      List<Object[]> rows = new ArrayList<>();
      List<String> names;
      try (RowSource src = Formats.input(format, file.toString()).open(file, Params.empty(file.toString()))) {
        names = src.columns();
        src.read(row -> rows.add(row.values()));
      }
      if (rows.isEmpty()) {
        throw new BadInputException(file + ": no rows");
      }
      return new Table(file.toString(), names, rows);
    } catch (IOException e) {
      throw new BadInputException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static Table readSklearn(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    String[] head = lines.get(0).split(",");
    int samples = Integer.parseInt(head[0].strip());
    int features = Integer.parseInt(head[1].strip());
    List<String> names = new ArrayList<>(featureNames(file, features));
    names.add("class");
    List<Object[]> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length != features + 1) {
        throw new BadInputException(file + " line " + (i + 1) + ": expected " + (features + 1)
            + " fields (the count line says " + features + " features and a target), found " + f.length);
      }
      Object[] cells = new Object[f.length];
      for (int j = 0; j < f.length; j++) {
        String s = f[j].strip();
        try {
          double d = Double.parseDouble(s);
          cells[j] = d == Math.rint(d) && !s.contains(".") && !s.contains("e") && !s.contains("E") ? (Object) (long) d : (Object) d;
        } catch (NumberFormatException e) {
          throw new BadInputException(file + " line " + (i + 1) + " field " + (j + 1) + ": not a number: '" + s + "'");
        }
      }
      rows.add(cells);
    }
    if (rows.size() != samples) {
      throw new BadInputException(file + ": the count line says " + samples + " rows, found " + rows.size());
    }
    return new Table(file.toString(), names, rows);
  }

  /** The features' names of scikit-learn's known files, else x1..xn. */
  static List<String> featureNames(Path file, int features) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    List<String> known = null;
    if (name.startsWith("wine")) {
      known = List.of("alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols", "flavanoids",
          "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue", "od280/od315_of_diluted_wines", "proline");
    } else if (name.startsWith("breast_cancer")) {
      List<String> base = List.of("radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity",
          "concave points", "symmetry", "fractal dimension");
      List<String> all = new ArrayList<>();
      for (String b : base) {
        all.add("mean " + b);
      }
      for (String b : base) {
        all.add(b + " error");
      }
      for (String b : base) {
        all.add("worst " + b);
      }
      known = all;
    } else if (name.startsWith("iris")) {
      known = List.of("sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)");
    }
    if (known != null && known.size() == features) {
      return known;
    }
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= features; i++) {
      out.add("x" + i);
    }
    return out;
  }

  /** Writes {@code table} in the format {@code file}'s extension names (csv, jsonl, json, parquet), atomically. */
  public static void write(Table table, Path file) {
    String name = file.getFileName().toString();
    String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
    RowWriter w = Formats.output(ext, "--out " + file);
    Path abs = file.toAbsolutePath();
    try {
      Files.createDirectories(abs.getParent());
      Path tmp = Files.createTempFile(abs.getParent(), "." + name + ".", ".tmp");
      try {
        w.write(table.toDataset(), tmp);
        AtomicFiles.publish(tmp, false);
        AtomicFiles.move(tmp, abs);
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(tmp);
        throw e;
      }
    } catch (IOException e) {
      throw new BadInputException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** A cell as text: what a CSV writer would print (empty for missing). */
  public static String text(Object v) {
    return v == null ? "" : Cells.asText(v);
  }
}
