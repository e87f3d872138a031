package dev.fabrica.neural.train;

import ai.djl.ndarray.NDManager;
import dev.fabrica.core.Reporter;
import dev.fabrica.neural.Torch;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one training loop of every neural model: runs {@link Trainable#trainStep} for the configured
 * steps, each in its own NDManager scope (so memory stays flat), evaluates every
 * {@code evalEvery} steps, logs metrics.jsonl and loss.png, keeps the best weights in
 * model.safetensors and everything needed to resume in last/. {@link #requestStop()} (wired to
 * Ctrl-C by the command line) ends the run after the current step, with a checkpoint.
 */
public final class TrainLoop {
  /**
   * How a run ended: the step reached, whether it was stopped early, the best evaluation, and the
   * number of the signal that stopped it (2 for SIGINT, 15 for SIGTERM; 0 when it was not a signal).
   */
  public record Outcome(long step, boolean stopped, double best, long bestStep, double seconds, int signal) {
    /** The exit code for a command that ran this: 0, 128 + the signal, or 130 for another early stop. */
    public int exitCode() {
      return !stopped ? 0 : signal > 0 ? 128 + signal : 130;
    }
  }

  private final LoopConfig config;
  private final Reporter reporter;
  private volatile boolean stopRequested;
  private volatile int stopSignal;

  public TrainLoop(LoopConfig config, Reporter reporter) {
    this.config = config;
    this.reporter = reporter;
  }

  /** Asks the running loop to checkpoint and return after the current step. */
  public void requestStop() {
    stopRequested = true;
  }

  /** The same, because the process received signal {@code signal} (reported in {@link Outcome#signal}). */
  public void requestStop(int signal) {
    stopSignal = signal;
    stopRequested = true;
  }

  /**
   * Trains {@code model}, writing into {@code runDir} (which must exist).
   *
   * @param resume continue from {@code runDir/last} instead of from step 0
   * @param manager parent of the per-step scopes
   */
  public Outcome run(Trainable model, Path runDir, boolean resume, NDManager manager) {
    long step = 0;
    double best = Double.POSITIVE_INFINITY;
    long bestStep = -1;
    double before = 0;
    if (resume) {
      Checkpoints.State s = Checkpoints.resume(runDir, model);
      step = s.step();
      best = s.best();
      bestStep = s.bestStep();
      before = s.elapsedSeconds();
      reporter.info("resuming at step " + step + " of " + config.steps());
    }
    MetricsLog log = new MetricsLog(runDir, step);
    long start = System.nanoTime();
    Map<String, double[]> sums = new LinkedHashMap<>(); // name → {sum, count} since the last evaluation
    String task = resume ? "train (from step " + step + ")" : "train";
    boolean stopped = false;
    long trainNanos = 0; // inside trainStep since the last evaluation
    long trainedSteps = 0; // in this process, for the throughput shown
    long allTrainNanos = 0;
    try (Reporter.Progress bar = reporter.progress(task, config.steps() - step, "steps")) {
      while (step < config.steps()) {
        Torch.seed(config.seed() * 0x9E3779B97F4A7C15L + step);
        Map<String, Double> losses;
        long t0 = System.nanoTime();
        try (NDManager scope = manager.newSubManager()) {
          losses = model.trainStep(step, scope);
        }
        trainNanos += System.nanoTime() - t0;
        allTrainNanos += System.nanoTime() - t0;
        for (Map.Entry<String, Double> e : losses.entrySet()) {
          if (!Double.isFinite(e.getValue())) {
            throw new DivergedException(String.format(
                "training diverged at step %d: %s is %s; the weights of that step were not saved, %s",
                step + 1, e.getKey(), e.getValue(), java.nio.file.Files.isRegularFile(runDir.resolve("last").resolve("state.json"))
                    ? "the last checkpoint in " + runDir.resolve("last") + " is intact (continue with --resume, perhaps with a lower --lr)"
                    : "and no checkpoint was written yet (try a lower --lr)"));
          }
        }
        step++;
        String shown = null;
        for (Map.Entry<String, Double> e : losses.entrySet()) {
          double[] acc = sums.computeIfAbsent(e.getKey(), k -> new double[2]);
          acc[0] += e.getValue();
          acc[1]++;
          if (shown == null) {
            shown = String.format("%s %.4g", e.getKey(), acc[0] / acc[1]);
          }
        }
        bar.step(1);
        trainedSteps++;
        if (model.itemsPerStep() > 0) {
          double rate = model.itemsPerStep() * trainedSteps / (allTrainNanos / 1e9); // training alone
          shown = (shown == null ? "" : shown + ", ") + String.format("%,.0f %s/s", rate, model.itemUnit());
        }
        if (shown != null) {
          bar.extra(shown);
        }
        stopped = stopRequested;
        if (step % config.evalEvery() == 0 || step == config.steps() || stopped) {
          double elapsed = before + (System.nanoTime() - start) / 1e9;
          Map<String, Object> line = new LinkedHashMap<>();
          line.put("step", step);
          sums.forEach((k, acc) -> line.put(k, acc[0] / acc[1]));
          sums.clear();
          line.put("train_seconds", trainNanos / 1e9); // training alone, evaluation excluded
          trainNanos = 0;
          Map<String, Double> eval;
          try (NDManager scope = manager.newSubManager()) {
            eval = model.evaluate(scope);
            model.afterEvaluation(step, runDir, scope);
          }
          line.putAll(eval);
          line.put("elapsed_seconds", elapsed);
          log.add(line);
          log.plot(runDir.resolve("loss.png"), runDir.getFileName().toString());
          Map<String, dev.fabrica.neural.io.Tensor> weights = model.checkpointTensors(); // copied out of the engine once
          Double metric = config.bestMetric() == null ? null : eval.get(config.bestMetric());
          if (metric == null || metric < best) {
            best = metric == null ? Double.POSITIVE_INFINITY : metric;
            bestStep = step;
            Checkpoints.saveModel(runDir, weights, Map.of("step", Long.toString(step)));
          }
          Checkpoints.saveLast(runDir, weights, model, new Checkpoints.State(step, best, bestStep, elapsed, config.seed()));
          if (stopped) {
            break;
          }
        }
      }
    }
    return new Outcome(step, stopped, best, bestStep, before + (System.nanoTime() - start) / 1e9, stopped ? stopSignal : 0);
  }
}
