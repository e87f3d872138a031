package dev.fabrica.data.text;

import java.text.Normalizer;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cleans one text by fixed options; immutable, thread-safe and allocation-light (a text that needs
 * no change is returned as is).
 *
 * <p>The stages run in this order: {@code html} (tags removed, entities decoded, so that a decoded
 * {@code &amp;} is later removed as punctuation), {@code urls}, {@code nfkc}, {@code regex}, the
 * character classes ({@code punctuation}, {@code symbols}, {@code digits}), {@code lowercase}
 * ({@link Locale#ROOT}), {@code whitespace}.
 *
 * <p>Character classes are Unicode general categories: {@code punctuation} is P* (Pc Pd Ps Pe Pi Pf
 * Po), {@code symbols} is S* (Sm Sc Sk So, emoji and regional-indicator flags included), {@code
 * digits} is Nd. Letters (L*), combining marks (Mn Mc Me, as in Hindi or Arabic) and other numbers
 * (No Nl) always stay. An emoji sequence goes whole: the variation selectors U+FE0E/U+FE0F, the
 * zero-width joiner U+200D, skin-tone modifiers U+1F3FB–1F3FF, the keycap U+20E3 and tag characters
 * U+E0020–E007F are removed when they follow a removed character; with {@code symbols}, a keycap's
 * U+FE0F U+20E3 are removed after any base, so {@code 1️⃣} becomes {@code 1}.
 *
 * <p>A removed character becomes {@link Options#replacement()} (one per run of removed
 * characters), by default nothing, as Python's {@code re.sub(r'[^\w\s]', '', x)}: {@code
 * Hello,world} becomes {@code Helloworld}. Unlike Python's {@code \w}, the underscore (Pc) is
 * punctuation here and is removed, while combining marks are kept (Python drops them, which breaks
 * {@code नमस्ते} into {@code नमसत}).
 */
public final class TextCleaner implements java.io.Serializable {
  /** The character classes {@code remove} may name, plus the two pattern-based removals. */
  public enum Removal {
    PUNCTUATION,
    SYMBOLS,
    URLS,
    HTML,
    DIGITS;

    /** The recipe name, e.g. {@code punctuation}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What to do with whitespace: collapse runs to one space and trim, only trim, or keep. */
  public enum Whitespace {
    COLLAPSE,
    TRIM,
    KEEP
  }

  /**
   * The cleaner's options.
   *
   * @param remove what to remove
   * @param whitespace how to treat whitespace
   * @param nfkc apply Unicode NFKC normalization
   * @param lowercase lower-case with {@link Locale#ROOT}
   * @param regex a pattern to replace, or null
   * @param regexReplace its replacement, in {@link Matcher#replaceAll(String)} syntax ({@code $1})
   * @param replacement what a run of removed characters becomes
   */
  public record Options(
      Set<Removal> remove,
      Whitespace whitespace,
      boolean nfkc,
      boolean lowercase,
      Pattern regex,
      String regexReplace,
      String replacement) implements java.io.Serializable {
    public Options {
      remove =
          Collections.unmodifiableSet(
              remove.isEmpty() ? EnumSet.noneOf(Removal.class) : EnumSet.copyOf(remove));
      Objects.requireNonNull(whitespace, "whitespace");
      regexReplace = regexReplace == null ? "" : regexReplace;
      replacement = replacement == null ? "" : replacement;
    }

    /** Nothing removed, whitespace collapsed, no normalization, case kept. */
    public static Options defaults() {
      return new Options(Set.of(), Whitespace.COLLAPSE, false, false, null, "", "");
    }
  }

  private static final Pattern TAG =
      Pattern.compile("<!--.*?-->|<!?/?[A-Za-z][^<>]*>", Pattern.DOTALL);
  /** Tags that separate words: replaced by a space rather than nothing. */
  private static final Pattern BLOCK_TAG =
      Pattern.compile(
          "</?(?:br|p|div|li|ul|ol|tr|td|th|table|h[1-6]|hr|section|article|header|footer|blockquote|pre)\\b.*",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern URL =
      Pattern.compile(
          "(?:[Hh][Tt][Tt][Pp][Ss]?://|[Ww][Ww][Ww]\\.)[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=%]+");

  private final Options options;
  private final int typeMask;
  private final boolean symbols;
  /** Per BMP character: {@link #REMOVED}, {@link #SPACE}, {@link #EMOJI}; built for the fused pass. */
  private final byte[] flags;

  private static final int REMOVED = 1;
  private static final int SPACE = 2;
  private static final int EMOJI = 4;

  public TextCleaner(Options options) {
    this.options = options;
    int mask = 0;
    if (options.remove().contains(Removal.PUNCTUATION)) {
      mask |= bit(Character.CONNECTOR_PUNCTUATION) | bit(Character.DASH_PUNCTUATION)
          | bit(Character.START_PUNCTUATION) | bit(Character.END_PUNCTUATION)
          | bit(Character.INITIAL_QUOTE_PUNCTUATION) | bit(Character.FINAL_QUOTE_PUNCTUATION)
          | bit(Character.OTHER_PUNCTUATION);
    }
    symbols = options.remove().contains(Removal.SYMBOLS);
    if (symbols) {
      mask |= bit(Character.MATH_SYMBOL) | bit(Character.CURRENCY_SYMBOL)
          | bit(Character.MODIFIER_SYMBOL) | bit(Character.OTHER_SYMBOL);
    }
    if (options.remove().contains(Removal.DIGITS)) {
      mask |= bit(Character.DECIMAL_DIGIT_NUMBER);
    }
    this.typeMask = mask;
    if (mask != 0 && options.whitespace() == Whitespace.COLLAPSE && !options.lowercase()) {
      flags = new byte[0x10000];
      for (int c = 0; c < 0x10000; c++) {
        flags[c] = flagsOf(c);
      }
    } else {
      flags = null;
    }
  }

  private byte flagsOf(int cp) {
    return (byte) ((removed(cp) ? REMOVED : 0) | (isWhitespace(cp) ? SPACE : 0) | (isEmojiComponent(cp) ? EMOJI : 0));
  }

  private static int bit(byte type) {
    return 1 << type;
  }

  public Options options() {
    return options;
  }

  /** The cleaned text; null stays null. */
  public String clean(String text) {
    if (text == null) {
      return null;
    }
    String s = text;
    if (options.remove().contains(Removal.HTML)) {
      s = stripHtml(s);
    }
    if (options.remove().contains(Removal.URLS) && mayHaveUrl(s)) {
      s = URL.matcher(s).replaceAll("");
    }
    if (options.nfkc() && !Normalizer.isNormalized(s, Normalizer.Form.NFKC)) {
      s = Normalizer.normalize(s, Normalizer.Form.NFKC);
    }
    if (options.regex() != null) {
      s = options.regex().matcher(s).replaceAll(options.regexReplace());
    }
    if (flags != null) {
      return removeAndCollapse(s);
    }
    if (typeMask != 0) {
      s = removeClasses(s);
    }
    if (options.lowercase()) {
      s = s.toLowerCase(Locale.ROOT);
    }
    return switch (options.whitespace()) {
      case COLLAPSE -> collapseWhitespace(s);
      case TRIM -> trimWhitespace(s);
      case KEEP -> s;
    };
  }

  private static boolean mayHaveUrl(String s) {
    if (s.indexOf("://") >= 0) {
      return true;
    }
    for (int i = s.indexOf('.', 3); i >= 0; i = s.indexOf('.', i + 1)) {
      if ((s.charAt(i - 1) | 0x20) == 'w' && (s.charAt(i - 2) | 0x20) == 'w'
          && (s.charAt(i - 3) | 0x20) == 'w') {
        return true;
      }
    }
    return false;
  }

  static String stripHtml(String s) {
    if (s.indexOf('<') >= 0) {
      Matcher m = TAG.matcher(s);
      StringBuilder b = new StringBuilder(s.length());
      while (m.find()) {
        m.appendReplacement(b, BLOCK_TAG.matcher(m.group()).matches() ? " " : "");
      }
      m.appendTail(b);
      s = b.toString();
    }
    return s.indexOf('&') >= 0 ? HtmlEntities.decode(s) : s;
  }

  /** True for the invisible parts of an emoji sequence that have no meaning on their own. */
  static boolean isEmojiComponent(int cp) {
    return cp == 0xFE0E || cp == 0xFE0F || cp == 0x200D || cp == 0x20E3
        || (cp >= 0x1F3FB && cp <= 0x1F3FF) || (cp >= 0xE0020 && cp <= 0xE007F);
  }

  private boolean removed(int cp) {
    int type = cp < BMP_TYPE.length ? BMP_TYPE[cp] : Character.getType(cp);
    return ((typeMask >>> type) & 1) != 0;
  }

  /** Character.getType of every BMP character: a table lookup is several times faster. */
  private static final byte[] BMP_TYPE = new byte[0x10000];

  /** {@link #isWhitespace} of every BMP character. */
  private static final boolean[] BMP_SPACE = new boolean[0x10000];

  static {
    for (int c = 0; c < 0x10000; c++) {
      BMP_TYPE[c] = (byte) Character.getType(c);
      BMP_SPACE[c] = c < 0x80
          ? c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F)
          : Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
    }
  }

  String removeClasses(String s) {
    int n = s.length();
    int i = 0;
    // fast path: find the first character to remove
    while (i < n) {
      int cp = s.codePointAt(i);
      if (removed(cp) || (symbols && isEmojiComponent(cp))) {
        break;
      }
      i += Character.charCount(cp);
    }
    if (i == n) {
      return s;
    }
    // a char[] rather than a StringBuilder: no re-inflating when CJK text follows Latin text
    String rep = options.replacement();
    char[] out = new char[rep.length() <= 1 ? n : n * rep.length()];
    s.getChars(0, i, out, 0);
    int o = i;
    boolean baseRemoved = false;
    boolean inRun = false;
    while (i < n) {
      int cp = s.codePointAt(i);
      int len = Character.charCount(cp);
      boolean drop;
      if (isEmojiComponent(cp)) {
        drop = baseRemoved || removed(cp) || (symbols && isKeycapTail(s, i));
      } else {
        drop = removed(cp);
        baseRemoved = drop;
      }
      if (drop) {
        if (!inRun) {
          rep.getChars(0, rep.length(), out, o);
          o += rep.length();
          inRun = true;
        }
      } else {
        out[o++] = s.charAt(i);
        if (len == 2) {
          out[o++] = s.charAt(i + 1);
        }
        inRun = false;
      }
      i += len;
    }
    return new String(out, 0, o);
  }

  /**
   * {@link #removeClasses} then {@link #collapseWhitespace}, in one pass over the text and one
   * buffer, with one table lookup per character: the usual recipe (remove classes, collapse
   * whitespace, keep case). A text that needs neither is returned as is.
   */
  private String removeAndCollapse(String s) {
    int n = s.length();
    int i = 0;
    boolean prevSpace = true; // at the start, a space would be leading
    while (i < n) { // the prefix that needs nothing: kept characters and single spaces between them
      char c = s.charAt(i);
      int f = Character.isSurrogate(c) ? flagsOf(s.codePointAt(i)) : flags[c];
      if ((f & REMOVED) != 0 || (symbols && (f & EMOJI) != 0)) {
        break;
      }
      if (c == ' ') {
        if (prevSpace) {
          break;
        }
        prevSpace = true;
      } else if ((f & SPACE) != 0) {
        break;
      } else {
        prevSpace = false;
      }
      i += Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1)) ? 2 : 1;
    }
    if (i == n && !(n > 0 && prevSpace)) {
      return s;
    }
    String rep = options.replacement();
    // the text as chars, cleaned in place: what is written never overtakes what is read, since a
    // character or a collapsed space is written only for something read (a longer replacement
    // needs a buffer of its own)
    char[] in = s.toCharArray();
    char[] out = rep.length() <= 1 ? in : new char[n * (rep.length() + 1)];
    // a single space ending the prefix waits until a kept character follows it
    boolean pending = i > 0 && in[i - 1] == ' ' && prevSpace;
    int o = pending ? i - 1 : i;
    if (out != in) {
      System.arraycopy(in, 0, out, 0, o);
    }
    boolean baseRemoved = false;
    boolean inRun = false;
    while (i < n) {
      char c = in[i];
      int cp = c;
      int len = 1;
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(in[i + 1])) {
        cp = Character.toCodePoint(c, in[i + 1]);
        len = 2;
      }
      int f = len == 1 ? flags[cp] : flagsOf(cp);
      boolean drop;
      if ((f & EMOJI) != 0) {
        drop = baseRemoved || (f & REMOVED) != 0 || (symbols && (c == 0x20E3 || (c == 0xFE0F && i + 1 < n && in[i + 1] == 0x20E3)));
      } else {
        drop = (f & REMOVED) != 0;
        baseRemoved = drop;
      }
      if (drop) {
        if (!inRun) {
          for (int k = 0; k < rep.length(); ) {
            int rc = rep.codePointAt(k);
            int rl = Character.charCount(rc);
            if (isWhitespace(rc)) {
              pending = true;
            } else {
              if (pending && o > 0) {
                out[o++] = ' ';
              }
              pending = false;
              rep.getChars(k, k + rl, out, o);
              o += rl;
            }
            k += rl;
          }
          inRun = true;
        }
      } else {
        if ((f & SPACE) != 0) {
          pending = true;
        } else {
          if (pending && o > 0) {
            out[o++] = ' ';
          }
          pending = false;
          out[o++] = c;
          if (len == 2) {
            out[o++] = in[i + 1];
          }
        }
        inRun = false;
      }
      i += len;
    }
    return new String(out, 0, o);
  }

  /** True at U+20E3, or at a U+FE0F that a U+20E3 follows. */
  private static boolean isKeycapTail(String s, int i) {
    char c = s.charAt(i);
    return c == 0x20E3 || (c == 0xFE0F && i + 1 < s.length() && s.charAt(i + 1) == 0x20E3);
  }

  /** Unicode whitespace: Java's, plus the no-break spaces (U+00A0, U+2007, U+202F) and U+0085. */
  public static boolean isWhitespace(int cp) {
    if (cp < 0x10000) {
      return BMP_SPACE[cp];
    }
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
  }

  static String collapseWhitespace(String s) {
    if (!needsCollapse(s)) {
      return s;
    }
    int n = s.length();
    char[] out = new char[n];
    int o = 0;
    boolean pendingSpace = false;
    for (int i = 0; i < n; ) {
      int cp = s.codePointAt(i);
      int len = Character.charCount(cp);
      if (isWhitespace(cp)) {
        pendingSpace = true;
      } else {
        if (pendingSpace && o > 0) {
          out[o++] = ' ';
        }
        pendingSpace = false;
        out[o++] = s.charAt(i);
        if (len == 2) {
          out[o++] = s.charAt(i + 1);
        }
      }
      i += len;
    }
    return new String(out, 0, o);
  }

  /** False when every whitespace is a single ASCII space between two other characters. */
  private static boolean needsCollapse(String s) {
    int n = s.length();
    boolean prevSpace = true; // a leading space needs trimming
    for (int i = 0; i < n; ) {
      int cp = s.codePointAt(i);
      if (cp == ' ') {
        if (prevSpace) {
          return true;
        }
        prevSpace = true;
      } else if (isWhitespace(cp)) {
        return true;
      } else {
        prevSpace = false;
      }
      i += Character.charCount(cp);
    }
    return n > 0 && prevSpace;
  }

  static String trimWhitespace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isWhitespace(s.codePointAt(start))) {
      start += Character.charCount(s.codePointAt(start));
    }
    while (end > start && isWhitespace(s.codePointBefore(end))) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(start, end);
  }
}
