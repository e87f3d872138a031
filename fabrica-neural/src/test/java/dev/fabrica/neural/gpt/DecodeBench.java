package dev.fabrica.neural.gpt;

import ai.djl.ndarray.NDManager;
import dev.fabrica.neural.Torch;
import dev.fabrica.neural.text.Tokenizer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * Tokens per CPU-second of {@link ContinuousBatch} on {@code baby}-sized random weights (4 layers,
 * 4 heads, 128 wide, context 64, 80 characters), kept full with closed-loop requests like those of
 * {@code fabrica bench serve} ("The ", 64 tokens, a seed each). Not a test: a harness, run as
 * {@code java -cp <test classpath> dev.fabrica.neural.gpt.DecodeBench [rows,rows,...] [seconds] [warm-up seconds] [threads]};
 * prints one JSON object per level. With one thread (the default) it runs for CPU time of the stepping thread, so a busy machine
 * counts less; with more, for wall time, and the CPU time is the process's.
 */
public final class DecodeBench {
  private DecodeBench() {}

  public static void main(String[] args) {
    String[] levels = (args.length > 0 ? args[0] : "1,16").split(",");
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
    double warmup = args.length > 2 ? Double.parseDouble(args[2]) : 3;
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    Torch.start(1);
    StringBuilder chars = new StringBuilder();
    for (char ch = ' '; chars.length() < 80; ch++) {
      chars.append(ch);
    }
    TextCorpus corpus = TextCorpus.of(chars.toString().repeat(4), "char", 0, "80 characters");
    Tokenizer tok = corpus.tokenizer();
    try (NDManager m = NDManager.newBaseManager();
        Gpt gpt = new Gpt(GptConfig.baby().withVocabSize(tok.vocabSize()).withSeed(1), m)) {
      for (String level : levels) {
        int rows = Integer.parseInt(level.trim());
        run(gpt, tok, rows, warmup, threads); // let C2 compile this shape
        long[] r = run(gpt, tok, rows, seconds, threads);
        System.out.printf("{\"rows\": %d, \"threads\": %d, \"tokens\": %d, \"cpu_s\": %.3f, \"tokens_per_cpu_s\": %.0f, \"tokens_per_s\": %.0f,"
                + " \"steps\": %d, \"vocab\": %d, \"cores\": %d}%n", rows, threads, r[0], r[1] / 1e9, r[0] / (r[1] / 1e9),
            r[0] / (r[2] / 1e9), r[3], tok.vocabSize(), Runtime.getRuntime().availableProcessors());
      }
    }
  }

  /**
   * Steps a batch kept at {@code rows} sequences, split between up to {@code threads} threads, for
   * {@code seconds} of the stepping thread's CPU time (one thread) or of wall time (more); returns
   * tokens, CPU ns (the stepping thread's with one thread, the process's with more), wall ns, steps.
   */
  static long[] run(Gpt gpt, Tokenizer tok, int rows, double seconds, int threads) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    java.util.function.LongSupplier cpu = threads == 1 ? mx::getCurrentThreadCpuTime : os::getProcessCpuTime;
    java.util.function.LongSupplier clock = threads == 1 ? mx::getCurrentThreadCpuTime : System::nanoTime;
    ContinuousBatch batch = new ContinuousBatch(gpt, tok, rows, threads);
    int[] prompt = Prompts.encode(tok, "The ");
    SamplingOptions o = SamplingOptions.defaults().withMaxTokens(64).withStop(List.of("\u0001"));
    long seed = 1;
    long tokens = 0;
    long cpu0 = cpu.getAsLong();
    long t0 = System.nanoTime();
    long end = clock.getAsLong() + (long) (seconds * 1e9); // one thread: CPU seconds, as a busy machine lends it less of each wall second
    long steps = 0;
    while (clock.getAsLong() < end) {
      while (batch.free() > 0) {
        batch.join(prompt, o.withSeed(seed++), 0, null);
      }
      tokens += batch.size();
      batch.step();
      steps++;
    }
    return new long[] {tokens, cpu.getAsLong() - cpu0, System.nanoTime() - t0, steps};
  }
}
