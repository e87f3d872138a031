package dev.fabrica.data.steps;

import dev.fabrica.data.engine.StepContext;
import dev.fabrica.data.image.ImageOps;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Image;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import dev.fabrica.data.engine.Counter;

/**
 * {@code augment_image}: random flips and rotations of an image column. Recipe: {@code
 * augment_image: {column: image, ops: [hflip, vflip, rotate], degrees: 15, copies: 1, seed: 7,
 * splits: [train]}}. Each copy applies each listed flip with probability 0.5, then a rotation by a
 * uniform angle in [-degrees, degrees] ({@link ImageOps#rotate}). Rows are chosen, seeded and
 * flagged ({@code augmented}) as in {@link AugmentTextStep}.
 */
public final class AugmentImageStep extends AugmentStep {
  private static final List<String> KNOWN = List.of("hflip", "vflip", "rotate");

  private final boolean hflip;
  private final boolean vflip;
  private final boolean rotate;
  private final double degrees;
  private final Counter[] applied = {new Counter(), new Counter(), new Counter()};

  private AugmentImageStep(Params params, StepContext context) {
    super(params, context);
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
  boolean accepts(Object cell) {
    return cell instanceof Image;
  }

  @Override
  Object augment(Object cell, SplittableRandom rnd) {
    return transform((Image) cell, rnd);
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
  void countOps(Map<String, Long> counts) {
    for (int i = 0; i < KNOWN.size(); i++) {
      counts.put("ops." + KNOWN.get(i), applied[i].sum());
    }
  }

  @Override
  void addOpCounts(Map<String, Long> counts) {
    for (int i = 0; i < KNOWN.size(); i++) {
      applied[i].add(counts.getOrDefault("ops." + KNOWN.get(i), 0L));
    }
  }

  @Override
  void reportOps(Map<String, Object> report) {
    Map<String, Object> byOp = new LinkedHashMap<>();
    for (int i = 0; i < KNOWN.size(); i++) {
      byOp.put(KNOWN.get(i), applied[i].sum());
    }
    report.put("ops", byOp);
  }
}
