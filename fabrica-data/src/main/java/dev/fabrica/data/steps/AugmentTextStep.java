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
 */
public final class AugmentTextStep extends AugmentStep {
  private final List<Eda.Op> ops;
  private final double p;
  private final Eda eda;
  private final Counter unchanged = new Counter();
  private final Counter[] perOp = new Counter[Eda.Op.values().length];

  private AugmentTextStep(Params params, StepContext context) {
    super(params, context);
    this.ops = ops(params);
    this.p = params.number("p", 0.1);
    if (!(p > 0 && p <= 1)) {
      throw params.error("p", "expected a probability in (0, 1], got " + p);
    }
    this.eda = eda(params, context);
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

  private static Eda eda(Params params, StepContext context) {
    Synonyms synonyms = Synonyms.none();
    Set<String> dictionary = Set.of();
    int maxLength = 1;
    if (params.has("synonyms")) {
      Path file = context.resolve(params.string("synonyms", null));
      try {
        SynonymFile f = SynonymFile.load(file);
        synonyms = f;
        dictionary = f.cjkWords();
        maxLength = f.maxCjkLength();
      } catch (IOException e) {
        throw new BadInputException(
            params.at("synonyms") + ": cannot read synonyms file " + file + ": " + e, e);
      }
    }
    if (params.bool("wordnet", true)) {
      synonyms = synonyms.or(WordNetSynonyms.shared());
    }
    return new Eda(synonyms, dictionary, maxLength);
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
  void reportOps(Map<String, Object> report) {
    Map<String, Object> byOp = new LinkedHashMap<>();
    for (Eda.Op op : Eda.Op.values()) {
      byOp.put(op.key(), perOp[op.ordinal()].sum());
    }
    report.put("copies_unchanged", unchanged.sum());
    report.put("ops", byOp);
  }
}
