package dev.fabrica.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import dev.fabrica.core.Reporter;
import dev.fabrica.neural.Torch;
import dev.fabrica.neural.gpt.Gpt;
import dev.fabrica.neural.gpt.GptConfig;
import dev.fabrica.neural.gpt.GptEval;
import dev.fabrica.neural.gpt.GptTrainer;
import dev.fabrica.neural.gpt.Sampler;
import dev.fabrica.neural.gpt.SamplingOptions;
import dev.fabrica.neural.gpt.TextCorpus;
import dev.fabrica.neural.run.GptRuns;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fabrica bench gpt}: trains a preset (baby by default) in process and prints one JSON
 * object: ms per training step (after warm-up), validation loss at the end (on 20 fixed batches, and
 * on the whole validation text in consecutive windows), tokens/s of generation
 * with and without the key/value cache, and model FLOP utilisation against a measured matmul peak
 * (FLOPs per token 6N + 12·L·T·C as in the PaLM appendix, N without position embeddings).
 */
@Command(name = "gpt", mixinStandardHelpOptions = true,
    description = {"Benchmark GPT training (ms per step, validation loss after --steps) and generation",
        "(tokens/s with and without the cache), with model FLOP utilisation. Prints one JSON object."})
public final class BenchGptCommand implements Callable<Integer> {
  private static final int WARMUP = 10;

  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(names = "--text", defaultValue = "/usr/share/games/fortunes/fortunes", paramLabel = "FILE", description = "Corpus (default: ${DEFAULT-VALUE}).")
  Path text;

  @Option(names = "--preset", defaultValue = "baby", paramLabel = "NAME", description = "Default: ${DEFAULT-VALUE}.")
  String preset;

  @Option(names = "--steps", defaultValue = "2000", paramLabel = "N", description = "Training steps (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--gen-tokens", defaultValue = "500", paramLabel = "N", description = "Tokens generated per timing (default: ${DEFAULT-VALUE}).")
  int genTokens;

  @Override
  public Integer call() {
    if (steps <= WARMUP) {
      throw new BadInputException("--steps must be more than " + WARMUP + " (the warm-up steps are not timed), got " + steps);
    }
    if (genTokens < 1) {
      throw new BadInputException("--gen-tokens must be at least 1, got " + genTokens);
    }
    Reporter r = common.reporter();
    Torch.start(common.threads());
    TextCorpus corpus = TextCorpus.of(GptRuns.readText(text, "--text"), "char", 0, "--text " + text);
    GptConfig c;
    try {
      c = GptConfig.preset(preset).withVocabSize(corpus.tokenizer().vocabSize()).withMaxIters(steps).withSeed(common.seed());
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--preset: " + e.getMessage());
    }
    corpus.requireContext(c.blockSize(), "--text " + text);
    Map<String, Object> out = new LinkedHashMap<>();
    try (NDManager m = NDManager.newBaseManager(); Gpt gpt = new Gpt(c, m)) {
      double peak = matmulPeak(m);
      GptTrainer trainer = new GptTrainer(gpt, corpus.train(), corpus.val(), 1.0);
      long timed = 0;
      try (Reporter.Progress bar = r.progress("bench gpt: train", steps, "steps")) {
        for (int s = 0; s < steps; s++) {
          Torch.seed(c.seed() * 0x9E3779B97F4A7C15L + s);
          long t0 = System.nanoTime();
          try (NDManager scope = m.newSubManager()) {
            trainer.trainStep(s, scope);
          }
          timed += s >= WARMUP ? System.nanoTime() - t0 : 0;
          bar.step(1);
        }
      }
      double msPerStep = timed / 1e6 / (steps - WARMUP);
      double valLoss;
      try (NDManager scope = m.newSubManager()) {
        valLoss = trainer.evaluate(scope).get("val_loss");
      }
      // the whole validation text in consecutive windows, as `fabrica eval` scores it: free of the
      // sampling noise of 20 random batches, and what bench/nanogpt_gpt.py computes for nanoGPT
      double valLossFull = ((Number) GptEval.evaluate(gpt, corpus.tokenizer(), corpus.valText(), "--text " + text).get("loss")).doubleValue();
      long n = gpt.params().count() - (long) c.blockSize() * c.nEmbd();
      double flopsPerStep = (6.0 * n + 12.0 * c.nLayer() * c.blockSize() * c.nEmbd()) * c.batchSize() * c.blockSize();
      double achieved = flopsPerStep / (msPerStep / 1e3);
      Sampler sampler = new Sampler(gpt, corpus.tokenizer());
      out.put("model", "gpt");
      out.put("preset", preset);
      out.put("config", c);
      out.put("parameters", gpt.params().count());
      out.put("ms_per_step", BenchMachine.round(msPerStep, 2));
      out.put("tokens_per_second_training", BenchMachine.round(c.batchSize() * c.blockSize() / (msPerStep / 1e3), 0));
      out.put("val_loss", BenchMachine.round(valLoss, 4));
      out.put("val_loss_full", BenchMachine.round(valLossFull, 4));
      out.put("steps", steps);
      out.put("generation_tokens_per_second_cached", BenchMachine.round(generationRate(sampler, true), 1));
      out.put("generation_tokens_per_second_uncached", BenchMachine.round(generationRate(sampler, false), 1));
      out.put("matmul_peak_gflops", BenchMachine.round(peak / 1e9, 2));
      out.put("achieved_gflops", BenchMachine.round(achieved / 1e9, 2));
      out.put("mfu", BenchMachine.round(achieved / peak, 4));
      out.put("text", text.toString());
      out.put("vocab_size", c.vocabSize());
      out.put("threads", common.threads());
    }
    out.put("machine", BenchMachine.describe());
    List<String> args = new ArrayList<>(List.of("bench", "gpt", "--text", text.toString(), "--preset", preset, "--steps", "" + steps,
        "--gen-tokens", "" + genTokens, "--seed", "" + common.seed(), "--threads", "" + common.threads()));
    out.put("command", BenchMachine.command(args));
    spec.commandLine().getOut().println(Json.pretty(out));
    spec.commandLine().getOut().flush();
    return 0;
  }

  /**
   * Tokens per second generating {@code genTokens} from an empty prompt (a newline) with nanoGPT's
   * sample.py settings (temperature 0.8, top-k 200), after a run of the same length that lets the
   * JIT compile the Java decoder (C2 compiles a method after 10,000 calls: ~400 positions).
   */
  private double generationRate(Sampler s, boolean cache) {
    SamplingOptions o = SamplingOptions.defaults().withCache(cache).withSeed(common.seed()).withTemperature(0.8).withTopK(200);
    s.generate("", o.withMaxTokens(genTokens).withSeed(common.seed() + 1), null);
    long t0 = System.nanoTime();
    int n = s.generate("", o.withMaxTokens(genTokens), null).tokens().length;
    return n / ((System.nanoTime() - t0) / 1e9);
  }

  /** Float32 FLOP/s of a 1024×1024 matrix product, the best of several. */
  private static double matmulPeak(NDManager m) {
    int size = 1024;
    double best = 0;
    try (NDManager s = m.newSubManager()) {
      NDArray a = s.randomUniform(-1, 1, new Shape(size, size));
      NDArray b = s.randomUniform(-1, 1, new Shape(size, size));
      for (int i = 0; i < 8; i++) {
        long t0 = System.nanoTime();
        try (NDArray c = a.matMul(b)) {
          c.getFloat(0, 0); // wait for the result
        }
        best = Math.max(best, 2.0 * size * size * size / ((System.nanoTime() - t0) / 1e9));
      }
    }
    return best;
  }
}
