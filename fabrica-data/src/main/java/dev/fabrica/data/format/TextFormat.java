package dev.fabrica.data.format;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Row;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Plain text into one column, {@code text}: one record per line ({@code text}, or {@code mode:
 * lines}) or one per entry of a fortune file, entries separated by lines holding only {@code %}
 * ({@code fortune}, or {@code mode: entries}). ANSI colour codes (as in Debian's fortunes-zh) are
 * stripped unless {@code strip_ansi: false}; blank records are skipped.
 */
public final class TextFormat implements InputFormat {
  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");
  private final boolean entries;

  private TextFormat(boolean entries) {
    this.entries = entries;
  }

  public static TextFormat lines() {
    return new TextFormat(false);
  }

  public static TextFormat fortune() {
    return new TextFormat(true);
  }

  @Override
  public String name() {
    return entries ? "fortune" : "text";
  }

  @Override
  public RowSource open(Path path, Params options) throws IOException {
    options.allowOnly("path", "format", "mode", "strip_ansi");
    boolean byEntry = options.choice("mode", entries ? "entries" : "lines", "lines", "entries").equals("entries");
    boolean stripAnsi = options.bool("strip_ansi", true);
    if (Files.size(path) == 0) {
      throw new BadInputException(path + ": the file is empty");
    }
    return new RowSource() {
      @Override
      public List<String> columns() {
        return List.of("text");
      }

      @Override
      public void read(Consumer<Row> sink) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
          ByteArrayOutputStream lineBytes = new ByteArrayOutputStream();
          StringBuilder entry = new StringBuilder();
          long line = 0;
          long entryStart = 1;
          long offset = 0;
          long lineOffset = 0;
          int c;
          boolean more = true;
          while (more) {
            c = in.read();
            if (c < 0) {
              more = false;
              if (lineBytes.size() == 0) {
                break;
              }
            } else if (c != '\n') {
              lineBytes.write(c);
              offset++;
              continue;
            } else {
              offset++;
            }
            line++;
            byte[] b = lineBytes.toByteArray();
            lineBytes.reset();
            int bad = Utf8.firstInvalid(b, 0, b.length);
            if (bad >= 0) {
              throw Utf8.errorAt(path, lineOffset + bad, "invalid UTF-8 byte 0x"
                  + Integer.toHexString(b[bad] & 0xFF) + " (the file must be UTF-8)");
            }
            lineOffset = offset;
            String s = new String(b, StandardCharsets.UTF_8);
            if (!s.isEmpty() && s.charAt(s.length() - 1) == '\r') {
              s = s.substring(0, s.length() - 1);
            }
            if (line == 1 && s.startsWith("\uFEFF")) {
              s = s.substring(1);
            }
            if (stripAnsi) {
              s = ANSI.matcher(s).replaceAll("");
            }
            if (!byEntry) {
              if (!s.isBlank()) {
                sink.accept(new Row(new Object[] {s}, line));
              }
            } else if (s.strip().equals("%")) {
              emit(entry, entryStart, sink);
              entryStart = line + 1;
            } else {
              if (entry.length() > 0) {
                entry.append('\n');
              }
              entry.append(s);
            }
          }
          if (byEntry) {
            emit(entry, entryStart, sink);
          }
        }
      }
    };
  }

  private static void emit(StringBuilder entry, long line, Consumer<Row> sink) {
    String s = entry.toString().strip();
    entry.setLength(0);
    if (!s.isEmpty()) {
      sink.accept(new Row(new Object[] {s}, line));
    }
  }
}
