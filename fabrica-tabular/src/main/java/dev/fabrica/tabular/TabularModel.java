package dev.fabrica.tabular;

import dev.fabrica.core.BadInputException;
import dev.fabrica.tabular.meta.Metadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A trained synthesizer: draws rows in the original columns, honouring min/max, rounding and the
 * metadata's constraints, optionally with some columns fixed to a value ({@code --where}).
 */
public interface TabularModel {
  /** The synthesizer's name: {@code copula}, {@code tvae}, {@code ctgan}. */
  String synthesizer();

  Metadata metadata();

  /**
   * The cells column {@code column} takes in samples when it is categorical or boolean (each value
   * once, most frequent first); empty for a column of another kind. Engines that write typed
   * columns (Parquet) choose the column's type from them.
   */
  List<Object> categories(int column);

  /**
   * Draws {@code n} rows from {@code rng} before constraints are checked; every row has the
   * {@code where} columns equal to the given texts.
   */
  List<Object[]> draw(int n, SplittableRandom rng, Map<String, String> where);

  /** Writes model.json (and anything else the model needs) into a run directory being staged. */
  void save(Path dir);

  /** Rounds of rejection before {@link #sample} gives up on a constraint. */
  int MAX_ROUNDS = 100;

  /**
   * Draws {@code n} rows that satisfy every constraint, by rejection: the same {@code seed} gives
   * the same rows. Fails, naming the constraint, when too few drawn rows satisfy it.
   */
  default Table sample(int n, long seed, Map<String, String> where) {
    if (n < 0) {
      throw new BadInputException("-n must not be negative, got " + n);
    }
    List<Object[]> out = new ArrayList<>(n);
    rows(n, seed, where, 1).forEachRemaining(out::add);
    return new Table("synthetic (" + synthesizer() + ")", metadata().names(), out);
  }

  /**
   * The rows {@link #sample} draws, as they are drawn, with ids numbered from {@code firstId}
   * (those of {@code sample} start at 1): {@code rows(n, seed, where, 1)} gives {@code sample(n,
   * seed, where)}'s rows. The constraint failure is thrown when reached, after earlier rows.
   */
  default Iterator<Object[]> rows(long n, long seed, Map<String, String> where, long firstId) {
    return new RejectionSampler(this, n, seed, where, firstId);
  }
}
