package dev.fabrica.tabular;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small tables for tests: a seeded mixed table with known structure, and scikit-learn's real ones when installed. */
public final class Tables {
  public static final Path SKLEARN = Path.of("/usr/lib/python3/dist-packages/sklearn/datasets/data");

  private Tables() {}

  /**
   * {@code n} rows: id (1..n), age ~ N(40, 10) rounded to integers in [18, 90], income = 1000 ×
   * age + N(0, 5000) with 2 decimals, segment in {a, b, c} (60/30/10 %, b rows older by 10, c by 20), member
   * true/false, start ≤ end dates, and a note of free text.
   */
  public static Table mixed(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double u = r.nextDouble();
      String seg = u < 0.6 ? "a" : u < 0.9 ? "b" : "c";
      long age = Math.max(18, Math.min(90, Math.round(40 + 10 * r.nextGaussian() + (seg.equals("b") ? 10 : seg.equals("c") ? 20 : 0))));
      double income = Math.round((1000.0 * age + 5000 * r.nextGaussian()) * 100) / 100.0;
      boolean member = r.nextDouble() < 0.3;
      int startDay = 1 + r.nextInt(20);
      int endDay = startDay + r.nextInt(8);
      String start = String.format("2024-03-%02d", startDay);
      String end = String.format("2024-03-%02d", endDay);
      List<String> words = List.of("the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "and", "cat", "runs", "far");
      StringBuilder note = new StringBuilder();
      for (int w = 3 + r.nextInt(5); w > 0; w--) {
        note.append(note.length() == 0 ? "" : " ").append(words.get(r.nextInt(words.size())));
      }
      rows.add(new Object[] {(long) (i + 1), age, income, seg, member, start, end, note.toString()});
    }
    return new Table("mixed.csv", List.of("id", "age", "income", "segment", "member", "start", "end", "note"), rows);
  }

  /** A scikit-learn table, or null when python3-sklearn is not installed. */
  public static Table sklearn(String file) {
    Path p = SKLEARN.resolve(file);
    return Files.isRegularFile(p) ? TableIO.read(p) : null;
  }
}
