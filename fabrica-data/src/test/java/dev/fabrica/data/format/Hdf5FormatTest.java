package dev.fabrica.data.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.table.Image;
import io.jhdf.HdfFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Hdf5FormatTest {
  @TempDir Path tmp;
  private final Hdf5Format hdf5 = new Hdf5Format();

  private static final Object[][] ROWS = {
    {1L, 0.5, true, "hello", new Image(2, 3, 1, new byte[] {0, 1, 2, 3, 4, (byte) 255})},
    {null, null, false, "你好🙂", null},
    {-5L, 2.25, null, null, new Image(2, 3, 1, new byte[] {9, 9, 9, 9, 9, (byte) 128})},
  };

  private Path writeSample() throws IOException {
    Path file = tmp.resolve("t.h5");
    hdf5.write(Tables.of(tmp, List.of("id", "score", "ok", "name", "img"), ROWS), file);
    return file;
  }

  @Test
  void writes_one_dataset_per_column_with_missing_masks_readable_by_jhdf() throws Exception {
    Path file = writeSample();

    try (HdfFile h5 = new HdfFile(file)) {
      assertThat(h5.getAttribute("rows").getData()).isEqualTo(3L);
      assertThat(h5.getChildren().keySet())
          .containsExactlyInAnyOrder(
              "id", "id__missing", "score", "ok", "ok__missing", "name", "name__missing", "img", "img__missing");
      assertThat((long[]) h5.getDatasetByPath("id").getData()).containsExactly(1L, 0L, -5L);
      assertThat(h5.getDatasetByPath("id__missing").getDimensions()).containsExactly(3);
      assertThat(flatInts(h5.getDatasetByPath("id__missing").getData())).containsExactly(0, 1, 0);
      assertThat((double[]) h5.getDatasetByPath("score").getData()).containsExactly(0.5, Double.NaN, 2.25);
      assertThat(flatInts(h5.getDatasetByPath("ok").getData())).containsExactly(1, 0, 0);
      assertThat(flatInts(h5.getDatasetByPath("ok__missing").getData())).containsExactly(0, 0, 1);
      assertThat((String[]) h5.getDatasetByPath("name").getData()).containsExactly("hello", "你好🙂", "");
      assertThat(h5.getDatasetByPath("img").getDimensions()).containsExactly(3, 2, 3);
      assertThat(flatInts(h5.getDatasetByPath("img").getData()))
          .containsExactly(0, 1, 2, 3, 4, 255, 0, 0, 0, 0, 0, 0, 9, 9, 9, 9, 9, 128);
      assertThat(flatInts(h5.getDatasetByPath("img__missing").getData())).containsExactly(0, 1, 0);
    }
  }

  @Test
  void writes_colour_images_as_n_h_w_c() throws Exception {
    Path file = tmp.resolve("c.h5");
    byte[] px = {1, 2, 3, 4, 5, 6};
    hdf5.write(Tables.of(tmp, List.of("pic"), new Object[] {new Image(1, 2, 3, px)}), file);

    try (HdfFile h5 = new HdfFile(file)) {
      assertThat(h5.getDatasetByPath("pic").getDimensions()).containsExactly(1, 1, 2, 3);
      assertThat(flatInts(h5.getDatasetByPath("pic").getData())).containsExactly(1, 2, 3, 4, 5, 6);
      assertThat(h5.getChildren()).doesNotContainKey("pic__missing");
    }
  }

  @Test
  void refuses_images_of_different_shapes_naming_the_row() {
    Object[][] rows = {{new Image(1, 1, 1, new byte[1])}, {new Image(1, 2, 1, new byte[2])}};

    assertThatThrownBy(() -> hdf5.write(Tables.of(tmp, List.of("pic"), rows), tmp.resolve("x.h5")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("row 2, column 'pic'")
        .hasMessageContaining("one shape");
  }

  @Test
  void is_readable_by_h5py_with_uint8_images_and_utf8_text() throws Exception {
    Assumptions.assumeTrue(python("import h5py").exit == 0, "python3-h5py is not installed");
    Path file = writeSample();

    Run run =
        python(
            "import h5py, sys\n"
                + "f = h5py.File(sys.argv[1], 'r')\n"
                + "print(f.attrs['rows'])\n"
                + "print(f['id'].dtype, f['id'][()].tolist(), f['id__missing'][()].tolist())\n"
                + "print(f['score'].dtype, f['score'][()].tolist())\n"
                + "print(f['ok'].dtype, f['ok'][()].tolist())\n"
                + "print('|'.join(f['name'].asstr()[()]))\n"
                + "print(f['img'].dtype, f['img'].shape, f['img'][2].tolist())\n",
            file.toString());

    assertThat(run.exit).as(run.out).isEqualTo(0);
    assertThat(run.out.strip().split("\n"))
        .containsExactly(
            "3",
            "int64 [1, 0, -5] [0, 1, 0]",
            "float64 [0.5, nan, 2.25]",
            "uint8 [1, 0, 0]",
            "hello|你好🙂|",
            "uint8 (3, 2, 3) [[9, 9, 9], [9, 9, 128]]");
  }

  @Test
  void writes_only_the_row_count_for_an_empty_table() throws Exception {
    Path file = tmp.resolve("e.h5");
    hdf5.write(Tables.of(tmp, List.of("x")), file);

    try (HdfFile h5 = new HdfFile(file)) {
      assertThat(h5.getAttribute("rows").getData()).isEqualTo(0L);
      assertThat(h5.getChildren()).isEmpty();
    }
  }

  @Test
  void is_registered_as_an_output() {
    assertThat(Formats.output("hdf5", "t").extension()).isEqualTo("h5");
  }

  private record Run(int exit, String out) {}

  private static Run python(String script, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/python3", "-c", script));
    cmd.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      return new Run(-1, e.getMessage());
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Run(-1, "timed out: " + out);
    }
    return new Run(p.exitValue(), out);
  }

  /** Any nested array of ints, shorts or bytes (however jhdf returns uint8) as a flat int array. */
  private static int[] flatInts(Object array) {
    java.util.stream.IntStream.Builder b = java.util.stream.IntStream.builder();
    flatten(array, b);
    return b.build().toArray();
  }

  private static void flatten(Object a, java.util.stream.IntStream.Builder b) {
    if (a instanceof int[] ints) {
      for (int v : ints) {
        b.add(v);
      }
    } else if (a instanceof short[] s) {
      for (short v : s) {
        b.add(v);
      }
    } else if (a instanceof byte[] bytes) {
      for (byte v : bytes) {
        b.add(v & 0xFF);
      }
    } else {
      for (Object o : (Object[]) a) {
        flatten(o, b);
      }
    }
  }
}
