package dev.fabrica.data.steps;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.engine.Step;
import dev.fabrica.data.engine.StepContext;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Row;
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
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * {@code augment_text}: Easy Data Augmentation ({@link Eda}) of one text column. Recipe: {@code
 * augment_text: {column: text, ops: [synonym, insert, swap, delete], copies: 1, p: 0.1, seed: 7,
 * synonyms: groups.txt, wordnet: true, splits: [train]}}. Each row of the chosen splits (rows with
 * no split count as train when no split step ran) is emitted, then {@code copies} copies, each
 * edited by one op drawn from {@code ops}. The random generator of a copy depends only on the seed,
 * the row's line and the copy index. Appends a boolean column {@code augmented} unless present.
 */
public final class AugmentTextStep implements Step {
  private final Params params;
  private final String column;
  private final List<Eda.Op> ops;
  private final int copies;
  private final double p;
  private final long seed;
  private final boolean[] splits;
  private final Eda eda;
  private final LongAdder rows = new LongAdder();
  private final LongAdder made = new LongAdder();
  private final LongAdder unchanged = new LongAdder();
  private final LongAdder[] perOp = new LongAdder[Eda.Op.values().length];
  private int index;
  private int flag;
  private boolean appendFlag;
  private boolean splitBefore;

  private AugmentTextStep(Params params, StepContext context) {
    this.params = params;
    this.column = params.requireString("column");
    this.ops = ops(params);
    this.copies = (int) params.integer("copies", 1);
    if (copies < 0 || copies > 1000) {
      throw params.error("copies", "expected 0 to 1000, got " + copies);
    }
    this.p = params.number("p", 0.1);
    if (!(p > 0 && p <= 1)) {
      throw params.error("p", "expected a probability in (0, 1], got " + p);
    }
    this.seed = params.integer("seed", context.seed());
    this.splits = StepSupport.splits(params);
    this.eda = eda(params, context);
    for (int i = 0; i < perOp.length; i++) {
      perOp[i] = new LongAdder();
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
  public List<String> bind(Binding in) {
    index = StepSupport.indexOf(params, "column", column, in);
    List<String> out = StepSupport.withAugmented(in.columns());
    appendFlag = out.size() > in.columns().size();
    flag = out.indexOf(StepSupport.AUGMENTED);
    splitBefore = in.splitBefore();
    return out;
  }

  @Override
  public void apply(Row row, Consumer<Row> out) {
    if (appendFlag) {
      row.append(Boolean.FALSE);
    }
    if (copies == 0 || !StepSupport.inSplits(row, splits, splitBefore)
        || !(row.get(index) instanceof String text)) {
      out.accept(row);
      return;
    }
    List<Row> edited = new ArrayList<>(copies);
    for (int c = 0; c < copies; c++) {
      SplittableRandom rnd = new SplittableRandom(StepSupport.rowSeed(seed, row.line(), c));
      Eda.Op op = ops.get(rnd.nextInt(ops.size()));
      String changed = eda.augment(text, op, p, rnd);
      Row copy = row.copy();
      copy.set(index, changed);
      copy.set(flag, Boolean.TRUE);
      edited.add(copy);
      perOp[op.ordinal()].increment();
      if (changed.equals(text)) {
        unchanged.increment();
      }
    }
    rows.increment();
    made.add(copies);
    out.accept(row);
    edited.forEach(out);
  }

  @Override
  public Map<String, Object> report() {
    Map<String, Object> byOp = new LinkedHashMap<>();
    for (Eda.Op op : Eda.Op.values()) {
      byOp.put(op.key(), perOp[op.ordinal()].sum());
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("rows_augmented", rows.sum());
    r.put("copies", made.sum());
    r.put("copies_unchanged", unchanged.sum());
    r.put("ops", byOp);
    return r;
  }
}
