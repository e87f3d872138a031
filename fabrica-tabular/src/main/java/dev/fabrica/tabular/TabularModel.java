package dev.fabrica.tabular;

import dev.fabrica.core.BadInputException;
import dev.fabrica.tabular.constraint.Constraint;
import dev.fabrica.tabular.meta.Metadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * A trained synthesizer: draws rows in the original columns, honouring min/max, rounding and the
 * metadata's constraints, optionally with some columns fixed to a value ({@code --where}).
 */
public interface TabularModel {
  /** The synthesizer's name: {@code copula}, {@code tvae}, {@code ctgan}. */
  String synthesizer();

  Metadata metadata();

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
    SplittableRandom rng = new SplittableRandom(seed);
    List<Constraint> constraints = metadata().constraints();
    List<Predicate<Object[]>> tests = new ArrayList<>();
    for (Constraint c : constraints) {
      tests.add(c.bind(metadata().columns()));
    }
    long[] failures = new long[tests.size()];
    long drawn = 0;
    List<Object[]> out = new ArrayList<>(n);
    for (int round = 0; out.size() < n; round++) {
      if (round == MAX_ROUNDS) {
        int worst = 0;
        for (int i = 1; i < failures.length; i++) {
          worst = failures[i] > failures[worst] ? i : worst;
        }
        throw new BadInputException(String.format(
            "constraint %s: only %,d of %,d drawn rows satisfy every constraint (%,d break this one)%s; loosen it or the --where conditions",
            constraints.get(worst).describe(), out.size(), drawn, failures[worst],
            where.isEmpty() ? "" : " with --where " + where));
      }
      int need = n - out.size();
      double rate = drawn == 0 ? 1 : Math.max(0.01, (double) out.size() / drawn);
      int batch = (int) Math.min(1_000_000, Math.max(64, Math.ceil(need / rate * 1.1)));
      for (Object[] row : draw(batch, rng, where)) {
        drawn++;
        boolean ok = true;
        for (int i = 0; i < tests.size(); i++) {
          if (!tests.get(i).test(row)) {
            failures[i]++;
            ok = false;
          }
        }
        if (ok && out.size() < n) {
          out.add(row);
        }
      }
    }
    // ids carry no information: synthetic rows are numbered 1..n (integer ids) or row-000001...
    List<dev.fabrica.tabular.meta.ColumnMeta> cols = metadata().columns();
    for (int c = 0; c < cols.size(); c++) {
      if (cols.get(c).kind() == dev.fabrica.tabular.meta.ColumnKind.ID) {
        for (int i = 0; i < out.size(); i++) {
          out.get(i)[c] = cols.get(c).integer() ? (Object) (long) (i + 1) : String.format("row-%06d", i + 1);
        }
      }
    }
    return new Table("synthetic (" + synthesizer() + ")", metadata().names(), out);
  }
}
