package dev.fabrica.testkit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a seeded CSV of product reviews with columns {@code id,text,label,feature1,feature2}, the
 * messy input of the prep benchmark: text mixing Chinese and English words with punctuation, emoji
 * (including sequences such as ❤️, 👍🏽 and 👨‍👩‍👧), sometimes a URL, an HTML tag, a comma or a
 * quote (so some fields need CSV quoting); {@value #DUPLICATE_RATE} of rows are exact copies of an
 * earlier row (id included), {@value #MISSING_TEXT_RATE} have no text, each number is missing with
 * probability {@value #MISSING_NUMBER_RATE} and the label with {@value #MISSING_LABEL_RATE}.
 * feature1 is about N(50, 10²), feature2 log-normal around 1,100: two different scales. Streams to
 * the file, so any number of rows fits in constant memory; the same seed gives the same bytes.
 */
public final class ReviewsCsv {
  public static final double DUPLICATE_RATE = 0.05;
  public static final double MISSING_TEXT_RATE = 0.03;
  public static final double MISSING_NUMBER_RATE = 0.02;
  public static final double MISSING_LABEL_RATE = 0.01;
  public static final String HEADER = "id,text,label,feature1,feature2";
  /** Label classes and their weights. */
  public static final String[] LABELS = {"pos", "neg", "neutral"};

  private static final double[] LABEL_CUMULATIVE = {0.45, 0.80, 1.0};
  private static final String[] ENGLISH = {
    "great", "product", "fast", "shipping", "broken", "love", "it", "the", "battery", "lasts",
    "long", "screen", "is", "too", "small", "would", "buy", "again", "not", "worth", "price",
    "quality", "excellent", "terrible", "ok", "color", "size", "fits", "well", "returned",
    "customer", "service", "slow", "delivery", "recommend", "cheap", "sturdy", "phone", "case", "box"
  };
  private static final String[] CHINESE = {
    "质量", "很好", "物流", "太慢", "喜欢", "不错", "价格", "便宜", "屏幕", "电池", "耐用", "颜色",
    "好看", "客服", "态度", "差", "推荐", "购买", "还会", "再来", "包装", "破损", "一般", "满意",
    "失望", "性价比", "高", "手机", "发货", "快", "今天", "收到", "东西", "非常", "值得", "退货"
  };
  private static final String[] EMOJI = {
    "😀", "😂", "😡", "🎉", "🔥", "👍", "👍🏽", "❤️", "👨‍👩‍👧", "🙏", "⭐", "★", "©", "✔️", "💯"
  };
  private static final String[] PUNCTUATION = {
    ",", ".", "!", "?", "...", ";", ":", "，", "。", "！", "？", "…", "、", "；", "（好）", "(ok)", " - "
  };

  private final SplittableRandom rng;
  private final String[] ring = new String[1024];
  private final boolean[][] ringMissing = new boolean[1024][];
  private int ringSize;
  private long nextId = 1;
  private final StringBuilder line = new StringBuilder(256);
  private final StringBuilder text = new StringBuilder(192);

  /**
   * What was written.
   *
   * @param rows data rows, duplicates included (the header is not counted)
   * @param duplicates rows that repeat an earlier row exactly
   * @param missingText rows with an empty text
   * @param missingFeature1 rows with an empty feature1
   * @param missingFeature2 rows with an empty feature2
   * @param missingLabel rows with an empty label
   */
  public record Counts(long rows, long duplicates, long missingText, long missingFeature1,
      long missingFeature2, long missingLabel) {}

  private ReviewsCsv(long seed) {
    this.rng = new SplittableRandom(seed);
  }

  /** Writes {@code rows} data rows after a header to {@code file}, seeded by {@code seed}. */
  public static Counts write(Path file, long rows, long seed) {
    try (OutputStream out = Files.newOutputStream(file)) {
      return write(out, rows, seed);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Writes the CSV as UTF-8 to {@code out}, which stays open. */
  public static Counts write(OutputStream out, long rows, long seed) throws IOException {
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be at least 0, got " + rows);
    }
    Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 20);
    Counts c = new ReviewsCsv(seed).writeRows(w, rows);
    w.flush();
    return c;
  }

  private Counts writeRows(Writer w, long rows) throws IOException {
    w.write(HEADER);
    w.write('\n');
    long dups = 0;
    long[] missing = new long[4];
    boolean[] m = new boolean[4];
    for (long r = 0; r < rows; r++) {
      boolean[] flags;
      if (ringSize > 0 && rng.nextDouble() < DUPLICATE_RATE) {
        int k = rng.nextInt(ringSize);
        w.write(ring[k]);
        flags = ringMissing[k];
        dups++;
      } else {
        String s = newRow(m);
        w.write(s);
        int slot = ringSize < ring.length ? ringSize++ : rng.nextInt(ring.length);
        ring[slot] = s;
        ringMissing[slot] = m.clone();
        flags = m;
      }
      for (int i = 0; i < 4; i++) {
        if (flags[i]) {
          missing[i]++;
        }
      }
    }
    return new Counts(rows, dups, missing[0], missing[1], missing[2], missing[3]);
  }

  /** One fresh row ending in a newline; {@code missing} gets text, feature1, feature2, label. */
  private String newRow(boolean[] missing) {
    line.setLength(0);
    line.append(nextId++).append(',');
    missing[0] = rng.nextDouble() < MISSING_TEXT_RATE;
    if (!missing[0]) {
      quoted(line, review());
    }
    line.append(',');
    missing[3] = rng.nextDouble() < MISSING_LABEL_RATE;
    double u = rng.nextDouble();
    String label = u < LABEL_CUMULATIVE[0] ? LABELS[0] : u < LABEL_CUMULATIVE[1] ? LABELS[1] : LABELS[2];
    if (!missing[3]) {
      line.append(label);
    }
    line.append(',');
    missing[1] = rng.nextDouble() < MISSING_NUMBER_RATE;
    if (!missing[1]) {
      cents(line, Math.round((50 + 10 * gaussian()) * 100));
    }
    line.append(',');
    missing[2] = rng.nextDouble() < MISSING_NUMBER_RATE;
    if (!missing[2]) {
      cents(line, Math.round(Math.exp(7 + gaussian()) * 100));
    }
    line.append('\n');
    return line.toString();
  }

  private CharSequence review() {
    StringBuilder t = text;
    t.setLength(0);
    int tokens = 4 + rng.nextInt(13);
    boolean lastChinese = false;
    for (int i = 0; i < tokens; i++) {
      double u = rng.nextDouble();
      boolean chinese = u >= 0.55 && u < 0.9;
      if (i > 0 && !(chinese && lastChinese && rng.nextBoolean())) {
        t.append(' ');
      }
      if (u < 0.55) {
        t.append(ENGLISH[rng.nextInt(ENGLISH.length)]);
      } else if (chinese) {
        t.append(CHINESE[rng.nextInt(CHINESE.length)]);
      } else {
        t.append(EMOJI[rng.nextInt(EMOJI.length)]);
      }
      lastChinese = chinese;
      if (rng.nextDouble() < 0.15) {
        t.append(PUNCTUATION[rng.nextInt(PUNCTUATION.length)]);
      }
    }
    double extra = rng.nextDouble();
    if (extra < 0.05) {
      t.append(" https://shop.example.com/item/").append(rng.nextInt(100_000)).append("?ref=review");
    } else if (extra < 0.10) {
      t.insert(0, "<b>").append("</b><br/>");
    } else if (extra < 0.15) {
      t.append(" he said \"").append(ENGLISH[rng.nextInt(ENGLISH.length)]).append("\", really");
    }
    return t;
  }

  /** Appends {@code s}, quoted with doubled quotes when it holds a comma, quote or newline. */
  private static void quoted(StringBuilder out, CharSequence s) {
    boolean quote = false;
    for (int i = 0; i < s.length() && !quote; i++) {
      char c = s.charAt(i);
      quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    if (!quote) {
      out.append(s);
      return;
    }
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        out.append('"');
      }
      out.append(c);
    }
    out.append('"');
  }

  /** Appends {@code v / 100} with two decimals, without the cost of String.format. */
  private static void cents(StringBuilder out, long v) {
    if (v < 0) {
      out.append('-');
      v = -v;
    }
    long frac = v % 100;
    out.append(v / 100).append('.');
    if (frac < 10) {
      out.append('0');
    }
    out.append(frac);
  }

  private double gaussian() {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17
    double u1 = 1.0 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
