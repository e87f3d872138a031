package dev.fabrica.cli.model;

import dev.fabrica.classic.hmm.HmmJson;
import dev.fabrica.classic.hmm.HmmModel;
import dev.fabrica.classic.hmm.Sequences;
import dev.fabrica.classic.hmm.TextSymbols;
import dev.fabrica.core.AtomicFiles;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sampling and scoring of HMM runs, in the layout the run was trained on. */
final class HmmRuns {
  private HmmRuns() {}

  /**
   * Draws {@code n} sequences of {@code length} steps. Text runs give one line of text per
   * sequence (JSONL with the states when writing to a file); others give CSV rows {@code
   * sequence,step,state,<columns>}.
   */
  static int sample(Path run, int n, int length, long seed, Path out, PrintWriter printer) {
    if (length < 1) {
      throw new BadInputException("--length must be at least 1, got " + length);
    }
    Map<String, Object> config = RunDir.config(run);
    HmmModel model = HmmJson.load(run.resolve("model.json"));
    StringBuilder b = new StringBuilder();
    boolean text = config.containsKey("text");
    @SuppressWarnings("unchecked")
    List<String> columns = (List<String>) config.getOrDefault("columns", List.of());
    if (!text) {
      b.append("sequence,step,state,").append(columns.isEmpty() ? "symbol" : String.join(",", columns)).append('\n');
    }
    for (int i = 0; i < n; i++) {
      // one seed per sequence, derived from the run's seed, so -n 5 starts with the sequences of -n 1
      HmmModel.Sample s = model.sample(length, seed * 1_000_003L + i, null);
      if (text) {
        String line = TextSymbols.ofAlphabet(model.alphabet()).decode(s.symbols());
        if (out != null) {
          Map<String, Object> rec = new LinkedHashMap<>();
          rec.put("text", line);
          rec.put("states", s.states());
          b.append(Json.compact(rec)).append('\n');
        } else {
          b.append(line).append('\n');
        }
        continue;
      }
      for (int t = 0; t < length; t++) {
        b.append(i).append(',').append(t).append(',').append(s.states()[t]);
        if (!model.alphabet().isEmpty()) {
          b.append(',').append(model.alphabet().get(s.symbols()[t]));
        } else {
          for (double v : s.observations()[t]) {
            b.append(',').append(dev.fabrica.data.table.Cells.formatDouble(v));
          }
        }
        b.append('\n');
      }
    }
    if (out == null) {
      printer.print(b);
    } else {
      AtomicFiles.write(out, o -> o.write(b.toString().getBytes(StandardCharsets.UTF_8)));
      printer.println("wrote " + n + " sequences to " + out);
    }
    printer.flush();
    return 0;
  }

  /** Log-likelihood of held-out sequences (total, per step, per sequence), AIC and BIC. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> eval(Path run, Path data) {
    Map<String, Object> config = RunDir.config(run);
    HmmModel model = HmmJson.load(run.resolve("model.json"));
    HmmInputs.Loaded loaded;
    List<String> stored = model.alphabet().isEmpty() ? null : model.alphabet();
    if (config.containsKey("text")) {
      loaded = HmmInputs.text(data, (String) config.get("alphabet"), stored);
    } else {
      loaded = HmmInputs.csv(data, (String) config.get("sequence_id"),
          config.containsKey("symbol") ? List.of() : (List<String>) config.get("columns"),
          (String) config.get("symbol"), stored);
    }
    Sequences seqs = loaded.sequences();
    double total = model.score(seqs);
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("model", "hmm");
    s.put("sequences", seqs.size());
    s.put("steps", loaded.steps());
    s.put("log_likelihood", total);
    s.put("log_likelihood_per_step", total / loaded.steps());
    s.put("aic", model.aic(seqs));
    s.put("bic", model.bic(seqs));
    s.put("parameters", model.parameterCount());
    return s;
  }

}
