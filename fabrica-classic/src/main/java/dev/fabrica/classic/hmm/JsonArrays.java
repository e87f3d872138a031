package dev.fabrica.classic.hmm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;

/** Nested double arrays to and from JSON. */
final class JsonArrays {
  private JsonArrays() {}

  static ArrayNode of(double[] a) {
    ArrayNode n = Json.MAPPER.createArrayNode();
    for (double v : a) {
      n.add(v);
    }
    return n;
  }

  static ArrayNode of(double[][] a) {
    ArrayNode n = Json.MAPPER.createArrayNode();
    for (double[] row : a) {
      n.add(of(row));
    }
    return n;
  }

  static ArrayNode of(double[][][] a) {
    ArrayNode n = Json.MAPPER.createArrayNode();
    for (double[][] m : a) {
      n.add(of(m));
    }
    return n;
  }

  static double[] vector(JsonNode node, String name) {
    if (node == null || !node.isArray()) {
      throw new BadInputException("model.json: '" + name + "' must be an array of numbers");
    }
    double[] a = new double[node.size()];
    for (int i = 0; i < a.length; i++) {
      if (!node.get(i).isNumber()) {
        throw new BadInputException("model.json: '" + name + "[" + i + "]' is not a number");
      }
      a[i] = node.get(i).asDouble();
    }
    return a;
  }

  static double[][] matrix(JsonNode node, String name) {
    if (node == null || !node.isArray()) {
      throw new BadInputException("model.json: '" + name + "' must be an array of arrays");
    }
    double[][] a = new double[node.size()][];
    for (int i = 0; i < a.length; i++) {
      a[i] = vector(node.get(i), name + "[" + i + "]");
    }
    return a;
  }

  static double[][][] cube(JsonNode node, String name) {
    if (node == null || !node.isArray()) {
      throw new BadInputException("model.json: '" + name + "' must be an array of matrices");
    }
    double[][][] a = new double[node.size()][][];
    for (int i = 0; i < a.length; i++) {
      a[i] = matrix(node.get(i), name + "[" + i + "]");
    }
    return a;
  }
}
