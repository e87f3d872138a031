package dev.fabrica.cli;

import static dev.fabrica.cli.report.HtmlPage.esc;

import ai.djl.ndarray.NDManager;
import dev.fabrica.cli.model.HmmInputs;
import dev.fabrica.core.AtomicFiles;
import dev.fabrica.core.Reporter;
import dev.fabrica.neural.gpt.ChatTemplate;
import dev.fabrica.neural.gpt.GptConfig;
import dev.fabrica.neural.gpt.Prompts;
import dev.fabrica.neural.gpt.Sampler;
import dev.fabrica.neural.gpt.SamplingOptions;
import dev.fabrica.neural.run.GptRuns;
import dev.fabrica.neural.train.TrainLoop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The demo's GPT part: a {@code baby} model (nanoGPT's CPU configuration) learns the Tang poems
 * of Debian's fortunes-zh character by character for a step budget, then the report shows its loss
 * curve, a few seeded samples and its reply to a chat message.
 */
final class DemoGpt {
  /** The demo's chat message: "write me a poem about autumn". */
  static final String MESSAGE = "给我写一首关于秋天的诗";
  static final List<String> PROMPTS = List.of("秋", "月", "春风");

  private DemoGpt() {}

  /**
   * Trains, samples and chats; returns the report section's HTML.
   *
   * @param fortuneFile fortunes-zh's tang300
   * @param steps training steps of the baby preset
   */
  static String run(Path fortuneFile, Path out, int steps, long seed, int threads, Reporter rep) throws IOException {
    // the poems without the fortune format's "%" lines (and colour codes), a blank line between two
    Path poems = out.resolve("work/tang300.txt");
    List<String> entries = HmmInputs.texts(fortuneFile);
    AtomicFiles.writeString(poems, String.join("\n\n", entries.stream().map(String::strip).toList()) + "\n");
    GptConfig base = GptConfig.baby().withMaxIters(steps).withSeed(seed);
    // about ten points on the loss curve whatever the budget; the last step is always evaluated
    GptConfig config = base.withEval(Math.max(1, Math.min(base.evalInterval(), steps / 10)), base.evalIters());
    Path run = out.resolve("runs/poems");
    rep.info("demo: training a baby GPT on " + poems + " for " + steps + " steps");
    TrainLoop.Outcome o = GptRuns.train(run, config, new GptRuns.TrainOptions(poems, "char", 0, false, null, true, threads), rep);
    SamplingOptions sampling = SamplingOptions.defaults().withTemperature(0.8).withTopK(40).withMaxTokens(120).withSeed(seed);
    StringBuilder b = new StringBuilder();
    try (NDManager m = NDManager.newBaseManager(); GptRuns.Loaded model = GptRuns.load(run, m)) {
      Sampler sampler = new Sampler(model.gpt(), model.tokenizer());
      b.append(String.format("<p>A GPT with nanoGPT's <code>baby</code> shape (%d layers, %d heads, %d wide, a context of %d "
          + "characters, %,d parameters) trained from scratch on the %,d poems of <code>%s</code> (colour codes and <code>%%</code> "
          + "lines dropped, a blank line between poems: <code>%s</code>; the first 90%% of its characters for training, the last 10%% "
          + "for validation), one character per token (%,d in the vocabulary), for %,d steps of %d windows in %.0f s on %d "
          + "thread%s. Best validation loss %.3f nats per character at step %,d. The full run is <code>fabrica train gpt --text "
          + "%s --tokenizer char --preset baby --max-steps 2000 --out runs/poems</code>.</p>",
          config.nLayer(), config.nHead(), config.nEmbd(), config.blockSize(), model.gpt().params().count(), entries.size(),
          esc(fortuneFile), esc(poems), model.tokenizer().vocabSize(), o.step(), config.batchSize(), o.seconds(), threads,
          threads == 1 ? "" : "s", o.best(), o.bestStep(), esc(poems)));
      b.append(figure(run.resolve("loss.png"), "training and validation loss (nats per character)"));
      b.append("<p>Samples (temperature 0.8, top-k 40, seed ").append(seed).append("), each after its prompt in bold:</p>");
      // one batch of prompts; a prompt character the poems never use is left out, as chat does
      List<String> prompts = PROMPTS.stream().map(p -> Prompts.dropUnknown(model.tokenizer(), p)).toList();
      List<Sampler.Completion> samples = sampler.generate(prompts, sampling, null);
      for (int i = 0; i < prompts.size(); i++) {
        b.append("<pre><b>").append(esc(prompts.get(i))).append("</b>").append(esc(samples.get(i).text())).append("</pre>");
      }
      b.append(chat(model, sampler, sampling));
    }
    return b.toString();
  }

  /** The reply to {@link #MESSAGE}, as {@code fabrica chat} gives it. */
  private static String chat(GptRuns.Loaded model, Sampler sampler, SamplingOptions sampling) {
    String unknown = Prompts.unknown(model.tokenizer(), MESSAGE);
    String message = Prompts.dropUnknown(model.tokenizer(), MESSAGE);
    ChatTemplate template = model.template();
    String prompt = template.prompt(List.of(new ChatTemplate.Message("user", message)));
    Sampler.Completion reply = sampler.generate(prompt, sampling.withStop(template.stops()), null);
    StringBuilder b = new StringBuilder("<p>Chat: the message <b>").append(esc(MESSAGE)).append("</b> (write me a poem about autumn). ");
    if (!unknown.isEmpty()) {
      List<String> missing = new ArrayList<>();
      unknown.codePoints().forEach(cp -> missing.add(new String(Character.toChars(cp))));
      b.append("The poems never use ").append(esc(String.join(" ", missing)))
          .append(missing.size() == 1 ? ", so it is" : ", so these characters are").append(" left out, as <code>fabrica chat</code> does. ");
    }
    b.append("A model trained on plain poems cannot follow instructions: its reply continues the message in the style of the "
        + "corpus.</p><pre><b>").append(esc(message)).append("</b>").append(esc(reply.text())).append("</pre>");
    return b.toString();
  }

  /** What the page says when fortunes-zh is missing. */
  static String skipped(Path poems) {
    return "<p>Skipped: no <code>" + esc(poems) + "</code> (Debian's <code>fortunes-zh</code>: <code>apt-get install "
        + "fortunes-zh</code>, or pass <code>--fortunes DIR</code>).</p>";
  }

  private static String figure(Path png, String caption) throws IOException {
    String data = Base64.getEncoder().encodeToString(Files.readAllBytes(png));
    return "<figure style=\"margin:0\"><img style=\"max-width:560px\" src=\"data:image/png;base64," + data + "\" alt=\""
        + esc(caption) + "\"><figcaption>" + esc(caption) + "</figcaption></figure>";
  }
}
