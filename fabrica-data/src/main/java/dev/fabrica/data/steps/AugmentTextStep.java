package dev.fabrica.data.steps;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.engine.StepContext;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.text.Eda;
import dev.fabrica.data.text.SynonymFile;
import dev.fabrica.data.text.Synonyms;
import dev.fabrica.data.text.WordNetSynonyms;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import dev.fabrica.data.engine.Counter;

/**
 * {@code augment_text}: Easy Data Augmentation ({@link Eda}) of one text column. Recipe: {@code
 * augment_text: {column: text, ops: [synonym, insert, swap, delete], copies: 1, p: 0.1, seed: 7,
 * synonyms: groups.txt, wordnet: true, splits: [train]}}. Each row of the chosen splits (rows with
 * no split count as train when no split step ran) is emitted, then {@code copies} copies, each
 * edited by one op drawn from {@code ops}. The random generator of a copy depends only on the seed,
 * the row's line and the copy index. Appends a boolean column {@code augmented} unless present.
 * The synonyms file is read once, where the step is created, and travels with the step when it is
 * serialized (to a Spark executor), which rebuilds its {@link Eda} from it and from WordNet.
 */
public final class AugmentTextStep extends AugmentStep {
  private final List<Eda.Op> ops;
  private final double p;
  /** The recipe's synonyms file, read; null without one. */
  private final SynonymFile synonymFile;
  private final boolean wordnet;
  private transient Eda eda;
  private final Counter unchanged = new Counter();
  private final Counter[] perOp = new Counter[Eda.Op.values().length];

  private AugmentTextStep(Params params, StepContext context) {
    super(params, context);
    this.ops = ops(params);
    this.p = params.number("p", 0.1);
    if (!(p > 0 && p <= 1)) {
      throw params.error("p", "expected a probability in (0, 1], got " + p);
    }
    this.synonymFile = synonymFile(params, context);
    this.wordnet = params.bool("wordnet", true);
    this.eda = eda(synonymFile, wordnet);
    for (int i = 0; i < perOp.length; i++) {
      perOp[i] = new Counter();
    }
  }

  /** Builds the step from its recipe block. */
  public static AugmentTextStep create(Params params, StepContext context) {
    params.allowOnly("column", "ops", "copies", "p", "seed", "synonyms", "wordnet", "splits");
    return new AugmentTextStep(params, context);
  }

  private static List<Eda.Op> ops(Params params) {
    List<Eda.Op> ops = new ArrayList<>();
    for (String s : params.strings("ops", List.of("synonym", "insert", "swap", "delete"))) {
      try {
        ops.add(Eda.Op.valueOf(s.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw params.error("ops", "unknown op '" + s + "' (known: synonym, insert, swap, delete)");
      }
    }
    if (ops.isEmpty()) {
      throw params.error("ops", "expected at least one op");
    }
    return ops;
  }

  private static SynonymFile synonymFile(Params params, StepContext context) {
    if (!params.has("synonyms")) {
      return null;
    }
    Path file = context.resolve(params.string("synonyms", null));
    try {
      return SynonymFile.load(file);
    } catch (IOException e) {
      throw new BadInputException(
          params.at("synonyms") + ": cannot read synonyms file " + file + ": " + e, e);
    }
  }

  private static Eda eda(SynonymFile file, boolean wordnet) {
    Synonyms synonyms = file == null ? Synonyms.none() : file;
    if (wordnet) {
      synonyms = synonyms.or(WordNetSynonyms.shared());
    }
    return file == null ? new Eda(synonyms, Set.of(), 1) : new Eda(synonyms, file.cjkWords(), file.maxCjkLength());
  }

  private void readObject(java.io.ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    eda = eda(synonymFile, wordnet);
  }

  @Override
  public String name() {
    return "augment_text";
  }

  @Override
  boolean accepts(Object cell) {
    return cell instanceof String;
  }

  @Override
  Object augment(Object cell, SplittableRandom rnd) {
    String text = (String) cell;
    Eda.Op op = ops.get(rnd.nextInt(ops.size()));
    String changed = eda.augment(text, op, p, rnd);
    perOp[op.ordinal()].increment();
    if (changed.equals(text)) {
      unchanged.increment();
    }
    return changed;
  }

  @Override
  void countOps(Map<String, Long> counts) {
    counts.put("copies_unchanged", unchanged.sum());
    for (Eda.Op op : Eda.Op.values()) {
      counts.put("ops." + op.key(), perOp[op.ordinal()].sum());
    }
  }

  @Override
  void addOpCounts(Map<String, Long> counts) {
    unchanged.add(counts.getOrDefault("copies_unchanged", 0L));
    for (Eda.Op op : Eda.Op.values()) {
      perOp[op.ordinal()].add(counts.getOrDefault("ops." + op.key(), 0L));
    }
  }

  @Override
  void reportOps(Map<String, Object> report) {
    Map<String, Object> byOp = new LinkedHashMap<>();
    for (Eda.Op op : Eda.Op.values()) {
      byOp.put(op.key(), perOp[op.ordinal()].sum());
    }
    report.put("copies_unchanged", unchanged.sum());
    report.put("ops", byOp);
  }
}
