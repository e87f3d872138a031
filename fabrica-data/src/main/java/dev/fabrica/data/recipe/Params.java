package dev.fabrica.data.recipe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabrica.core.BadInputException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The options of one recipe block (a step, the input, the output) with typed getters whose errors
 * name the recipe file and key, e.g. {@code recipe.yaml: steps[3].split.train: expected a number,
 * got "x"}.
 */
public final class Params implements java.io.Serializable {
  private final ObjectNode node;
  private final String where;

  /**
   * @param node the block's mapping (an empty one for {@code {}})
   * @param where file and key prefix for messages, e.g. {@code "recipe.yaml: steps[3].split"}
   */
  public Params(ObjectNode node, String where) {
    this.node = node;
    this.where = where;
  }

  public static Params empty(String where) {
    return new Params(JsonNodeFactory.instance.objectNode(), where);
  }

  /** Builds params from plain Java values, for code that configures steps without a recipe file. */
  public static Params of(String where, Map<String, ?> values) {
    return new Params(
        dev.fabrica.core.Json.MAPPER.valueToTree(values), where);
  }

  public String where() {
    return where;
  }

  /** {@code where} extended with a key: {@code "recipe.yaml: steps[3].split.train"}. */
  public String at(String key) {
    return where + "." + key;
  }

  public ObjectNode node() {
    return node;
  }

  public boolean has(String key) {
    return node.has(key) && !node.get(key).isNull();
  }

  /** Keys present, in recipe order. */
  public List<String> keys() {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  /** Rejects keys outside {@code allowed}, naming the first unknown one. */
  public Params allowOnly(String... allowed) {
    Set<String> ok = Set.of(allowed);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!ok.contains(k)) {
        throw new BadInputException(
            at(k) + ": unknown option '" + k + "' (known: " + String.join(", ", new TreeSet<>(ok)) + ")");
      }
    }
    return this;
  }

  public BadInputException error(String key, String message) {
    return new BadInputException(at(key) + ": " + message);
  }

  public String string(String key, String def) {
    if (!has(key)) {
      return def;
    }
    JsonNode v = node.get(key);
    if (!v.isValueNode()) {
      throw error(key, "expected a text value, got " + v);
    }
    return v.asText();
  }

  public String requireString(String key) {
    if (!has(key)) {
      throw new BadInputException(where + ": missing required option '" + key + "'");
    }
    return string(key, null);
  }

  /** One of {@code choices}. */
  public String choice(String key, String def, String... choices) {
    String v = string(key, def);
    for (String c : choices) {
      if (c.equals(v)) {
        return v;
      }
    }
    throw error(key, "expected one of " + String.join(", ", choices) + ", got '" + v + "'");
  }

  public double number(String key, double def) {
    if (!has(key)) {
      return def;
    }
    JsonNode v = node.get(key);
    if (!v.isNumber()) {
      throw error(key, "expected a number, got " + v);
    }
    return v.asDouble();
  }

  public long integer(String key, long def) {
    if (!has(key)) {
      return def;
    }
    JsonNode v = node.get(key);
    if (!v.isIntegralNumber()) {
      throw error(key, "expected an integer, got " + v);
    }
    return v.asLong();
  }

  public boolean bool(String key, boolean def) {
    if (!has(key)) {
      return def;
    }
    JsonNode v = node.get(key);
    if (!v.isBoolean()) {
      throw error(key, "expected true or false, got " + v);
    }
    return v.asBoolean();
  }

  /** A list of texts; a single text is taken as a list of one. */
  public List<String> strings(String key, List<String> def) {
    if (!has(key)) {
      return def;
    }
    JsonNode v = node.get(key);
    List<String> out = new ArrayList<>();
    if (v.isValueNode()) {
      out.add(v.asText());
    } else if (v.isArray()) {
      for (JsonNode e : v) {
        if (!e.isValueNode()) {
          throw error(key, "expected a list of text values, got " + v);
        }
        out.add(e.asText());
      }
    } else {
      throw error(key, "expected a list, got " + v);
    }
    return out;
  }

  /** A list of numbers. */
  public double[] numbers(String key, double[] def) {
    if (!has(key)) {
      return def;
    }
    JsonNode v = node.get(key);
    if (!v.isArray()) {
      throw error(key, "expected a list of numbers, got " + v);
    }
    double[] out = new double[v.size()];
    for (int i = 0; i < out.length; i++) {
      if (!v.get(i).isNumber()) {
        throw error(key, "expected a list of numbers, got " + v);
      }
      out[i] = v.get(i).asDouble();
    }
    return out;
  }

  /** A nested block as params of its own. */
  public Params block(String key) {
    if (!has(key)) {
      return Params.empty(at(key));
    }
    JsonNode v = node.get(key);
    if (!v.isObject()) {
      throw error(key, "expected a mapping of options, got " + v);
    }
    return new Params((ObjectNode) v, at(key));
  }

  /** A mapping of text to text, in recipe order. */
  public Map<String, String> stringMap(String key) {
    Map<String, String> out = new LinkedHashMap<>();
    if (!has(key)) {
      return out;
    }
    JsonNode v = node.get(key);
    if (!v.isObject()) {
      throw error(key, "expected a mapping, got " + v);
    }
    v.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  /** The raw node of a key, or null. */
  public JsonNode raw(String key) {
    return node.get(key);
  }
}
