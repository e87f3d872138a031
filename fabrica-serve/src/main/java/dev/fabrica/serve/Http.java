package dev.fabrica.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.core.Json;
import io.javalin.http.Context;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Small request helpers shared by the routes. */
final class Http {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Http() {}

  /** The body as a JSON object, or a 400 saying what is wrong with it. */
  static JsonNode json(Context ctx) {
    String text = ctx.body();
    if (text.isBlank()) {
      throw ApiError.invalid(null, "the request body is empty; send a JSON object");
    }
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw ApiError.invalid(null, "the request body is not valid JSON: " + e.getOriginalMessage()
          + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")" : ""));
    }
    if (n == null || !n.isObject()) {
      throw ApiError.invalid(null, "the request body must be a JSON object");
    }
    return n;
  }

  /** 24 random hex digits, for response and file ids. */
  static String randomId() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
