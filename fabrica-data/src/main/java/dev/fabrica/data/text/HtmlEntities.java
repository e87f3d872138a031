package dev.fabrica.data.text;

import java.util.HashMap;
import java.util.Map;

/**
 * Decodes HTML character references: every numeric one ({@code &#39;}, {@code &#x4e2d;}) and the
 * common named ones (the markup characters, the Latin-1 signs, quotes, dashes and spaces). An
 * unknown name or an invalid code point is left as written.
 */
final class HtmlEntities {
  private static final Map<String, Integer> NAMED = new HashMap<>();

  static {
    String[] pairs = {
      "amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'", "nbsp", "\u00a0",
      "iexcl", "¡", "cent", "¢", "pound", "£", "curren", "¤", "yen", "¥", "brvbar", "¦",
      "sect", "§", "uml", "¨", "copy", "©", "ordf", "ª", "laquo", "«", "not", "¬", "shy", "\u00ad",
      "reg", "®", "macr", "¯", "deg", "°", "plusmn", "±", "sup2", "²", "sup3", "³", "acute", "´",
      "micro", "µ", "para", "¶", "middot", "·", "cedil", "¸", "sup1", "¹", "ordm", "º",
      "raquo", "»", "frac14", "¼", "frac12", "½", "frac34", "¾", "iquest", "¿", "times", "×",
      "divide", "÷", "ndash", "–", "mdash", "—", "lsquo", "‘", "rsquo", "’", "sbquo", "‚",
      "ldquo", "“", "rdquo", "”", "bdquo", "„", "hellip", "…", "bull", "•", "prime", "′",
      "euro", "€", "trade", "™", "larr", "←", "rarr", "→", "uarr", "↑", "darr", "↓",
      "ensp", "\u2002", "emsp", "\u2003", "thinsp", "\u2009", "zwnj", "\u200c", "zwj", "\u200d",
      "dagger", "†", "Dagger", "‡", "permil", "‰", "lsaquo", "‹", "rsaquo", "›"
    };
    for (int i = 0; i < pairs.length; i += 2) {
      NAMED.put(pairs[i], pairs[i + 1].codePointAt(0));
    }
  }

  private HtmlEntities() {}

  static String decode(String s) {
    int amp = s.indexOf('&');
    if (amp < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    int from = 0;
    while (amp >= 0) {
      int semi = s.indexOf(';', amp + 2);
      int cp = semi > 0 && semi - amp <= 12 ? codePoint(s, amp + 1, semi) : -1;
      if (cp >= 0) {
        b.append(s, from, amp).appendCodePoint(cp);
        from = semi + 1;
      }
      amp = s.indexOf('&', cp >= 0 ? from : amp + 1);
    }
    return b.append(s, from, s.length()).toString();
  }

  /** The code point of the reference between {@code &} and {@code ;}, or -1. */
  private static int codePoint(String s, int start, int end) {
    if (s.charAt(start) != '#') {
      Integer cp = NAMED.get(s.substring(start, end));
      return cp == null ? -1 : cp;
    }
    boolean hex = start + 1 < end && (s.charAt(start + 1) == 'x' || s.charAt(start + 1) == 'X');
    int digits = start + (hex ? 2 : 1);
    if (digits >= end) {
      return -1;
    }
    int cp = 0;
    for (int i = digits; i < end; i++) {
      int d = Character.digit(s.charAt(i), hex ? 16 : 10);
      if (d < 0 || s.charAt(i) > 'f' || cp > 0x10FFFF) {
        return -1;
      }
      cp = cp * (hex ? 16 : 10) + d;
    }
    boolean valid = cp > 0 && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
    return valid ? cp : -1;
  }
}
