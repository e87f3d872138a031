package dev.fabrica.core;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Where long work tells the user how it goes: progress bars on a terminal, plain log lines
 * otherwise, nothing when quiet. Passed explicitly; there is no global logger state.
 */
public final class Reporter {
  /** How much to say. */
  public enum Level {
    QUIET,
    NORMAL,
    VERBOSE
  }

  private final Level level;
  private final PrintStream err;
  private final boolean terminal;

  public Reporter(Level level, PrintStream err, boolean terminal) {
    this.level = level;
    this.err = err;
    this.terminal = terminal;
  }

  /** A reporter for the process's standard error; bars only when a console is attached. */
  public static Reporter stderr(Level level) {
    return new Reporter(level, System.err, System.console() != null);
  }

  /** Says nothing: for tests and library use. */
  public static Reporter silent() {
    return new Reporter(Level.QUIET, System.err, false);
  }

  public Level level() {
    return level;
  }

  public boolean verbose() {
    return level == Level.VERBOSE;
  }

  /** A line of information, unless quiet. */
  public void info(String message) {
    if (level != Level.QUIET) {
      err.println(message);
    }
  }

  /** A line shown only with -v. */
  public void debug(String message) {
    if (level == Level.VERBOSE) {
      err.println(message);
    }
  }

  /** A warning: shown unless quiet. */
  public void warn(String message) {
    if (level != Level.QUIET) {
      err.println("warning: " + message);
    }
  }

  /**
   * Starts reporting progress of a task of {@code total} units ({@code -1} when unknown). Close it
   * when the task ends.
   */
  public Progress progress(String task, long total, String unit) {
    if (level == Level.QUIET) {
      return Progress.NONE;
    }
    if (terminal) {
      ProgressBar bar =
          new ProgressBarBuilder()
              .setTaskName(task)
              .setInitialMax(total)
              .setUnit(" " + unit, 1)
              .setStyle(ProgressBarStyle.ASCII)
              .setConsumer(new ConsoleProgressBarConsumer(err))
              .showSpeed()
              .build();
      return new Progress() {
        @Override
        public void step(long n) {
          bar.stepBy(n);
        }

        @Override
        public void extra(String message) {
          bar.setExtraMessage(" " + message);
        }

        @Override
        public void close() {
          bar.close();
        }
      };
    }
    return new LogLineProgress(task, total, unit, err);
  }

  /** Progress of one task; {@link #NONE} does nothing. */
  public interface Progress extends AutoCloseable {
    Progress NONE =
        new Progress() {
          @Override
          public void step(long n) {}

          @Override
          public void close() {}
        };

    /** Records {@code n} more units done. */
    void step(long n);

    /** Shows a short status beside the bar (the current loss, say); log lines carry it too. */
    default void extra(String message) {}

    @Override
    void close();
  }

  /** Plain lines for logs: one every 10 % (or every 5 s when the total is unknown) and one at the end. */
  private static final class LogLineProgress implements Progress {
    private final String task;
    private final long total;
    private final String unit;
    private final PrintStream err;
    private final long start = System.nanoTime();
    private long done;
    private long nextReport;
    private long lastLineNanos = System.nanoTime();
    private String extra = "";

    LogLineProgress(String task, long total, String unit, PrintStream err) {
      this.task = task;
      this.total = total;
      this.unit = unit;
      this.err = err;
      this.nextReport = total > 0 ? Math.max(1, total / 10) : Long.MAX_VALUE;
    }

    @Override
    public void step(long n) {
      done += n;
      long now = System.nanoTime();
      if (done >= nextReport || (total <= 0 && now - lastLineNanos > 5_000_000_000L)) {
        line();
        lastLineNanos = now;
        if (total > 0) {
          nextReport = done + Math.max(1, total / 10);
        }
      }
    }

    private void line() {
      double secs = (System.nanoTime() - start) / 1e9;
      String of = total > 0 ? String.format(" of %,d (%.0f%%)", total, 100.0 * done / total) : "";
      String eta = total > 0 && done > 0 && done < total ? String.format(", ETA %.0fs", secs * (total - done) / done) : "";
      err.printf("%s: %,d%s %s, %.1fs%s%s%n", task, done, of, unit, secs, eta, extra);
    }

    @Override
    public void extra(String message) {
      extra = ", " + message;
    }

    @Override
    public void close() {
      if (total <= 0 || done < total) {
        line();
      }
    }
  }
}
