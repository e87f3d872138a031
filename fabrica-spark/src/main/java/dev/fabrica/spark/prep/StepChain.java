package dev.fabrica.spark.prep;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.engine.RowError;
import dev.fabrica.data.engine.Step;
import dev.fabrica.data.table.Row;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;

/**
 * Row steps applied one after the other to a partition, the way the embedded engine's pass applies
 * them to its rows: each row goes through every step before the next row is read. Each task
 * receives its own copies of the (fitted) steps. Rows are copied on entry, since the input may be a
 * cached partition that later jobs read again and steps change rows in place. Rows in and out per
 * step, and what each step's copy counted ({@link Step#counts()}, as a difference from what it
 * arrived with), are added to accumulators when the partition ends.
 */
final class StepChain implements FlatMapFunction<Iterator<Row>, Row> {
  private final List<Step> steps;
  private final LongAccumulator[] in;
  private final LongAccumulator[] out;
  private final List<CollectionAccumulator<Map<String, Long>>> counts;
  private final String inputPath;

  StepChain(List<Step> steps, LongAccumulator[] in, LongAccumulator[] out,
      List<CollectionAccumulator<Map<String, Long>>> counts, String inputPath) {
    this.steps = List.copyOf(steps);
    this.in = in;
    this.out = out;
    this.counts = List.copyOf(counts);
    this.inputPath = inputPath;
  }

  /** What {@code step} counted since {@code before}, keys with no change left out. */
  static Map<String, Long> since(Step step, Map<String, Long> before) {
    Map<String, Long> d = new HashMap<>();
    step.counts().forEach((k, n) -> {
      long v = n - before.getOrDefault(k, 0L);
      if (v != 0) {
        d.put(k, v);
      }
    });
    return d;
  }

  /** Runs {@code action} on a row, naming the input file and the row's line when a step rejects it. */
  static void naming(String inputPath, Row row, Consumer<Row> action) {
    long line = row.line();
    try {
      action.accept(row);
    } catch (RowError e) {
      throw new BadInputException(inputPath + " line " + line + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    int k = steps.size();
    long[] ins = new long[k];
    long[] outs = new long[k];
    List<Map<String, Long>> before = steps.stream().map(Step::counts).toList();
    ArrayDeque<Row> buffer = new ArrayDeque<>();
    Consumer<Row> head = buffer::add;
    for (int j = k - 1; j >= 0; j--) {
      Step s = steps.get(j);
      Consumer<Row> next = head;
      int jj = j;
      Consumer<Row> emit = r -> {
        outs[jj]++;
        next.accept(r);
      };
      head = r -> {
        ins[jj]++;
        s.apply(r, emit);
      };
    }
    Consumer<Row> chain = head;
    return new Iterator<>() {
      private boolean counted;

      @Override
      public boolean hasNext() {
        while (buffer.isEmpty() && rows.hasNext()) {
          naming(inputPath, rows.next().copy(), chain);
        }
        if (buffer.isEmpty() && !counted) {
          counted = true;
          for (int j = 0; j < k; j++) {
            in[j].add(ins[j]);
            out[j].add(outs[j]);
            Map<String, Long> c = since(steps.get(j), before.get(j));
            if (!c.isEmpty()) {
              counts.get(j).add(c);
            }
          }
        }
        return !buffer.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return buffer.poll();
      }
    };
  }
}
