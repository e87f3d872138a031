package dev.fabrica.data.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * JSON input: an array of records ({@code json}) or one record per line ({@code jsonl}). Columns are
 * the union of the records' keys in order of first appearance (a first, key-only pass finds them);
 * a key missing from a record is a missing value; nested objects and arrays are kept as JSON text.
 */
public final class JsonFormat implements InputFormat {
  private static final JsonFactory FACTORY = Json.MAPPER.getFactory();
  private final boolean lines;

  private JsonFormat(boolean lines) {
    this.lines = lines;
  }

  public static JsonFormat json() {
    return new JsonFormat(false);
  }

  public static JsonFormat jsonl() {
    return new JsonFormat(true);
  }

  @Override
  public String name() {
    return lines ? "jsonl" : "json";
  }

  @Override
  public RowSource open(Path path, Params options) throws IOException {
    options.allowOnly("path", "format");
    if (Files.size(path) == 0) {
      throw new BadInputException(path + ": the file is empty");
    }
    Set<String> keys = new LinkedHashSet<>();
    scan(path, (p, record) -> {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        keys.add(p.currentName());
        p.nextToken();
        p.skipChildren();
      }
    });
    if (keys.isEmpty()) {
      throw new BadInputException(path + ": no records with fields found");
    }
    List<String> columns = List.copyOf(keys);
    Map<String, Integer> index = indexOf(columns);
    return new RowSource() {
      @Override
      public List<String> columns() {
        return columns;
      }

      @Override
      public void read(Consumer<Row> sink) throws IOException {
        scan(path, (p, record) -> {
          long line = lines ? p.currentLocation().getLineNr() : record;
          sink.accept(new Row(record(path, p, index), line));
        });
      }
    };
  }

  /**
   * The keys of the records that start in one range of a JSONL file, in order of first appearance;
   * the ranges' keys, merged in order, are the columns {@link #open} finds.
   */
  public List<String> keysInRange(Path path, JsonSplits.Range range) throws IOException {
    Set<String> keys = new LinkedHashSet<>();
    scanRange(path, range, (p, line) -> {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        keys.add(p.currentName());
        p.nextToken();
        p.skipChildren();
      }
    });
    return List.copyOf(keys);
  }

  /**
   * The records of a JSONL file that start in one range ({@link JsonSplits#ranges}), with the cells
   * and line numbers {@link #open} gives them.
   *
   * @param columns the file's columns, the union of every range's keys
   */
  public RowSource openRange(Path path, Params options, List<String> columns, JsonSplits.Range range) {
    options.allowOnly("path", "format");
    Map<String, Integer> index = indexOf(columns);
    return new RowSource() {
      @Override
      public List<String> columns() {
        return columns;
      }

      @Override
      public void read(Consumer<Row> sink) throws IOException {
        scanRange(path, range, (p, line) -> {
          sink.accept(new Row(record(path, p, index), line));
        });
      }
    };
  }

  private static Map<String, Integer> indexOf(List<String> columns) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      index.put(columns.get(i), i);
    }
    return index;
  }

  /** The cells of the record whose fields {@code p} is at, in {@code index}'s columns; a key not among them is an error. */
  private static Object[] record(Path path, JsonParser p, Map<String, Integer> index) throws IOException {
    Object[] values = new Object[index.size()];
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      Integer col = index.get(p.currentName());
      if (col == null) {
        throw error(path, p.currentLocation(), "key '" + p.currentName() + "' is not among the columns found");
      }
      values[col] = value(p, p.nextToken());
    }
    return values;
  }

  /**
   * The records starting in {@code range}; {@code body} gets each with its line. Any root value
   * that is not an object is an error, also past the range's end: the next range starts at its
   * first object, so what lies between is this range's to check. Positions in errors count from
   * the range's start (the engine reading ranges names the embedded engine's error instead).
   */
  private void scanRange(Path path, JsonSplits.Range range, RecordBody body) throws IOException {
    if (!lines) {
      throw new IllegalStateException("only jsonl is read in ranges");
    }
    if (range.start() < 0) {
      return;
    }
    java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(path);
    channel.position(range.start());
    try (JsonParser p = FACTORY.createParser(java.nio.channels.Channels.newInputStream(channel))) {
      while (true) {
        JsonToken t = p.nextToken();
        if (t == null) {
          break;
        }
        if (t != JsonToken.START_OBJECT) {
          throw error(path, p.currentLocation(), "a record is not an object: " + t);
        }
        if (range.start() + p.currentTokenLocation().getByteOffset() >= range.end()) {
          break; // the next range's first record
        }
        body.accept(p, range.line() + p.currentLocation().getLineNr() - 1);
      }
    } catch (JsonProcessingException e) {
      throw error(path, e.getLocation(), e.getOriginalMessage().lines().findFirst().orElse("invalid JSON"));
    }
  }

  private static Object value(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case VALUE_NULL -> null;
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
          ? (Object) p.getDecimalValue().doubleValue()
          : (Object) p.getLongValue();
      case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      default -> {
        JsonNode n = Json.MAPPER.readTree(p);
        yield Json.compact(n);
      }
    };
  }

  @FunctionalInterface
  private interface RecordBody {
    /** Called with the parser on a record's START_OBJECT; must consume up to its END_OBJECT. */
    void accept(JsonParser p, long record) throws IOException;
  }

  private void scan(Path path, RecordBody body) throws IOException {
    try (JsonParser p = FACTORY.createParser(Files.newInputStream(path))) {
      long record = 0;
      if (!lines) {
        JsonToken t = p.nextToken();
        if (t != JsonToken.START_ARRAY) {
          throw error(path, p.currentLocation(), "expected an array of records ('[{...}, ...]'), got " + t
              + (t == JsonToken.START_OBJECT ? " (one record per line is format jsonl)" : ""));
        }
      }
      while (true) {
        JsonToken t = p.nextToken();
        if (t == null || (!lines && t == JsonToken.END_ARRAY)) {
          break;
        }
        record++;
        if (t != JsonToken.START_OBJECT) {
          throw error(path, p.currentLocation(), "record " + record + " is not an object: " + t);
        }
        body.accept(p, record);
      }
      if (!lines && p.nextToken() != null) {
        throw error(path, p.currentLocation(), "unexpected content after the closing ']'");
      }
    } catch (JsonProcessingException e) {
      throw error(path, e.getLocation(), e.getOriginalMessage().lines().findFirst().orElse("invalid JSON"));
    }
  }

  private static BadInputException error(Path path, JsonLocation loc, String message) {
    String where = loc == null ? path.toString() : path + " line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    return new BadInputException(where + ": " + message);
  }

}
