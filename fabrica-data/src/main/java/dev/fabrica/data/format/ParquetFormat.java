package dev.fabrica.data.format;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Cells;
import dev.fabrica.data.table.Column;
import dev.fabrica.data.table.Dataset;
import dev.fabrica.data.table.Row;
import dev.fabrica.data.table.Schema;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

/**
 * Parquet files, read and written through an in-memory embedded DuckDB. An input may also be a
 * directory of part files (what Spark writes), read as one file: its parts in name order.
 *
 * <p>Reading maps integer SQL types to {@link Long}, floating and decimal types to {@link Double},
 * BOOLEAN to {@link Boolean}, text to {@link String}, SQL NULL to a missing cell and anything else
 * (dates, timestamps, ...) to its text. Writing maps INTEGER columns to BIGINT, DOUBLE to DOUBLE,
 * BOOLEAN to BOOLEAN and STRING to VARCHAR; image columns are refused (use {@code idx}, {@code
 * hdf5} or {@code tfrecord}).
 */
public final class ParquetFormat implements InputFormat, RowWriter {
  @Override
  public String name() {
    return "parquet";
  }

  @Override
  public String extension() {
    return "parquet";
  }

  @Override
  public RowSource open(Path path, Params options) throws IOException {
    List<Path> files = files(path);
    Connection conn = connect(true);
    try {
      StringBuilder list = new StringBuilder();
      for (Path f : files) {
        list.append(list.length() == 0 ? "" : ", ").append(quoteLiteral(f.toString()));
      }
      // in the order listed (DuckDB preserves insertion order), so records are numbered on from file to file
      PreparedStatement st = conn.prepareStatement("SELECT * FROM read_parquet([" + list + "])");
      ResultSet rs = st.executeQuery();
      return new Source(path, conn, rs);
    } catch (SQLException e) {
      closeQuietly(conn);
      throw unreadable(path, e);
    }
  }

  /**
   * The files of a Parquet input: the file itself, or for a directory of parts (as Spark writes
   * them) its {@code .parquet} files by name, which is the order of Spark's partitions; files
   * starting with {@code _} or {@code .} (Spark's {@code _SUCCESS}, checksums) are not data.
   */
  public static List<Path> files(Path path) throws IOException {
    if (!java.nio.file.Files.isDirectory(path)) {
      return List.of(path);
    }
    List<Path> files;
    try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(path)) {
      files = s.filter(f -> {
        String n = f.getFileName().toString();
        return n.endsWith(".parquet") && !n.startsWith("_") && !n.startsWith(".") && java.nio.file.Files.isRegularFile(f);
      }).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new BadInputException(path + ": a directory with no .parquet files");
    }
    return files;
  }

  @Override
  public void write(Dataset data, Path file) throws IOException {
    Schema schema = data.schema();
    StringBuilder ddl = new StringBuilder("CREATE TABLE t (");
    for (int i = 0; i < schema.size(); i++) {
      Column c = schema.column(i);
      String sqlType =
          switch (c.type()) {
            case INTEGER -> "BIGINT";
            case DOUBLE -> "DOUBLE";
            case BOOLEAN -> "BOOLEAN";
            case STRING, EMPTY -> "VARCHAR";
            case IMAGE -> throw new BadInputException(
                file + ": column '" + c.name() + "' holds images, which the parquet output does not"
                    + " support; write images with format idx (or hdf5, tfrecord)");
          };
      ddl.append(i == 0 ? "" : ", ").append(quoteIdentifier(c.name())).append(' ').append(sqlType);
    }
    ddl.append(')');
    try (Connection conn = connect(false)) {
      try (Statement st = conn.createStatement()) {
        st.execute(ddl.toString());
      }
      try (DuckDBAppender app =
          conn.unwrap(DuckDBConnection.class).createAppender(DuckDBConnection.DEFAULT_SCHEMA, "t")) {
        data.forEach(row -> appendRow(app, schema, row, file));
      }
      try (Statement st = conn.createStatement()) {
        st.execute("COPY t TO " + quoteLiteral(file.toString()) + " (FORMAT parquet)");
      }
    } catch (SQLException e) {
      throw new IOException("cannot write " + file + ": " + firstLine(e), e);
    }
  }

  private static void appendRow(DuckDBAppender app, Schema schema, Row row, Path file) {
    int col = 0;
    try {
      app.beginRow();
      for (col = 0; col < schema.size(); col++) {
        Object v = row.get(col);
        if (v == null) {
          app.appendNull();
          continue;
        }
        switch (schema.column(col).type()) {
          case INTEGER -> app.append(Cells.asLong(v));
          case DOUBLE -> app.append(Cells.asDouble(v));
          case BOOLEAN -> app.append(Cells.asBoolean(v));
          default -> app.append(Cells.asText(v));
        }
      }
      app.endRow();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot append row " + row.line() + " to " + file, e);
    } catch (IllegalArgumentException e) { // includes NumberFormatException
      throw new BadInputException(
          file + ": row " + row.line() + ", column '" + schema.column(col).name() + "': "
              + e.getMessage());
    }
  }

  private static Connection connect(boolean streaming) throws IOException {
    Properties props = new Properties();
    if (streaming) {
      props.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
    }
    try {
      return DriverManager.getConnection("jdbc:duckdb:", props);
    } catch (SQLException e) {
      throw new IOException("cannot start the embedded DuckDB: " + firstLine(e), e);
    }
  }

  /** A text as a SQL string literal. */
  static String quoteLiteral(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  static String quoteIdentifier(String s) {
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }

  private static String firstLine(SQLException e) {
    String m = String.valueOf(e.getMessage()).strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static BadInputException unreadable(Path path, SQLException e) {
    return new BadInputException(path + ": not a readable Parquet file (" + firstLine(e) + ")", e);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // already failing; the first error is the one to report
    }
  }

  /**
   * A value read from a Parquet column as a fabrica cell: integers as {@link Long}, floating and
   * decimal numbers as {@link Double}, booleans and texts as they are, anything else as its text.
   * Public for an engine that reads Parquet with its own reader (Spark) and must type cells alike.
   */
  public static Object cell(Object v) {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long) {
      return v;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
      return ((Number) v).doubleValue();
    }
    if (v instanceof BigInteger b) {
      return b.bitLength() < 64 ? (Object) b.longValue() : (Object) b.doubleValue();
    }
    return v.toString();
  }

  private static final class Source implements RowSource {
    private final Path path;
    private final Connection conn;
    private final ResultSet rs;
    private final List<String> columns = new ArrayList<>();

    Source(Path path, Connection conn, ResultSet rs) throws SQLException {
      this.path = path;
      this.conn = conn;
      this.rs = rs;
      ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        columns.add(md.getColumnLabel(i));
      }
    }

    @Override
    public List<String> columns() {
      return columns;
    }

    @Override
    public void read(Consumer<Row> sink) throws IOException {
      long record = 0;
      try {
        while (rs.next()) {
          record++;
          Object[] values = new Object[columns.size()];
          for (int i = 0; i < values.length; i++) {
            values[i] = cell(rs.getObject(i + 1));
          }
          sink.accept(new Row(values, record));
        }
      } catch (SQLException e) {
        throw new BadInputException(
            path + ": record " + (record + 1) + ": cannot read (" + firstLine(e) + ")", e);
      }
    }

    @Override
    public void close() throws IOException {
      try {
        conn.close();
      } catch (SQLException e) {
        throw new IOException("cannot close DuckDB for " + path, e);
      }
    }
  }
}
