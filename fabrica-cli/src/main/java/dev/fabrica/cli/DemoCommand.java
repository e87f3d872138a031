package dev.fabrica.cli;

import static dev.fabrica.cli.report.HtmlPage.esc;

import dev.fabrica.classic.hmm.HmmModel;
import dev.fabrica.classic.hmm.HmmSpec;
import dev.fabrica.classic.hmm.HmmTrainer;
import dev.fabrica.classic.hmm.Sequences;
import dev.fabrica.classic.hmm.TextSymbols;
import dev.fabrica.cli.model.HmmInputs;
import dev.fabrica.cli.report.HmmLettersSection;
import dev.fabrica.cli.report.HtmlPage;
import dev.fabrica.cli.report.PrepSection;
import dev.fabrica.core.AtomicFiles;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Reporter;
import dev.fabrica.core.Version;
import dev.fabrica.data.engine.Pipeline;
import dev.fabrica.data.engine.PrepReport;
import dev.fabrica.data.recipe.RecipeParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fabrica demo}: the whole flow on small real data, ending in a report a person opens. At this
 * stage: Debian's English and Chinese fortunes are collected, cleaned, deduplicated, split and
 * augmented by a real recipe; an HMM learns English letters; a VAE, a DCGAN and a conditional GAN
 * learn Fashion-MNIST briefly; a Gaussian copula learns scikit-learn's wine table and is scored;
 * a small GPT learns the Tang poems and answers a chat message;
 * {@code demo/report.html} shows each step's effect.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run fabrica end to end on real data (Debian's fortunes and fortunes-zh, installed if missing",
      "and possible) and write DIR/report.html showing what each step did."
    })
public final class DemoCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo", description = "Where to write (default: ${DEFAULT-VALUE}); replaced on each run.")
  Path out;

  @Option(names = "--fortunes", paramLabel = "DIR", description = "Folder of fortune files (default: /usr/share/games/fortunes).")
  Path fortunes = FortuneCorpus.DEBIAN_DIR;

  @Option(names = "--no-install", description = "Do not try to apt-get install missing datasets.")
  boolean noInstall;

  @Option(names = "--max-per-source", paramLabel = "N", defaultValue = "0", description = "Read at most N entries per fortune file (0: all).")
  int maxPerSource;

  @Option(names = "--images", paramLabel = "N", defaultValue = "6000", description = "Fashion-MNIST training images for the image models (default: ${DEFAULT-VALUE}); 0 skips them.")
  int images;

  @Option(names = "--image-epochs", paramLabel = "E", defaultValue = "3", description = "Epochs of each image model (default: ${DEFAULT-VALUE}).")
  double imageEpochs;

  @Option(names = "--style-steps", paramLabel = "N", defaultValue = "150", description = "Training steps of the style-based GAN (default: ${DEFAULT-VALUE}); 0 skips it and the text-to-image model.")
  long styleSteps;

  @Option(names = "--table", paramLabel = "FILE", description = "The table a Gaussian copula learns (default: scikit-learn's wine, "
      + "Debian python3-sklearn); skipped with a note when it is missing.")
  Path table = Path.of("/usr/lib/python3/dist-packages/sklearn/datasets/data/wine_data.csv");

  @Option(names = "--gpt-steps", paramLabel = "N", defaultValue = "1000", description = "Training steps of the GPT on the Tang poems (default: ${DEFAULT-VALUE}); 0 skips it.")
  int gptSteps;

  static final String RECIPE = """
      # The demo's recipe: run it yourself with  ./fabrica prep demo/recipe.yaml --overwrite
      input: {path: work/fortunes.jsonl}
      steps:
        - dedupe: {columns: [text]}
        - clean_text: {column: text, remove: [html, urls, punctuation, symbols], whitespace: collapse}
        - drop_missing: {columns: [text]}
        - split: {train: 0.80, val: 0.10, test: 0.10, seed: %d, stratify: language}
        - augment_text: {column: text, ops: [synonym, insert, swap, delete], copies: 1, p: 0.1, seed: %d, synonyms: zh-synonyms.txt}
      output: {dir: dataset, formats: [csv, jsonl, parquet]}
      """;

  @Override
  public Integer call() throws IOException {
    long started = System.nanoTime();
    if (styleSteps < 0) {
      throw new BadInputException("--style-steps must not be negative (0 skips the style and text-to-image models), got " + styleSteps);
    }
    if (gptSteps < 0) {
      throw new BadInputException("--gpt-steps must not be negative (0 skips the GPT), got " + gptSteps);
    }
    Reporter rep = common.reporter();
    Path dir = FortuneCorpus.locate(fortunes, !noInstall, rep);
    Files.createDirectories(out);
    rep.info("demo: collecting fortunes from " + dir);
    List<FortuneCorpus.Source> sources = FortuneCorpus.collect(dir, out.resolve("work/fortunes.jsonl"), maxPerSource);
    try (InputStream syn = DemoCommand.class.getResourceAsStream("/demo/zh-synonyms.txt")) {
      AtomicFiles.write(out.resolve("zh-synonyms.txt"), o -> syn.transferTo(o));
    }
    String recipeText = String.format(RECIPE, common.seed(), common.seed());
    Path recipe = out.resolve("recipe.yaml");
    AtomicFiles.writeString(recipe, recipeText);
    rep.info("demo: preparing the dataset (" + recipe + ")");
    PrepReport prep = Pipeline.run(RecipeParser.parse(recipe), new Pipeline.Options(common.seed(), true, null, rep, false, 5).withThreads(common.threads()));

    String hmm = null;
    if (sources.stream().anyMatch(x -> x.language().equals("en"))) {
      rep.info("demo: fitting a 2-state HMM to English letters");
      hmm = hmmLetters(dir);
    }
    String tableHtml;
    if (Files.isRegularFile(table)) {
      tableHtml = dev.fabrica.cli.tabular.TabularDemo.run(table, out, 2000, common.seed(), rep);
    } else {
      tableHtml = "<p>No table at <code>" + esc(table.toString()) + "</code> (apt-get install python3-sklearn, or pass --table FILE): "
          + "this section is skipped.</p>";
    }
    String imagesHtml = null;
    String styleHtml = null;
    if (images > 0) {
      Path fmnist = DemoImages.locate(!noInstall, rep);
      if (fmnist == null) {
        rep.warn("no Fashion-MNIST in " + DemoImages.DEBIAN_DIR + " (apt-get install dataset-fashion-mnist): the image models are skipped");
      } else {
        imagesHtml = DemoImages.run(fmnist, out, images, imageEpochs, common.seed(), common.threads(), rep);
        if (styleSteps > 0) {
          styleHtml = DemoStyle.run(fmnist, out, images, imageEpochs, styleSteps, common.seed(), common.threads(), rep);
        }
      }
    }
    String gptHtml = null;
    if (gptSteps > 0) {
      Path poems = dir.resolve("tang300");
      gptHtml = Files.isRegularFile(poems) ? DemoGpt.run(poems, out, gptSteps, common.seed(), common.threads(), rep) : DemoGpt.skipped(poems);
    }
    HtmlPage page = new HtmlPage("fabrica demo");
    page.section("About this run", String.format(
        "<p>fabrica %s, %s, %d cores, seed %d. The whole demo took %.1f s. Every figure below was measured in this run.</p>",
        esc(Version.get()), LocalDate.now(), Runtime.getRuntime().availableProcessors(), common.seed(),
        (System.nanoTime() - started) / 1e9));
    page.section("1. Collect: Debian's fortunes, English and Chinese", collectHtml(sources, dir));
    page.section("2. The recipe", "<pre>" + esc(recipeText) + "</pre>");
    page.section("3. What each step did", PrepSection.steps(prep.report()));
    page.section("4. Splits, by language", PrepSection.splits(prep.report()));
    page.section("5. Outputs", outputsHtml(prep.output()));
    int n = 5;
    if (hmm != null) {
      page.section(++n + ". A hidden Markov model finds the vowels", hmm);
    }
    page.section(++n + ". Synthetic tables: a Gaussian copula learns a real table", tableHtml);
    if (imagesHtml != null) {
      page.section(++n + ". Images: a VAE, a DCGAN and a conditional GAN on Fashion-MNIST", imagesHtml);
    }
    if (styleHtml != null) {
      page.section(++n + ". Styles and prompts: a StyleGAN and text-to-image", styleHtml);
    }
    if (gptHtml != null) {
      page.section(++n + ". A GPT learns the Tang poems and answers a chat message", gptHtml);
    }
    Path html = out.resolve("report.html");
    AtomicFiles.writeString(html, page.render());

    var o = spec.commandLine().getOut();
    o.print(prep.table());
    o.println("report: " + html.toAbsolutePath());
    o.flush();
    return 0;
  }

  /** Files whose letters the HMM learns from: about 60,000 letters of English fortunes. */
  static final List<String> HMM_FILES = List.of("fortunes", "wisdom", "literature");

  private String hmmLetters(Path dir) {
    long t0 = System.nanoTime();
    List<int[]> seqs = new ArrayList<>();
    long letters = 0;
    TextSymbols symbols = TextSymbols.letters();
    for (String f : HMM_FILES) {
      if (!Files.isRegularFile(dir.resolve(f))) {
        continue;
      }
      for (String entry : HmmInputs.texts(dir.resolve(f))) {
        int[] s = symbols.encode(entry);
        if (s.length >= 2) {
          seqs.add(s);
          letters += s.length;
        }
      }
    }
    Sequences data = Sequences.ofSymbols(seqs);
    HmmTrainer.Options o = HmmTrainer.Options.defaults().withSeed(common.seed()).withMaxIter(300).withThreads(common.threads());
    HmmModel best = new HmmTrainer(o).fitBestOf(data, HmmSpec.categorical(2, symbols.size()), 5, 20);
    best = best.withAlphabet(symbols.alphabet());
    return HmmLettersSection.render(best, letters, seqs.size(), (System.nanoTime() - t0) / 1e9,
        HmmLettersSection.samples(best, 3, 70, common.seed()));
  }

  private static String collectHtml(List<FortuneCorpus.Source> sources, Path dir) {
    // three sources per table row keeps the 40-odd fortune files to one screen
    List<List<?>> rows = new ArrayList<>();
    long total = 0;
    List<Object> row = new ArrayList<>();
    for (FortuneCorpus.Source s : sources) {
      row.addAll(List.of(s.name(), s.language(), s.entries()));
      if (row.size() == 9) {
        rows.add(row);
        row = new ArrayList<>();
      }
      total += s.entries();
    }
    if (!row.isEmpty()) {
      while (row.size() < 9) {
        row.add("");
      }
      rows.add(row);
    }
    StringBuilder b = new StringBuilder();
    b.append(String.format("<p>%,d entries from %d files in <code>%s</code>, one row each (fortune entries are separated by "
        + "<code>%%</code> lines; ANSI colour codes are stripped on reading).</p>", total, sources.size(), esc(dir)));
    b.append(HtmlPage.table(List.of("file", "language", "entries", "file", "language", "entries", "file", "language",
        "entries"), rows));
    sources.stream().filter(s -> s.name().equals("tang300")).findFirst().ifPresent(s -> b.append(
        "<p>The start of <code>tang300</code> as it is on disk (␛ marks the escape character of the colour codes):</p><pre>")
        .append(esc(s.rawExample())).append("</pre>"));
    return b.toString();
  }

  private static String outputsHtml(Path dataset) throws IOException {
    List<List<?>> rows = new ArrayList<>();
    try (Stream<Path> s = Files.list(dataset)) {
      for (Path p : s.sorted().toList()) {
        rows.add(List.of(p.getFileName().toString(), Files.size(p)));
      }
    }
    StringBuilder b = new StringBuilder("<p>In <code>" + esc(dataset) + "</code> (sizes in bytes):</p>");
    b.append(HtmlPage.table(List.of("file", "bytes"), rows));
    List<String> head;
    try (Stream<String> lines = Files.lines(dataset.resolve("train.jsonl"))) {
      head = lines.limit(4).toList();
    }
    b.append("<p>The first lines of <code>train.jsonl</code>:</p><pre>").append(esc(String.join("\n", head))).append("</pre>");
    return b.toString();
  }

}
