package dev.fabrica.serve;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request that fails, answered in OpenAI's error shape: {@code {"error": {"message", "type",
 * "param", "code"}}} with its HTTP status, so OpenAI's client libraries raise their usual errors.
 */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String type;
  private final String param;
  private final String code;
  private final Integer retryAfterSeconds;

  private ApiError(int status, String message, String type, String param, String code, Integer retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.param = param;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** 400: a parameter is missing or invalid; the message and {@code param} name it. */
  public static ApiError invalid(String param, String message) {
    return new ApiError(400, message, "invalid_request_error", param, param == null ? null : "invalid_value", null);
  }

  /** 401: no key, or not one of the server's. */
  public static ApiError unauthorized(String message) {
    return new ApiError(401, message, "invalid_request_error", null, "invalid_api_key", null);
  }

  /** 404: no such model (or file). */
  public static ApiError notFound(String param, String message, String code) {
    return new ApiError(404, message, "invalid_request_error", param, code, null);
  }

  /** 413: the body is larger than the server takes. */
  public static ApiError tooLarge(long limit) {
    return new ApiError(413, "the request body is larger than this server's limit of " + limit + " bytes",
        "invalid_request_error", null, "request_too_large", null);
  }

  /** 429: the model's queue is full; try again after {@code seconds}. */
  public static ApiError busy(String model, int queue, int seconds) {
    return new ApiError(429, "model '" + model + "' has " + queue + " requests waiting, its limit; retry after "
        + seconds + " s", "requests", null, "rate_limit_exceeded", seconds);
  }

  /** 408-like time limit, answered as OpenAI does with a server error status. */
  public static ApiError timeout(double seconds) {
    return new ApiError(504, "the request took longer than this server's limit of " + seconds + " s",
        "server_error", null, "timeout", null);
  }

  /** 500: a failure of the server's own. */
  public static ApiError internal(String message) {
    return new ApiError(500, message, "server_error", null, null, null);
  }

  public int status() {
    return status;
  }

  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** The JSON body. */
  public Map<String, Object> body() {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("message", getMessage());
    e.put("type", type);
    e.put("param", param);
    e.put("code", code);
    return Map.of("error", e);
  }
}
