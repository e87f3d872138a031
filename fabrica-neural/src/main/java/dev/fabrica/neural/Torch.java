package dev.fabrica.neural;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Starts the PyTorch engine the way fabrica needs it: offline (libtorch comes from the
 * pytorch-native-cpu jar, never the network), on the CPU, with a set number of threads.
 */
public final class Torch {
  private static boolean started;

  private Torch() {}

  /**
   * Loads the engine once, with {@code threads} intra-op threads (0 or less: one per core).
   *
   * @return the engine's PyTorch version
   */
  public static synchronized String start(int threads) {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    Engine engine = Engine.getEngine("PyTorch");
    int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    if (JniUtils.getNumThreads() != n) {
      JniUtils.setNumThreads(n);
    }
    if (!started) {
      try {
        JniUtils.setNumInteropThreads(1); // allowed once, before any parallel work
      } catch (RuntimeException alreadyStarted) {
        // another part of the process started inter-op work first; keep its setting
      }
      started = true;
    }
    return engine.getVersion();
  }

  /**
   * Turns gradient recording off for the calling thread. libtorch's grad mode is per thread and
   * DJL turns it off only on the thread that started the engine, so a thread of a server's pool
   * that loads weights (an in-place copy into tensors that require gradients) or generates must
   * call this first.
   */
  public static void inferenceOnThisThread() {
    JniUtils.setGradMode(false);
  }

  /** Seeds PyTorch's global generator (noise, dropout, random init done by torch). */
  public static void seed(long seed) {
    JniUtils.setSeed(seed);
  }
}
