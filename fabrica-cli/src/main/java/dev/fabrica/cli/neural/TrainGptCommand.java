package dev.fabrica.cli.neural;

import dev.fabrica.cli.CommonOptions;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import dev.fabrica.core.Reporter;
import dev.fabrica.neural.gpt.GptConfig;
import dev.fabrica.neural.run.GptRuns;
import dev.fabrica.neural.train.TrainLoop;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fabrica train gpt}: a GPT language model on a text file; every {@link GptConfig} field has an option. */
@Command(name = "gpt", mixinStandardHelpOptions = true,
    description = {"Train a GPT-style language model (nanoGPT's architecture) on a UTF-8 text file:",
        "the first 90% of its characters train, the last 10% validate. Defaults come from --preset."})
public final class TrainGptCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--text", required = true, paramLabel = "FILE", description = "The text to learn (UTF-8; ANSI colour codes are dropped).")
  Path text;

  @Option(names = "--out", required = true, paramLabel = "RUN", description = "The run directory to write.")
  Path out;

  @Option(names = "--tokenizer", defaultValue = "char", paramLabel = "KIND", description = "char (code points) or bpe (byte-level BPE) (default: ${DEFAULT-VALUE}).")
  String tokenizer;

  @Option(names = "--vocab", defaultValue = "512", paramLabel = "N", description = "bpe: vocabulary size, at least 256 (default: ${DEFAULT-VALUE}).")
  int vocab;

  @Option(names = "--preset", defaultValue = "baby", paramLabel = "NAME", description = "tiny, baby (4x4x128, context 64) or small (6x6x384, context 256) (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint (its saved settings; --max-steps may lengthen it).")
  boolean resume;

  @Option(names = "--overwrite", description = "Replace --out if it exists.")
  boolean overwrite;

  @Option(names = {"--max-steps", "--max-iters"}, paramLabel = "N", description = "Optimisation steps; the cosine decay ends here unless --lr-decay-iters says otherwise.")
  Integer maxSteps;

  @Option(names = "--block-size", paramLabel = "T", description = "Context length in tokens.") Integer blockSize;
  @Option(names = "--n-layer", paramLabel = "N", description = "Transformer blocks.") Integer nLayer;
  @Option(names = "--n-head", paramLabel = "N", description = "Attention heads.") Integer nHead;
  @Option(names = "--n-embd", paramLabel = "C", description = "Width.") Integer nEmbd;
  @Option(names = "--dropout", paramLabel = "P", description = "Dropout probability.") Double dropout;
  @Option(names = "--bias", arity = "1", paramLabel = "BOOL", description = "Biases in Linear and LayerNorm (true/false).") Boolean bias;
  @Option(names = {"--batch-size", "--batch"}, paramLabel = "B", description = "Windows per step.") Integer batchSize;
  @Option(names = {"--learning-rate", "--lr"}, paramLabel = "RATE", description = "Peak learning rate.") Double learningRate;
  @Option(names = "--min-lr", paramLabel = "RATE", description = "Learning rate at the end of the cosine.") Double minLr;
  @Option(names = "--warmup-iters", paramLabel = "N", description = "Steps of linear warmup.") Integer warmupIters;
  @Option(names = "--lr-decay-iters", paramLabel = "N", description = "Step where the cosine reaches --min-lr.") Integer lrDecayIters;
  @Option(names = "--weight-decay", paramLabel = "L", description = "AdamW weight decay (2-D weights only).") Double weightDecay;
  @Option(names = "--beta1", paramLabel = "B", description = "Adam beta1.") Double beta1;
  @Option(names = "--beta2", paramLabel = "B", description = "Adam beta2.") Double beta2;
  @Option(names = "--grad-clip", paramLabel = "NORM", description = "Clip the gradients' global norm (0: off).") Double gradClip;
  @Option(names = {"--eval-interval", "--eval-every"}, paramLabel = "N", description = "Steps between evaluations and checkpoints.") Integer evalInterval;
  @Option(names = "--eval-iters", paramLabel = "N", description = "Validation batches per evaluation.") Integer evalIters;

  @Override
  public Integer call() {
    if (resume && overwrite) {
      throw new BadInputException("--resume and --overwrite contradict each other: choose one");
    }
    GptConfig config = config();
    Reporter r = common.reporter();
    GptRuns.TrainOptions o = new GptRuns.TrainOptions(text, tokenizer, vocab, resume, maxSteps, overwrite, common.threads());
    TrainLoop.Outcome outcome = GptRuns.train(out, config, o, r);
    String best = Double.isFinite(outcome.best()) ? String.format(", best val_loss %.4f at step %d", outcome.best(), outcome.bestStep()) : "";
    if (outcome.stopped()) {
      r.warn(String.format("stopped at step %d after %.1f s%s; continue with --resume --out %s", outcome.step(), outcome.seconds(), best, out));
      return outcome.exitCode();
    }
    r.info(String.format("trained %d steps in %.1f s%s: %s", outcome.step(), outcome.seconds(), best, out));
    return 0;
  }

  /** The preset with every option given on the command line put over it. */
  GptConfig config() {
    GptConfig base;
    try {
      base = GptConfig.preset(preset);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--preset: " + e.getMessage());
    }
    if (tokenizer.equals("bpe") && vocab < 256) {
      throw new BadInputException("--vocab must be at least 256 for a byte-level BPE tokenizer, got " + vocab);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = Json.MAPPER.convertValue(base, LinkedHashMap.class);
    if (maxSteps != null) {
      m.put("max_iters", maxSteps);
      m.put("lr_decay_iters", maxSteps); // nanoGPT's CPU recipe: the cosine spans the run
      m.put("warmup_iters", Math.min(base.warmupIters(), Math.max(0, maxSteps)));
    }
    put(m, "block_size", blockSize);
    put(m, "n_layer", nLayer);
    put(m, "n_head", nHead);
    put(m, "n_embd", nEmbd);
    put(m, "dropout", dropout);
    put(m, "bias", bias);
    put(m, "batch_size", batchSize);
    put(m, "learning_rate", learningRate);
    put(m, "min_lr", minLr);
    put(m, "warmup_iters", warmupIters);
    put(m, "lr_decay_iters", lrDecayIters);
    put(m, "weight_decay", weightDecay);
    put(m, "beta1", beta1);
    put(m, "beta2", beta2);
    put(m, "grad_clip", gradClip);
    put(m, "eval_interval", evalInterval);
    put(m, "eval_iters", evalIters);
    m.put("seed", common.seed());
    if (learningRate != null && minLr == null && base.minLr() > learningRate) {
      m.put("min_lr", learningRate / 10); // keep the preset's ratio rather than fail on its absolute floor
    }
    try {
      return Json.MAPPER.convertValue(m, GptConfig.class);
    } catch (IllegalArgumentException e) {
      Throwable t = e;
      while (t.getCause() != null) {
        t = t.getCause();
      }
      // the record names the field (n_head), which is the option without its dashes (--n-head)
      throw new BadInputException("bad GPT settings: " + t.getMessage());
    }
  }

  private static void put(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  Path out() {
    return out;
  }
}
