package dev.fabrica.neural.run;

import ai.djl.ndarray.NDManager;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import dev.fabrica.core.Reporter;
import dev.fabrica.core.Version;
import dev.fabrica.neural.Torch;
import dev.fabrica.neural.gpt.ChatTemplate;
import dev.fabrica.neural.gpt.Gpt;
import dev.fabrica.neural.gpt.GptConfig;
import dev.fabrica.neural.gpt.GptTrainer;
import dev.fabrica.neural.gpt.TextCorpus;
import dev.fabrica.neural.io.Safetensors;
import dev.fabrica.neural.text.Tokenizer;
import dev.fabrica.neural.train.Checkpoints;
import dev.fabrica.neural.train.LoopConfig;
import dev.fabrica.neural.train.TrainLoop;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Trains GPT language models into run directories and loads them back. Besides the files every
 * neural run has, a GPT run holds {@code tokenizer.json} and {@code samples.txt} (text drawn at each
 * evaluation); config.json records the model kind {@code gpt}, its {@link GptConfig}, the chat
 * template and the text it learnt (path, size, SHA-256, so a resume on other text is refused).
 */
public final class GptRuns {
  public static final String KIND = "gpt";
  public static final String TOKENIZER = "tokenizer.json";
  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");

  /**
   * What a training run takes besides the model's config; a resumed run keeps its saved config,
   * except for {@code resumeMaxSteps} when given.
   */
  public record TrainOptions(
      Path text, String tokenizer, int bpeVocab, boolean resume, Integer resumeMaxSteps, boolean overwrite, int threads) {}

  /** A trained model, its tokenizer and chat template. */
  public record Loaded(Gpt gpt, Tokenizer tokenizer, ChatTemplate template, Map<String, Object> config) implements AutoCloseable {
    @Override
    public void close() {
      gpt.close();
    }
  }

  private GptRuns() {}

  /**
   * Reads a UTF-8 text file, dropping ANSI colour codes (fortunes-zh has them).
   *
   * @param option how errors name the file, such as "--text"
   */
  public static String readText(Path file, String option) {
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(option + ": no such file: " + file);
    }
    try {
      byte[] bytes = Files.readAllBytes(file);
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
      return ANSI.matcher(text).replaceAll("");
    } catch (CharacterCodingException e) {
      throw new BadInputException(option + " " + file + " is not UTF-8 text");
    } catch (IOException e) {
      throw new BadInputException(option + ": cannot read " + file + ": " + e.getMessage());
    }
  }

  /** Trains (or resumes) a GPT on a text file into {@code out}. */
  public static TrainLoop.Outcome train(Path out, GptConfig requested, TrainOptions o, Reporter r) {
    Torch.start(o.threads());
    String text = readText(o.text(), "--text");
    String source = "--text " + o.text();
    GptConfig config;
    TextCorpus corpus;
    if (o.resume()) {
      Map<String, Object> saved = readConfig(out);
      if (!KIND.equals(saved.get("model"))) {
        throw new BadInputException(out.resolve("config.json") + ": the run holds a '" + saved.get("model") + "' model, not gpt");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> data = (Map<String, Object>) saved.get("data");
      if (!sha256(text).equals(data.get("sha256"))) {
        throw new BadInputException(source + " is not the text this run was trained on (" + data.get("path") + ")");
      }
      config = configOf(saved);
      if (o.resumeMaxSteps() != null) { // a longer run; the learning-rate schedule stays the saved one
        config = Json.MAPPER.convertValue(withKey(config, "max_iters", o.resumeMaxSteps()), GptConfig.class);
      }
      corpus = TextCorpus.encode(text, Tokenizer.load(out.resolve(TOKENIZER)), source);
    } else {
      corpus = TextCorpus.of(text, o.tokenizer(), o.bpeVocab(), source);
      config = requested.withVocabSize(corpus.tokenizer().vocabSize());
    }
    corpus.requireContext(config.blockSize(), source);
    if (!o.resume()) {
      RunDirectory.fresh(out, o.overwrite());
      corpus.tokenizer().save(out.resolve(TOKENIZER));
      Json.writeFile(out.resolve("config.json"), describe(config, corpus, text, o.text()));
    }
    try (NDManager manager = NDManager.newBaseManager(); Gpt gpt = new Gpt(config, manager)) {
      double tokensPerChar = (double) corpus.val().length / corpus.valText().codePointCount(0, corpus.valText().length());
      GptTrainer trainer = new GptTrainer(gpt, corpus.train(), corpus.val(), tokensPerChar).withSamples(corpus.tokenizer());
      TrainLoop loop = new TrainLoop(new LoopConfig(config.maxIters(), config.evalInterval(), "val_loss", config.seed()), r);
      r.info(String.format("gpt: %,d characters, %,d training and %,d validation tokens (%s, %,d in the vocabulary), %,d parameters, %,d steps",
          corpus.chars(), corpus.train().length, corpus.val().length, corpus.tokenizer().kind(), config.vocabSize(),
          gpt.params().count(), config.maxIters()));
      try (CtrlC ignored = CtrlC.install(loop)) {
        return loop.run(trainer, out, o.resume(), manager);
      }
    }
  }

  private static Map<String, Object> describe(GptConfig config, TextCorpus corpus, String text, Path file) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("model", KIND);
    c.put("config", config);
    c.put("tokenizer", Map.of("kind", corpus.tokenizer().kind(), "file", TOKENIZER, "vocab_size", corpus.tokenizer().vocabSize()));
    c.put("chat_template", ChatTemplate.forCorpus(text).name().toLowerCase(java.util.Locale.ROOT));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("path", file.toAbsolutePath().toString());
    data.put("characters", corpus.chars());
    data.put("sha256", sha256(text));
    data.put("split", "first 90% of the characters train, last 10% validate");
    data.put("train_tokens", corpus.train().length);
    data.put("val_tokens", corpus.val().length);
    c.put("data", data);
    c.put("seed", config.seed());
    c.put("fabrica_version", Version.get());
    return c;
  }

  private static Map<String, Object> withKey(GptConfig c, String key, Object value) {
    @SuppressWarnings("unchecked")
    Map<String, Object> m = Json.MAPPER.convertValue(c, LinkedHashMap.class);
    m.put(key, value);
    return m;
  }

  /** config.json of a run, or a clear error. */
  public static Map<String, Object> readConfig(Path run) {
    return dev.fabrica.core.RunConfig.read(run);
  }

  static GptConfig configOf(Map<String, Object> saved) {
    return Json.MAPPER.convertValue(saved.get("config"), GptConfig.class);
  }

  /** Loads the best weights of a GPT run. */
  public static Loaded load(Path run, NDManager manager) {
    Map<String, Object> cfg = readConfig(run);
    if (!KIND.equals(cfg.get("model"))) {
      throw new BadInputException(run.resolve("config.json") + ": '" + cfg.get("model") + "' is not a gpt model");
    }
    Path weights = run.resolve(Checkpoints.MODEL);
    if (!Files.isRegularFile(weights)) {
      throw new BadInputException(run + " has no " + Checkpoints.MODEL + " yet: its training has not reached an evaluation");
    }
    Tokenizer tok = Tokenizer.load(run.resolve(TOKENIZER));
    Gpt gpt = new Gpt(configOf(cfg), manager);
    gpt.params().load(Safetensors.read(weights).tensors(), weights.toString());
    ChatTemplate template = ChatTemplate.valueOf(String.valueOf(cfg.getOrDefault("chat_template", "plain")).toUpperCase(java.util.Locale.ROOT));
    return new Loaded(gpt, tok, template, cfg);
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
