package dev.fabrica.tabular;

import dev.fabrica.core.BadInputException;
import dev.fabrica.tabular.constraint.Constraint;
import dev.fabrica.tabular.meta.ColumnKind;
import dev.fabrica.tabular.meta.ColumnMeta;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * The rows {@link TabularModel#sample} returns, one at a time: rounds of {@link TabularModel#draw}
 * sized by the acceptance rate so far, each drawn row kept when it satisfies every constraint, ids
 * numbered afresh as rows leave. Only one round's rows are held, so a caller that writes rows as it
 * takes them (a Spark task) needs memory for one round (at most 1,000,000 rows), not for all n.
 */
final class RejectionSampler implements Iterator<Object[]> {
  private static final int MAX_BATCH = 1_000_000;

  private final TabularModel model;
  private final long n;
  private final SplittableRandom rng;
  private final Map<String, String> where;
  private final long firstId;
  private final List<Constraint> constraints;
  private final List<Predicate<Object[]>> tests = new ArrayList<>();
  private final long[] failures;
  private final List<ColumnMeta> columns;
  private final ArrayDeque<Object[]> ready = new ArrayDeque<>();
  private long drawn;
  private long accepted;
  private long emitted;
  private int round;

  RejectionSampler(TabularModel model, long n, long seed, Map<String, String> where, long firstId) {
    if (n < 0) {
      throw new BadInputException("-n must not be negative, got " + n);
    }
    this.model = model;
    this.n = n;
    this.rng = new SplittableRandom(seed);
    this.where = where;
    this.firstId = firstId;
    this.constraints = model.metadata().constraints();
    this.columns = model.metadata().columns();
    for (Constraint c : constraints) {
      tests.add(c.bind(columns));
    }
    this.failures = new long[tests.size()];
  }

  @Override
  public boolean hasNext() {
    while (ready.isEmpty() && accepted < n) {
      nextRound();
    }
    return !ready.isEmpty();
  }

  @Override
  public Object[] next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Object[] row = ready.poll();
    // ids carry no information: synthetic rows are numbered firstId, firstId + 1, ... (integer ids) or row-000001...
    long id = firstId + emitted++;
    for (int c = 0; c < columns.size(); c++) {
      if (columns.get(c).kind() == ColumnKind.ID) {
        row[c] = columns.get(c).integer() ? (Object) id : String.format("row-%06d", id);
      }
    }
    return row;
  }

  private void nextRound() {
    if (round == TabularModel.MAX_ROUNDS) {
      int worst = 0;
      for (int i = 1; i < failures.length; i++) {
        worst = failures[i] > failures[worst] ? i : worst;
      }
      throw new BadInputException(String.format(
          "constraint %s: only %,d of %,d drawn rows satisfy every constraint (%,d break this one)%s; loosen it or the --where conditions",
          constraints.get(worst).describe(), accepted, drawn, failures[worst],
          where.isEmpty() ? "" : " with --where " + where));
    }
    round++;
    long need = n - accepted;
    double rate = drawn == 0 ? 1 : Math.max(0.01, (double) accepted / drawn);
    int batch = (int) Math.min(MAX_BATCH, Math.max(64, Math.ceil(need / rate * 1.1)));
    for (Object[] row : model.draw(batch, rng, where)) {
      drawn++;
      boolean ok = true;
      for (int i = 0; i < tests.size(); i++) {
        if (!tests.get(i).test(row)) {
          failures[i]++;
          ok = false;
        }
      }
      if (ok && accepted < n) {
        accepted++;
        ready.add(row);
      }
    }
  }
}
