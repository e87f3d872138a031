package dev.fabrica.neural.run;

import ai.djl.ndarray.NDManager;
import dev.fabrica.neural.Torch;
import dev.fabrica.neural.gan.Gan;
import dev.fabrica.neural.vae.Vae;
import java.util.List;

/** {@link ImageGenerator}s over the trained models. */
final class Generators {
  /** Images per forward pass: bounds the memory of generating many. */
  private static final int CHUNK = 500;

  private Generators() {}

  /** Images {@code from .. from + m} of a batch, in their own scope. */
  private interface Chunk {
    float[] images(int from, int m, NDManager scope);
  }

  /** n images made CHUNK at a time, each chunk's arrays freed before the next. */
  private static float[] chunked(int n, NDManager scope, Chunk chunk) {
    float[] out = new float[n * 784];
    for (int from = 0; from < n; from += CHUNK) {
      int m = Math.min(CHUNK, n - from);
      try (NDManager s = scope.newSubManager()) {
        System.arraycopy(chunk.images(from, m, s), 0, out, from * 784, m * 784);
      }
    }
    return out;
  }

  static ImageGenerator vae(Vae vae, List<String> classes) {
    return new VaeGenerator(vae, classes);
  }

  /** A VAE behind the generator interface; {@link #vae()} reaches the reconstruction API. */
  static final class VaeGenerator extends Base {
    private final Vae vae;

    VaeGenerator(Vae vae, List<String> classes) {
      super("vae", classes, false);
      this.vae = vae;
    }

    Vae vae() {
      return vae;
    }

    @Override
    public float[] generate(int n, int[] cls, long seed, NDManager scope) {
      Torch.seed(seed);
      return chunked(n, scope, (from, m, s) -> vae.sample(m, s));
    }

    @Override
    public void close() {
      vae.close();
    }
  }

  static ImageGenerator gan(Gan gan, List<String> classes, double psi) {
    return new Base(gan.config().conditional() ? "cgan" : "gan", classes, gan.config().conditional()) {
      @Override
      public float[] generate(int n, int[] cls, long seed, NDManager scope) {
        int[] c = cls;
        if (c == null) {
          c = new int[n];
          for (int i = 0; i < n; i++) {
            c[i] = i % classes.size();
          }
        }
        Torch.seed(seed);
        int[] all = c;
        float[] x = chunked(n, scope, (from, m, s) -> gan.sample(m, java.util.Arrays.copyOfRange(all, from, from + m), psi, s));
        for (int i = 0; i < x.length; i++) {
          x[i] = (x[i] + 1) / 2; // tanh range [-1, 1] → [0, 1]
        }
        return x;
      }

      @Override
      public void close() {
        gan.close();
      }
    };
  }

  static ImageGenerator style(dev.fabrica.neural.style.StyleGan gan, List<String> classes, double psi) {
    return new Base("stylegan", classes, false) {
      @Override
      public float[] generate(int n, int[] cls, long seed, NDManager scope) {
        long[] seeds = new long[n];
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
          seeds[i] = r.nextLong();
        }
        float[] x = chunked(n, scope, (from, m, s) -> gan.sample(java.util.Arrays.copyOfRange(seeds, from, from + m), psi, s));
        for (int i = 0; i < x.length; i++) {
          x[i] = Math.max(0f, Math.min(1f, (x[i] + 1) / 2)); // the synthesis output is unbounded around [-1, 1]
        }
        return x;
      }

      @Override
      public void close() {
        gan.close();
      }
    };
  }

  static PromptGenerator t2i(dev.fabrica.neural.t2i.T2i model, double psi) {
    return new T2iGenerator(model, psi);
  }

  /** The text-to-image model: {@link #generate(int, int[], long, NDManager)} draws classes, the prompt path reads text. */
  private static final class T2iGenerator extends Base implements PromptGenerator {
    private final dev.fabrica.neural.t2i.T2i model;
    private final double psi;

    T2iGenerator(dev.fabrica.neural.t2i.T2i model, double psi) {
      super("t2i", model.captions().concepts(), true);
      this.model = model;
      this.psi = psi;
    }

    @Override
    public float[] generate(int n, int[] cls, long seed, NDManager scope) {
      int[] c = cls;
      if (c == null) {
        c = new int[n];
        for (int i = 0; i < n; i++) {
          c[i] = i % classes().size();
        }
      }
      return images(model.oneHot(c), n, seed, scope);
    }

    @Override
    public dev.fabrica.neural.t2i.PromptEncoder.Reading read(String prompt, NDManager scope) {
      return model.encoder().read(prompt, scope);
    }

    @Override
    public Prompted generate(String prompt, int n, long seed, NDManager scope) {
      dev.fabrica.neural.t2i.PromptEncoder.Reading r = read(prompt, scope);
      return new Prompted(images(dev.fabrica.neural.t2i.T2i.repeat(r.probs(), n), n, seed, scope), r);
    }

    @Override
    public dev.fabrica.neural.t2i.Captions captions() {
      return model.captions();
    }

    private float[] images(float[] conditions, int n, long seed, NDManager scope) {
      int k = classes().size();
      Torch.seed(seed);
      float[] x = chunked(n, scope, (from, m, s) -> model.sample(java.util.Arrays.copyOfRange(conditions, from * k, (from + m) * k), m, psi, s));
      for (int i = 0; i < x.length; i++) {
        x[i] = (x[i] + 1) / 2; // tanh range [-1, 1] → [0, 1]
      }
      return x;
    }

    @Override
    public void close() {
      model.close();
    }
  }

  private abstract static class Base implements ImageGenerator {
    private final String kind;
    private final List<String> classes;
    private final boolean conditional;

    Base(String kind, List<String> classes, boolean conditional) {
      this.kind = kind;
      this.classes = classes;
      this.conditional = conditional;
    }

    @Override
    public String kind() {
      return kind;
    }

    @Override
    public List<String> classes() {
      return classes;
    }

    @Override
    public boolean conditional() {
      return conditional;
    }

    @Override
    public int height() {
      return 28;
    }

    @Override
    public int width() {
      return 28;
    }
  }
}
