import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * How much compute a second thread adds on this machine: the same vectorisable multiply-add loop
 * (2 KiB of floats, in L1) on one thread, then on N threads at once, each doing the same work.
 * Prints JSON: wall and CPU seconds per thread for each, and the speedup N·t(1)/t(N). On N real
 * cores the speedup is close to N; on hyperthreads of one core, or on vCPUs the host gives only
 * part of, it is far below.
 *
 * <p>Run: {@code java bench/CoreScaling.java [threads] [rounds]} (defaults: all cores, 7).
 */
public class CoreScaling {
  static volatile float sink;

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    double[] one = run(1, rounds);
    double[] many = run(threads, rounds);
    System.out.printf("{\"benchmark\": \"core_scaling\", \"cores\": %d, \"threads\": %d, \"rounds\": %d,%n",
        Runtime.getRuntime().availableProcessors(), threads, rounds);
    System.out.printf("  \"one_thread_wall_seconds\": %.4f, \"one_thread_cpu_seconds\": %.4f,%n", one[0], one[1]);
    System.out.printf("  \"n_threads_wall_seconds\": %.4f, \"n_threads_cpu_seconds_per_thread\": %.4f,%n", many[0], many[1]);
    System.out.printf("  \"speedup\": %.3f, \"cpu_rate_per_thread_vs_alone\": %.3f}%n",
        threads * one[0] / many[0], one[1] / many[1]);
  }

  /** Median over rounds (after one warm-up) of {wall seconds, mean CPU seconds per thread}. */
  static double[] run(int threads, int rounds) throws InterruptedException {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double[] wall = new double[rounds];
    double[] cpu = new double[rounds];
    for (int r = -1; r < rounds; r++) {
      long[] cpuNanos = new long[threads];
      Thread[] ts = new Thread[threads];
      long t0 = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        int me = t;
        ts[t] = new Thread(() -> {
          float[] a = new float[512];
          float[] b = new float[512];
          Arrays.fill(b, 1e-3f);
          for (int rep = 0; rep < 4_000_000; rep++) {
            for (int i = 0; i < a.length; i++) {
              a[i] = a[i] * 0.999f + b[i];
            }
          }
          sink = a[7];
          cpuNanos[me] = mx.getCurrentThreadCpuTime();
        });
        ts[t].start();
      }
      for (Thread t : ts) {
        t.join();
      }
      if (r >= 0) {
        wall[r] = (System.nanoTime() - t0) / 1e9;
        cpu[r] = Arrays.stream(cpuNanos).average().orElse(0) / 1e9;
      }
    }
    Arrays.sort(wall);
    Arrays.sort(cpu);
    return new double[] {wall[rounds / 2], cpu[rounds / 2]};
  }
}
