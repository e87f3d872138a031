package dev.fabrica.serve;

import dev.fabrica.core.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys a client may send as {@code Authorization: Bearer KEY}. Keys are kept as SHA-256 digests
 * and every digest is compared in full with {@link MessageDigest#isEqual}, so neither the length of
 * a match nor which key matched shows in the time an answer takes.
 */
public final class ApiKeys {
  private final List<byte[]> digests;

  private ApiKeys(List<byte[]> digests) {
    this.digests = List.copyOf(digests);
  }

  /** No keys: every request is let in (allowed only on loopback or with --no-auth). */
  public static ApiKeys none() {
    return new ApiKeys(List.of());
  }

  /** Keys from a file (one a line; blank lines and lines starting with # skipped) and/or FABRICA_API_KEYS (comma-separated). */
  public static ApiKeys load(Path file, String env) {
    List<String> keys = new ArrayList<>();
    if (file != null) {
      try {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          String k = line.strip();
          if (!k.isEmpty() && !k.startsWith("#")) {
            keys.add(k);
          }
        }
      } catch (IOException e) {
        throw new BadInputException("--api-key-file: cannot read " + file + ": " + e.getMessage());
      }
      if (keys.isEmpty()) {
        throw new BadInputException("--api-key-file: " + file + " holds no key (one key a line)");
      }
    }
    if (env != null) {
      for (String k : env.split(",")) {
        if (!k.isBlank()) {
          keys.add(k.strip());
        }
      }
    }
    return of(keys);
  }

  static ApiKeys of(List<String> keys) {
    List<byte[]> d = new ArrayList<>();
    for (String k : keys) {
      d.add(digest(k));
    }
    return new ApiKeys(d);
  }

  public boolean required() {
    return !digests.isEmpty();
  }

  /** Whether an Authorization header value carries one of the keys. */
  public boolean accepts(String authorization) {
    if (!required()) {
      return true;
    }
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = digest(authorization.substring(7).strip());
    boolean ok = false;
    for (byte[] d : digests) {
      ok |= MessageDigest.isEqual(d, given);
    }
    return ok;
  }

  private static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
