package dev.fabrica.neural.io;

import dev.fabrica.core.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A line chart drawn with plain Java2D and saved as an 800×500 PNG: linear axes with about five
 * "nice" ticks (1, 2 or 5 times a power of ten), light grid lines, a legend and one colour per
 * series (matplotlib's tab10 cycle). Non-finite points are skipped; the loss curves of training
 * runs are drawn with it.
 */
public final class LinePlot {
  static final int WIDTH = 800;
  static final int HEIGHT = 500;
  static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
    new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
    new Color(0xbcbd22), new Color(0x17becf)
  };

  private static final int LEFT = 80;
  private static final int RIGHT = 24;
  private static final int TOP = 40;
  private static final int BOTTOM = 56;

  private LinePlot() {}

  /**
   * One line: point i is (x[i], y[i]).
   *
   * @param name shown in the legend
   */
  public record Series(String name, double[] x, double[] y) {
    /** Checks that x and y have the same length. */
    public Series {
      if (x.length != y.length) {
        throw new IllegalArgumentException(
            "series '" + name + "' has " + x.length + " x values but " + y.length + " y values");
      }
    }
  }

  /** Draws {@code series} and writes the PNG atomically; empty or constant series are fine. */
  public static void write(Path png, String title, String xLabel, String yLabel, List<Series> series) {
    BufferedImage img = render(title, xLabel, yLabel, series);
    AtomicFiles.write(png, out -> {
      if (!ImageIO.write(img, "png", out)) {
        throw new IOException("no PNG writer in this JVM");
      }
    });
  }

  /** Draws the chart {@link #write} saves. */
  static BufferedImage render(String title, String xLabel, String yLabel, List<Series> series) {
    double[] xr = range(series, true);
    double[] yr = range(series, false);
    double[] xt = niceTicks(xr[0], xr[1], 5);
    double[] yt = niceTicks(yr[0], yr[1], 5);
    Axes a = new Axes(xt[0], xt[xt.length - 1], yt[0], yt[yt.length - 1]);

    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      drawAxes(g, a, xt, yt);
      drawLabels(g, title, xLabel, yLabel);
      g.setClip(LEFT, TOP, a.width(), a.height());
      g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      for (int s = 0; s < series.size(); s++) {
        drawSeries(g, a, series.get(s), PALETTE[s % PALETTE.length]);
      }
      g.setClip(null);
      drawLegend(g, series);
    } finally {
      g.dispose();
    }
    return img;
  }

  /** The plot area and its data limits: maps data coordinates to pixels. */
  private record Axes(double x0, double x1, double y0, double y1) {
    int width() {
      return WIDTH - LEFT - RIGHT;
    }

    int height() {
      return HEIGHT - TOP - BOTTOM;
    }

    double px(double x) {
      return LEFT + (x - x0) / (x1 - x0) * width();
    }

    double py(double y) {
      return TOP + height() - (y - y0) / (y1 - y0) * height();
    }
  }

  private static void drawAxes(Graphics2D g, Axes a, double[] xt, double[] yt) {
    FontMetrics fm = g.getFontMetrics();
    double xStep = xt.length > 1 ? xt[1] - xt[0] : 1;
    double yStep = yt.length > 1 ? yt[1] - yt[0] : 1;
    for (double t : xt) {
      int x = (int) Math.round(a.px(t));
      g.setColor(new Color(0xe6e6e6));
      g.drawLine(x, TOP, x, TOP + a.height());
      g.setColor(Color.DARK_GRAY);
      g.drawLine(x, TOP + a.height(), x, TOP + a.height() + 5);
      String label = format(t, xStep);
      g.drawString(label, x - fm.stringWidth(label) / 2, TOP + a.height() + 8 + fm.getAscent());
    }
    for (double t : yt) {
      int y = (int) Math.round(a.py(t));
      g.setColor(new Color(0xe6e6e6));
      g.drawLine(LEFT, y, LEFT + a.width(), y);
      g.setColor(Color.DARK_GRAY);
      g.drawLine(LEFT - 5, y, LEFT, y);
      String label = format(t, yStep);
      g.drawString(label, LEFT - 8 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
    }
    g.setColor(Color.DARK_GRAY);
    g.drawRect(LEFT, TOP, a.width(), a.height());
  }

  private static void drawLabels(Graphics2D g, String title, String xLabel, String yLabel) {
    g.setColor(Color.BLACK);
    Font base = g.getFont();
    g.setFont(base.deriveFont(Font.BOLD, 15f));
    FontMetrics fm = g.getFontMetrics();
    g.drawString(title, (WIDTH - fm.stringWidth(title)) / 2, TOP - 14);
    g.setFont(base.deriveFont(13f));
    fm = g.getFontMetrics();
    g.drawString(xLabel, LEFT + (WIDTH - LEFT - RIGHT - fm.stringWidth(xLabel)) / 2, HEIGHT - 12);
    AffineTransform saved = g.getTransform();
    g.rotate(-Math.PI / 2);
    // rotated: drawing at (-y, x) puts text upwards at pixel (x, y)
    int mid = TOP + (HEIGHT - TOP - BOTTOM) / 2;
    g.drawString(yLabel, -mid - fm.stringWidth(yLabel) / 2, 18);
    g.setTransform(saved);
    g.setFont(base);
  }

  private static void drawSeries(Graphics2D g, Axes a, Series s, Color colour) {
    g.setColor(colour);
    Path2D.Double line = new Path2D.Double();
    int points = 0;
    double lastX = 0;
    double lastY = 0;
    for (int i = 0; i < s.x().length; i++) {
      if (!Double.isFinite(s.x()[i]) || !Double.isFinite(s.y()[i])) {
        continue;
      }
      lastX = a.px(s.x()[i]);
      lastY = a.py(s.y()[i]);
      if (points++ == 0) {
        line.moveTo(lastX, lastY);
      } else {
        line.lineTo(lastX, lastY);
      }
    }
    if (points == 1) {
      g.fill(new java.awt.geom.Ellipse2D.Double(lastX - 3, lastY - 3, 6, 6));
    } else if (points > 1) {
      g.draw(line);
    }
  }

  private static void drawLegend(Graphics2D g, List<Series> series) {
    if (series.isEmpty()) {
      return;
    }
    FontMetrics fm = g.getFontMetrics();
    int textW = 0;
    for (Series s : series) {
      textW = Math.max(textW, fm.stringWidth(s.name()));
    }
    int rowH = fm.getHeight() + 2;
    int w = textW + 44;
    int h = series.size() * rowH + 8;
    int x = WIDTH - RIGHT - w - 8;
    int y = TOP + 8;
    g.setColor(new Color(255, 255, 255, 220));
    g.fillRect(x, y, w, h);
    g.setColor(Color.LIGHT_GRAY);
    g.drawRect(x, y, w, h);
    for (int i = 0; i < series.size(); i++) {
      int cy = y + 4 + i * rowH + rowH / 2;
      g.setColor(PALETTE[i % PALETTE.length]);
      g.drawLine(x + 8, cy, x + 30, cy);
      g.setColor(Color.BLACK);
      g.drawString(series.get(i).name(), x + 36, cy + fm.getAscent() / 2 - 1);
    }
  }

  /** The finite min and max of the x (or y) values of all series, widened when they are equal. */
  static double[] range(List<Series> series, boolean xs) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (int i = 0; i < s.x().length; i++) {
        if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
          double v = xs ? s.x()[i] : s.y()[i];
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (lo > hi) {
      return new double[] {0, 1};
    }
    if (lo == hi) {
      double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
      return new double[] {lo - pad, hi + pad};
    }
    return new double[] {lo, hi};
  }

  /**
   * About {@code target} ticks covering [lo, hi], spaced 1, 2 or 5 times a power of ten; the first
   * and last enclose the range (Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990).
   */
  static double[] niceTicks(double lo, double hi, int target) {
    double step = nice((hi - lo) / Math.max(1, target - 1));
    if (!(step > 0) || !Double.isFinite(step)) {
      return new double[] {lo, hi}; // a range too wide for doubles: no nice ticks to be had
    }
    double first = Math.floor(lo / step) * step;
    double last = Math.ceil(hi / step) * step;
    int n = (int) Math.round((last - first) / step) + 1;
    double[] ticks = new double[n];
    for (int i = 0; i < n; i++) {
      ticks[i] = first + i * step;
      if (Math.abs(ticks[i]) < step * 1e-9) {
        ticks[i] = 0; // no "-0" or "1e-17" labels
      }
    }
    return ticks;
  }

  /** The number 1, 2, 5 or 10 times a power of ten nearest above {@code x}'s rounding. */
  private static double nice(double x) {
    double p = Math.pow(10, Math.floor(Math.log10(x)));
    double f = x / p;
    double m = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
    return m * p;
  }

  /** A tick label with as many decimals as the step needs, or scientific for extreme values. */
  static String format(double v, double step) {
    double mag = Math.max(Math.abs(v), step);
    if (mag >= 1e6 || mag < 1e-4) {
      return String.format(java.util.Locale.ROOT, "%.3g", v);
    }
    int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
    return String.format(java.util.Locale.ROOT, "%." + decimals + "f", v);
  }
}
