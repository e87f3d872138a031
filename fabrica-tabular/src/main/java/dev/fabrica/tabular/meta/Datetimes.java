package dev.fabrica.tabular.meta;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;

/** Datetime texts to seconds since 1970-01-01T00:00 (read as UTC) and back, by pattern. */
public final class Datetimes {
  /** The patterns detection tries, most specific first. */
  public static final List<String> PATTERNS = List.of(
      "uuuu-MM-dd'T'HH:mm:ss", "uuuu-MM-dd HH:mm:ss", "uuuu-MM-dd'T'HH:mm", "uuuu-MM-dd HH:mm",
      "uuuu-MM-dd", "uuuu/MM/dd", "dd.MM.uuuu");

  private Datetimes() {}

  private static DateTimeFormatter formatter(String pattern) {
    return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
  }

  private static boolean hasTime(String pattern) {
    return pattern.contains("HH");
  }

  /** Seconds of {@code text} in {@code pattern}, or null when it does not parse. */
  public static Double seconds(String text, String pattern) {
    try {
      DateTimeFormatter f = formatter(pattern);
      if (hasTime(pattern)) {
        return (double) LocalDateTime.parse(text, f).toEpochSecond(ZoneOffset.UTC);
      }
      return (double) LocalDate.parse(text, f).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** {@code seconds} as text in {@code pattern}; a date-only pattern drops the time of day. */
  public static String format(double seconds, String pattern) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(Math.round(seconds), 0, ZoneOffset.UTC);
    return formatter(pattern).format(t);
  }

  /** The first pattern that every text parses in, or null. */
  public static String detect(List<String> texts) {
    if (texts.isEmpty()) {
      return null;
    }
    for (String p : PATTERNS) {
      boolean all = true;
      for (String s : texts) {
        if (seconds(s, p) == null) {
          all = false;
          break;
        }
      }
      if (all) {
        return p;
      }
    }
    return null;
  }
}
