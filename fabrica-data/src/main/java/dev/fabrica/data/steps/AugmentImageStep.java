package dev.fabrica.data.steps;

import dev.fabrica.data.engine.Step;
import dev.fabrica.data.engine.StepContext;
import dev.fabrica.data.image.ImageOps;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Image;
import dev.fabrica.data.table.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * {@code augment_image}: random flips and rotations of an image column. Recipe: {@code
 * augment_image: {column: image, ops: [hflip, vflip, rotate], degrees: 15, copies: 1, seed: 7,
 * splits: [train]}}. Each copy applies each listed flip with probability 0.5, then a rotation by a
 * uniform angle in [-degrees, degrees] ({@link ImageOps#rotate}). Rows are chosen, seeded and
 * flagged ({@code augmented}) as in {@link AugmentTextStep}.
 */
public final class AugmentImageStep implements Step {
  private static final List<String> KNOWN = List.of("hflip", "vflip", "rotate");

  private final Params params;
  private final String column;
  private final boolean hflip;
  private final boolean vflip;
  private final boolean rotate;
  private final double degrees;
  private final int copies;
  private final long seed;
  private final boolean[] splits;
  private final LongAdder rows = new LongAdder();
  private final LongAdder made = new LongAdder();
  private final LongAdder[] applied = {new LongAdder(), new LongAdder(), new LongAdder()};
  private int index;
  private int flag;
  private boolean appendFlag;
  private boolean splitBefore;

  private AugmentImageStep(Params params, StepContext context) {
    this.params = params;
    this.column = params.requireString("column");
    List<String> ops = params.strings("ops", KNOWN);
    for (String op : ops) {
      if (!KNOWN.contains(op)) {
        throw params.error("ops", "unknown op '" + op + "' (known: " + String.join(", ", KNOWN) + ")");
      }
    }
    this.hflip = ops.contains("hflip");
    this.vflip = ops.contains("vflip");
    this.rotate = ops.contains("rotate");
    this.degrees = params.number("degrees", 15);
    if (!(degrees >= 0 && degrees <= 180)) {
      throw params.error("degrees", "expected 0 to 180, got " + degrees);
    }
    this.copies = (int) params.integer("copies", 1);
    if (copies < 0 || copies > 1000) {
      throw params.error("copies", "expected 0 to 1000, got " + copies);
    }
    this.seed = params.integer("seed", context.seed());
    this.splits = StepSupport.splits(params);
  }

  /** Builds the step from its recipe block. */
  public static AugmentImageStep create(Params params, StepContext context) {
    params.allowOnly("column", "ops", "degrees", "copies", "seed", "splits");
    return new AugmentImageStep(params, context);
  }

  @Override
  public String name() {
    return "augment_image";
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
        || !(row.get(index) instanceof Image image)) {
      out.accept(row);
      return;
    }
    List<Row> edited = new ArrayList<>(copies);
    for (int c = 0; c < copies; c++) {
      SplittableRandom rnd = new SplittableRandom(StepSupport.rowSeed(seed, row.line(), c));
      Row copy = row.copy();
      copy.set(index, transform(image, rnd));
      copy.set(flag, Boolean.TRUE);
      edited.add(copy);
    }
    rows.increment();
    made.add(copies);
    out.accept(row);
    edited.forEach(out);
  }

  /** One random draw per listed op, in a fixed order, so that results depend only on the seed. */
  private Image transform(Image im, SplittableRandom rnd) {
    if (hflip && rnd.nextBoolean()) {
      im = ImageOps.flipH(im);
      applied[0].increment();
    }
    if (vflip && rnd.nextBoolean()) {
      im = ImageOps.flipV(im);
      applied[1].increment();
    }
    if (rotate && degrees > 0) {
      im = ImageOps.rotate(im, (rnd.nextDouble() * 2 - 1) * degrees);
      applied[2].increment();
    }
    return im;
  }

  @Override
  public Map<String, Object> report() {
    Map<String, Object> byOp = new LinkedHashMap<>();
    for (int i = 0; i < KNOWN.size(); i++) {
      byOp.put(KNOWN.get(i), applied[i].sum());
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("rows_augmented", rows.sum());
    r.put("copies", made.sum());
    r.put("ops", byOp);
    return r;
  }
}
