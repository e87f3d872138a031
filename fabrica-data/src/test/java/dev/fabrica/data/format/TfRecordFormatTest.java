package dev.fabrica.data.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Image;
import dev.fabrica.data.table.RowStore;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Golden files: {@code src/test/resources/tfrecord/make_golden.py}, which documents their rows. */
class TfRecordFormatTest {
  @TempDir Path tmp;
  private final TfRecordFormat tfrecord = new TfRecordFormat();

  private static final List<String> GOLDEN_COLUMNS = List.of("id", "score", "name", "img");
  private static final Object[][] GOLDEN_ROWS = {
    {1L, 0.5, "hello", new Image(2, 3, 1, new byte[] {0, 1, 2, (byte) 253, (byte) 254, (byte) 255})},
    {-3L, null, "你好🙂", null},
    {9007199254740993L, -1.25, null, new Image(1, 1, 3, new byte[] {10, 20, 30})},
  };

  private Path golden(String name) throws Exception {
    Path p = tmp.resolve(name);
    try (InputStream in = getClass().getResourceAsStream("/tfrecord/" + name)) {
      Files.copy(in, p);
    }
    return p;
  }

  @Test
  void writer_matches_the_independently_encoded_golden_file_byte_for_byte() throws Exception {
    Path out = tmp.resolve("out.tfrecord");

    tfrecord.write(Tables.of(tmp, GOLDEN_COLUMNS, GOLDEN_ROWS), out);

    assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(golden("test-golden.tfrecord")));
  }

  @Test
  void reader_reads_the_golden_file_to_the_expected_rows() throws Exception {
    Path file = golden("test-golden.tfrecord");

    try (RowSource src = tfrecord.open(file, Params.empty("t"))) {
      assertThat(src.columns()).isEqualTo(GOLDEN_COLUMNS);
      assertThat(src.estimatedRows()).isEqualTo(3);
    }
    assertThat(Tables.read(tfrecord, file)).isEqualTo(Tables.lists(GOLDEN_ROWS));
  }

  @Test
  void reader_accepts_unpacked_numeric_lists() throws Exception {
    assertThat(Tables.read(tfrecord, golden("test-unpacked.tfrecord")))
        .isEqualTo(Tables.lists(GOLDEN_ROWS));
  }

  @Test
  void detects_a_flipped_data_byte_and_names_the_record() throws Exception {
    Path file = golden("test-golden.tfrecord");
    byte[] b = Files.readAllBytes(file);
    int second = 8 + 4 + (b[0] & 0xFF) + 4; // start of record 2 (record 1 is shorter than 256 bytes)
    b[second + 12 + 5] ^= 0x01;
    Files.write(file, b);

    assertThatThrownBy(() -> Tables.read(tfrecord, file))
        .isInstanceOf(BadInputException.class)
        .hasMessage(file + ": record 2: data checksum mismatch");
  }

  @Test
  void detects_a_corrupt_length_and_a_truncated_file() throws Exception {
    Path file = golden("test-golden.tfrecord");
    byte[] b = Files.readAllBytes(file);
    byte[] badLength = b.clone();
    badLength[1] ^= 0x40;
    Files.write(file, badLength);
    assertThatThrownBy(() -> Tables.read(tfrecord, file))
        .isInstanceOf(BadInputException.class)
        .hasMessage(file + ": record 1: length checksum mismatch");

    Files.write(file, java.util.Arrays.copyOf(b, b.length - 3));
    assertThatThrownBy(() -> Tables.read(tfrecord, file))
        .isInstanceOf(BadInputException.class)
        .hasMessage(file + ": record 3: truncated record data");
  }

  @Test
  void round_trips_chinese_text_missing_values_booleans_and_images() throws Exception {
    Random rnd = new Random(7);
    byte[] rgb = new byte[4 * 5 * 3];
    rnd.nextBytes(rgb);
    byte[] grey = new byte[4 * 5];
    rnd.nextBytes(grey);
    Object[][] rows = {
      {"床前明月光，疑是地上霜。", 0.1, true, new Image(4, 5, 3, rgb), Long.MIN_VALUE},
      {null, null, false, null, null},
      {"❤️ 👨‍👩‍👧", 3.0, null, new Image(4, 5, 1, grey), 0L},
    };
    Path file = tmp.resolve("rt.tfrecord");

    tfrecord.write(Tables.of(tmp, List.of("poem", "x", "flag", "pic", "n"), rows), file);

    assertThat(Tables.read(tfrecord, file))
        .isEqualTo(
            Tables.lists(
                new Object[] {rows[0][0], 0.1, 1L, rows[0][3], Long.MIN_VALUE},
                new Object[] {null, null, 0L, null, null},
                new Object[] {rows[2][0], 3.0, null, rows[2][3], 0L}));
  }

  @Test
  void writes_doubles_as_float32() throws Exception {
    Path file = tmp.resolve("f.tfrecord");
    RowStore data = Tables.of(tmp, List.of("x"), new Object[] {Math.PI});

    tfrecord.write(data, file);

    assertThat(Tables.read(tfrecord, file).get(0).get(0)).isEqualTo(Double.valueOf(Float.toString((float) Math.PI)));
  }

  @Test
  void is_registered_for_input_and_output() {
    assertThat(Formats.input("tfrecord", "t")).isInstanceOf(TfRecordFormat.class);
    assertThat(Formats.output("tfrecord", "t").extension()).isEqualTo("tfrecord");
  }
}
