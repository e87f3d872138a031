package dev.fabrica.neural.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.fabrica.neural.io.IdxImages;
import java.nio.file.Path;
import java.util.List;

/**
 * Labelled 28×28 grayscale images held as bytes, served as float batches scaled to [0, 1] (VAEs)
 * or [-1, 1] (GANs), with the class names that travel in a run's config.json.
 */
public record ImageSet(IdxImages images, List<String> classes) {
  /** Fashion-MNIST's ten classes, in label order. */
  public static final List<String> FASHION_CLASSES = List.of(
      "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  /** The training (60,000) or test (10,000) split of Fashion-MNIST in {@code dir}. */
  public static ImageSet fashionMnist(Path dir, boolean train) {
    return new ImageSet(IdxImages.fashionMnist(dir, train), FASHION_CLASSES);
  }

  /** The first {@code n} images only (a quick run on a subset). */
  public ImageSet head(int n) {
    int k = Math.min(n, images.count());
    int size = images.rows() * images.cols();
    int[] labels = images.labels() == null ? null : java.util.Arrays.copyOf(images.labels(), k);
    return new ImageSet(
        new IdxImages(k, images.rows(), images.cols(), java.util.Arrays.copyOf(images.pixels(), k * size), labels), classes);
  }

  public int size() {
    return images.count();
  }

  public int pixels() {
    return images.rows() * images.cols();
  }

  /** Images at {@code indexes} as (B, H·W), in [0, 1] or, when {@code symmetric}, in [-1, 1]. */
  public NDArray batch(int[] indexes, boolean symmetric, NDManager scope) {
    return scope.create(images.batch(indexes, symmetric), new Shape(indexes.length, pixels()));
  }

  /** Labels at {@code indexes} as an int64 (B) array. */
  public NDArray labels(int[] indexes, NDManager scope) {
    long[] out = new long[indexes.length];
    int[] all = images.labels();
    for (int i = 0; i < indexes.length; i++) {
      out[i] = all[indexes[i]];
    }
    return scope.create(out);
  }

  /** 0, 1, …, n − 1. */
  public static int[] range(int from, int to) {
    int[] r = new int[to - from];
    for (int i = 0; i < r.length; i++) {
      r[i] = from + i;
    }
    return r;
  }
}
