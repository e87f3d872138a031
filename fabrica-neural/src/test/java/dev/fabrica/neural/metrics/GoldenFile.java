package dev.fabrica.neural.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Scanner;

/** Named matrices from a golden text file: a header line {@code name rows cols}, then the rows. */
final class GoldenFile {
  private final Map<String, double[][]> blocks = new HashMap<>();

  GoldenFile(String resource) throws IOException {
    try (InputStream in = GoldenFile.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no resource " + resource);
      }
      Scanner s = new Scanner(new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replaceAll("(?m)^#.*$", ""));
      while (s.hasNext()) {
        String name = s.next();
        double[][] m = new double[s.nextInt()][s.nextInt()];
        for (double[] row : m) {
          for (int j = 0; j < row.length; j++) {
            row[j] = Double.parseDouble(s.next());
          }
        }
        blocks.put(name, m);
      }
    }
  }

  double[][] matrix(String name) {
    return blocks.get(name);
  }

  double[] row(String name) {
    return blocks.get(name)[0];
  }

  double scalar(String name) {
    return blocks.get(name)[0][0];
  }
}
