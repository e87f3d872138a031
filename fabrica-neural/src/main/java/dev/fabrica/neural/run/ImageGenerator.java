package dev.fabrica.neural.run;

import ai.djl.ndarray.NDManager;
import java.util.List;

/** A trained image model that makes new images: a VAE, a GAN or a conditional GAN. */
public interface ImageGenerator extends AutoCloseable {
  /** The model family: vae, gan, cgan. */
  String kind();

  /** Class names (Fashion-MNIST's by default). */
  List<String> classes();

  /** Whether {@link #generate} reads the classes it is given. */
  boolean conditional();

  int height();

  int width();

  /**
   * {@code n} images as (n·H·W) pixel values in [0, 1], reproducible for a seed.
   *
   * @param classes the class of each image (conditional models), or null: spread evenly
   */
  float[] generate(int n, int[] classes, long seed, NDManager scope);

  @Override
  void close();
}
