package dev.fabrica.classic.hmm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import dev.fabrica.core.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code model.json}: the HMM's parameters as readable JSON ({@code format}, {@code fabricaVersion},
 * {@code nStates}, {@code startProb}, {@code transmat}, {@code emission} with its {@code kind},
 * covariance type and parameters, {@code alphabet}, {@code options}, {@code seed} and {@code
 * logLikelihoodHistory}). Doubles are written in full, so a loaded model scores identically.
 */
public final class HmmJson {
  static final String FORMAT = "fabrica-hmm/1";

  private HmmJson() {}

  /** The model as a JSON tree. */
  public static ObjectNode toJson(HmmModel model) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("fabricaVersion", Version.get());
    root.put("nStates", model.nStates());
    root.set("startProb", JsonArrays.of(model.startProb()));
    root.set("transmat", JsonArrays.of(model.transmat()));
    root.set("emission", model.emission().toJson());
    ArrayNode alphabet = root.putArray("alphabet");
    model.alphabet().forEach(alphabet::add);
    HmmTrainer.Options options = model.options();
    if (options != null) {
      root.set("options", Json.MAPPER.valueToTree(options));
      root.put("seed", options.seed());
    } else {
      root.putNull("options");
      root.putNull("seed");
    }
    ArrayNode history = root.putArray("logLikelihoodHistory");
    model.logLikelihoodHistory().forEach(history::add);
    return root;
  }

  /** Writes {@code model.json} atomically. */
  public static void save(HmmModel model, Path file) {
    Json.writeFile(file, toJson(model));
  }

  /** Reads a model written by {@link #save}. */
  public static HmmModel load(Path file) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new BadInputException("no such model file: " + file);
    } catch (IOException e) {
      throw new BadInputException(file + ": not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
    try {
      return fromJson(root);
    } catch (BadInputException e) {
      throw new BadInputException(file + ": " + e.getMessage(), e);
    }
  }

  /** Reads a model from a tree made by {@link #toJson}. */
  public static HmmModel fromJson(JsonNode root) {
    if (!FORMAT.equals(root.path("format").asText())) {
      throw new BadInputException("format is '" + root.path("format").asText() + "', expected " + FORMAT);
    }
    HmmModel model = new HmmModel(JsonArrays.vector(root.get("startProb"), "startProb"),
        JsonArrays.matrix(root.get("transmat"), "transmat"), Emission.fromJson(root.path("emission")));
    List<String> alphabet = new ArrayList<>();
    root.path("alphabet").forEach(s -> alphabet.add(s.asText()));
    HmmTrainer.Options options = null;
    JsonNode o = root.get("options");
    if (o != null && !o.isNull()) {
      try {
        options = Json.MAPPER.treeToValue(o, HmmTrainer.Options.class);
      } catch (IOException | IllegalArgumentException e) {
        throw new BadInputException("options are not valid: " + e.getMessage().lines().findFirst().orElse(""), e);
      }
    }
    List<Double> history = new ArrayList<>();
    root.path("logLikelihoodHistory").forEach(h -> history.add(h.asDouble()));
    return model.withAlphabet(alphabet).withProvenance(options, history);
  }
}
