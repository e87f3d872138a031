package dev.fabrica.testkit;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a tiny Fashion-MNIST look-alike (gzip IDX files with the real names) for tests: class k is
 * a bright bar whose row and width depend on k, over faint noise, so a model can learn it fast.
 */
public final class FakeFashion {
  private FakeFashion() {}

  public static Path write(Path dir, int train, int test, long seed) throws IOException {
    Files.createDirectories(dir);
    SplittableRandom r = new SplittableRandom(seed);
    writeSplit(dir, "train", train, r);
    writeSplit(dir, "t10k", test, r);
    return dir;
  }

  private static void writeSplit(Path dir, String prefix, int n, SplittableRandom r) throws IOException {
    byte[] pixels = new byte[n * 784];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      int k = i % 10;
      labels[i] = (byte) k;
      int top = 2 + 2 * k;
      int left = 4 + (k % 3) * 2;
      int width = 10 + k;
      for (int y = 0; y < 28; y++) {
        for (int x = 0; x < 28; x++) {
          boolean on = y >= top && y < top + 5 && x >= left && x < Math.min(28, left + width);
          int v = on ? 200 + r.nextInt(56) : r.nextInt(20);
          pixels[i * 784 + y * 28 + x] = (byte) v;
        }
      }
    }
    try (DataOutputStream out = gz(dir.resolve(prefix + "-images-idx3-ubyte.gz"))) {
      out.writeInt(2051);
      out.writeInt(n);
      out.writeInt(28);
      out.writeInt(28);
      out.write(pixels);
    }
    try (DataOutputStream out = gz(dir.resolve(prefix + "-labels-idx1-ubyte.gz"))) {
      out.writeInt(2049);
      out.writeInt(n);
      out.write(labels);
    }
  }

  private static DataOutputStream gz(Path file) throws IOException {
    OutputStream o = Files.newOutputStream(file);
    return new DataOutputStream(new GZIPOutputStream(o));
  }
}
