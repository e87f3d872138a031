package dev.fabrica.data.format;

import dev.fabrica.data.recipe.Params;
import java.io.IOException;
import java.nio.file.Path;

/** A readable format. */
public interface InputFormat {
  /** Recipe name: {@code csv}, {@code jsonl}, {@code idx}, ... */
  String name();

  /**
   * Opens {@code path}.
   *
   * @param options the recipe's {@code input} block (format-specific keys such as {@code delimiter})
   */
  RowSource open(Path path, Params options) throws IOException;
}
