package dev.fabrica.classic.nb;

import dev.fabrica.data.table.Dataset;
import dev.fabrica.data.table.Row;
import dev.fabrica.data.table.Schema;
import java.util.List;
import java.util.function.Consumer;

/** Rows sampled from a Naive Bayes model: the feature columns then the label, typed as in training. */
public record NbSamples(Schema schema, List<Row> rows) implements Dataset {
  public NbSamples {
    rows = List.copyOf(rows);
  }

  @Override
  public long size() {
    return rows.size();
  }

  @Override
  public void forEach(Consumer<? super Row> consumer) {
    rows.forEach(r -> consumer.accept(r.copy()));
  }

  /** The values of column {@code name}, in row order. */
  public List<Object> column(String name) {
    int i = schema.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("no column '" + name + "' in " + schema.names());
    }
    return rows.stream().map(r -> r.get(i)).toList();
  }
}
