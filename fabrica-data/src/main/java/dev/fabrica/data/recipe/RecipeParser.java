package dev.fabrica.data.recipe;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.fabrica.core.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Reads a recipe from YAML or JSON, with errors naming the file and the line, column or key. */
public final class RecipeParser {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private RecipeParser() {}

  /** Parses {@code file}: JSON when it ends in {@code .json}, YAML otherwise. */
  public static Recipe parse(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new BadInputException("recipe file " + file + " does not exist");
    } catch (java.nio.charset.MalformedInputException e) {
      throw new BadInputException(file + ": the recipe is not valid UTF-8");
    } catch (IOException e) {
      throw new BadInputException("cannot read recipe " + file + ": " + e.getMessage());
    }
    return parse(file, text);
  }

  /** Parses recipe {@code text} as if read from {@code file}. */
  public static Recipe parse(Path file, String text) {
    String name = file.getFileName().toString();
    ObjectMapper mapper = name.endsWith(".json") ? JSON : YAML;
    JsonNode root;
    try {
      root = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String where = loc == null ? name : name + " line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      throw new BadInputException(where + ": " + e.getOriginalMessage().lines().findFirst().orElse("syntax error"));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new BadInputException(name + ": the recipe is empty");
    }
    if (!root.isObject()) {
      throw new BadInputException(name + ": a recipe is a mapping with keys input, steps, output");
    }
    Params top = new Params((ObjectNode) root, name);
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!List.of("input", "steps", "output").contains(k)) {
        throw new BadInputException(name + ": unknown key '" + k + "' (a recipe has input, steps, output)");
      }
    }
    Params input = requireBlock(top, name, "input");
    if (!input.has("path")) {
      throw new BadInputException(name + ": input.path is missing (the file or folder to read)");
    }
    Params output = requireBlock(top, name, "output");
    if (!output.has("dir")) {
      throw new BadInputException(name + ": output.dir is missing (where to write the dataset)");
    }
    return new Recipe(file, input, steps(root.get("steps"), name), output);
  }

  private static Params requireBlock(Params top, String name, String key) {
    if (!top.has(key)) {
      throw new BadInputException(name + ": the recipe has no '" + key + "' block");
    }
    JsonNode n = top.raw(key);
    if (!n.isObject()) {
      throw new BadInputException(name + ": " + key + " must be a mapping, got " + n);
    }
    return new Params((ObjectNode) n, name + ": " + key);
  }

  private static List<Recipe.StepSpec> steps(JsonNode node, String name) {
    List<Recipe.StepSpec> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      throw new BadInputException(name + ": steps must be a list, got " + node);
    }
    for (int i = 0; i < node.size(); i++) {
      JsonNode s = node.get(i);
      String where = name + ": steps[" + i + "]";
      if (s.isTextual()) {
        out.add(new Recipe.StepSpec(s.asText(), Params.empty(where + "." + s.asText()), i));
        continue;
      }
      if (!s.isObject() || s.size() != 1) {
        throw new BadInputException(
            where + ": a step is a mapping with one key, the step name (e.g. '- dedupe: {}'), got " + s);
      }
      Map.Entry<String, JsonNode> e = s.fields().next();
      JsonNode p = e.getValue();
      ObjectNode params;
      if (p == null || p.isNull()) {
        params = JsonNodeFactory.instance.objectNode();
      } else if (p.isObject()) {
        params = (ObjectNode) p;
      } else {
        throw new BadInputException(where + "." + e.getKey() + ": options must be a mapping, got " + p);
      }
      out.add(new Recipe.StepSpec(e.getKey(), new Params(params, where + "." + e.getKey()), i));
    }
    return out;
  }
}
