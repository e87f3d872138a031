package dev.fabrica.data.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Image;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFormatTest {
  @TempDir Path tmp;
  private final IdxFormat idx = new IdxFormat();

  /** Three seeded 4x3 grey images with labels 0, 7, 255. */
  private static Object[][] rows() {
    Random rnd = new Random(42);
    long[] labels = {0, 7, 255};
    Object[][] rows = new Object[3][];
    for (int i = 0; i < 3; i++) {
      byte[] px = new byte[12];
      rnd.nextBytes(px);
      rows[i] = new Object[] {new Image(4, 3, 1, px), labels[i]};
    }
    return rows;
  }

  private static byte[] idxBytes(int magic, int[] dims, byte[] body) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(b);
    out.writeInt(magic);
    for (int d : dims) {
      out.writeInt(d);
    }
    out.write(body);
    return b.toByteArray();
  }

  private static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    try (OutputStream g = new GZIPOutputStream(bo)) {
      g.write(b);
    }
    return bo.toByteArray();
  }

  @Test
  void writes_images_and_sibling_labels_that_read_back_equal() throws Exception {
    Object[][] rows = rows();
    Path file = tmp.resolve("train.idx");

    idx.write(Tables.of(tmp, List.of("image", "label"), rows), file);

    assertThat(IdxFormat.labelsFileFor(file)).isEqualTo(tmp.resolve("train-labels.idx"));
    assertThat(Files.size(file)).isEqualTo(16 + 3 * 12);
    assertThat(Files.size(tmp.resolve("train-labels.idx"))).isEqualTo(8 + 3);
    assertThat(Tables.read(idx, file)).isEqualTo(Tables.lists(rows));
  }

  @Test
  void reads_gzip_files_by_their_magic_bytes_and_finds_mnist_style_labels() throws Exception {
    byte[] px = {1, 2, 3, 4, (byte) 200, 6, 7, 8};
    // gzip data under a name without .gz; plain labels
    Files.write(tmp.resolve("t10k-images-idx3-ubyte"), gzip(idxBytes(0x803, new int[] {2, 2, 2}, px)));
    Files.write(tmp.resolve("t10k-labels-idx1-ubyte"), idxBytes(0x801, new int[] {2}, new byte[] {3, 9}));

    assertThat(Tables.read(idx, tmp.resolve("t10k-images-idx3-ubyte")))
        .isEqualTo(
            Tables.lists(
                new Object[] {new Image(2, 2, 1, new byte[] {1, 2, 3, 4}), 3L},
                new Object[] {new Image(2, 2, 1, new byte[] {(byte) 200, 6, 7, 8}), 9L}));
  }

  @Test
  void takes_a_labels_option_relative_to_the_images_folder() throws Exception {
    Files.write(tmp.resolve("imgs.bin"), idxBytes(0x803, new int[] {1, 1, 1}, new byte[] {5}));
    Files.createDirectories(tmp.resolve("meta"));
    Files.write(tmp.resolve("meta/l.bin"), gzip(idxBytes(0x801, new int[] {1}, new byte[] {4})));

    List<List<Object>> read =
        Tables.read(idx, tmp.resolve("imgs.bin"), Params.of("recipe.yaml: input", Map.of("labels", "meta/l.bin")));

    assertThat(read).isEqualTo(Tables.lists(new Object[] {new Image(1, 1, 1, new byte[] {5}), 4L}));
    assertThatThrownBy(
            () -> idx.open(tmp.resolve("imgs.bin"), Params.of("recipe.yaml: input", Map.of("labels", "nope"))))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("recipe.yaml: input.labels: no such file");
  }

  @Test
  void reads_images_without_labels_when_none_are_found() throws Exception {
    Files.write(tmp.resolve("x.idx"), idxBytes(0x803, new int[] {1, 1, 2}, new byte[] {5, 6}));

    try (RowSource src = idx.open(tmp.resolve("x.idx"), Params.empty("t"))) {
      assertThat(src.columns()).containsExactly("image");
      assertThat(src.estimatedRows()).isEqualTo(1);
    }
  }

  @Test
  void rejects_a_wrong_magic_a_truncated_file_and_a_count_mismatch_naming_the_file() throws Exception {
    Path bad = tmp.resolve("bad.idx");
    Files.write(bad, idxBytes(0x0D03, new int[] {1, 1, 1}, new byte[] {0}));
    assertThatThrownBy(() -> Tables.read(idx, bad))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(bad + ": not an IDX file");

    Path shortFile = tmp.resolve("short.idx");
    Files.write(shortFile, gzip(idxBytes(0x803, new int[] {3, 2, 2}, new byte[9])));
    assertThatThrownBy(() -> Tables.read(idx, shortFile))
        .isInstanceOf(BadInputException.class)
        .hasMessage(shortFile + ": truncated at record 3 of 3 (file ends early)");

    Path header = tmp.resolve("header.idx");
    Files.write(header, new byte[] {0, 0, 8, 3, 0});
    assertThatThrownBy(() -> Tables.read(idx, header))
        .isInstanceOf(BadInputException.class)
        .hasMessage(header + ": truncated IDX header");

    Path images = tmp.resolve("a-images-idx3-ubyte");
    Files.write(images, idxBytes(0x803, new int[] {2, 1, 1}, new byte[] {1, 2}));
    Path labels = tmp.resolve("a-labels-idx1-ubyte");
    Files.write(labels, idxBytes(0x801, new int[] {3}, new byte[] {1, 2, 3}));
    assertThatThrownBy(() -> Tables.read(idx, images))
        .isInstanceOf(BadInputException.class)
        .hasMessage(labels + ": holds 3 labels but " + images + " holds 2 images");
  }

  @Test
  void refuses_to_write_images_of_different_sizes_or_colour() {
    Object[][] mixed = {
      {new Image(2, 2, 1, new byte[4])}, {new Image(2, 3, 1, new byte[6])},
    };
    assertThatThrownBy(() -> idx.write(Tables.of(tmp, List.of("pic"), mixed), tmp.resolve("m.idx")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("row 2, column 'pic'")
        .hasMessageContaining("(2x2)");

    Object[][] rgb = {{new Image(1, 1, 3, new byte[3])}};
    assertThatThrownBy(() -> idx.write(Tables.of(tmp, List.of("pic"), rgb), tmp.resolve("c.idx")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("grey (1 channel)");
  }

  @Test
  void reads_the_first_records_of_the_real_fashion_mnist_test_set() throws Exception {
    Path dir = Path.of(System.getProperty("fabrica.fashionMnist", "/usr/share/datasets/fashion-mnist"));
    Path images = dir.resolve("t10k-images-idx3-ubyte.gz");
    Assumptions.assumeTrue(Files.isRegularFile(images), "Fashion-MNIST is not installed");

    List<Object[]> first = new ArrayList<>();
    long rows;
    try (RowSource src = idx.open(images, Params.empty("t"))) {
      assertThat(src.columns()).containsExactly("image", "label");
      rows = src.estimatedRows();
      src.read(
          r -> {
            if (first.size() < 5) {
              first.add(r.values());
            }
          });
    }

    assertThat(rows).isEqualTo(10_000);
    // Labels and the pixel sum of image 1 as read by Python's gzip module from the same files.
    assertThat(first.stream().map(v -> v[1])).containsExactly(9L, 2L, 1L, 1L, 6L);
    Image img = (Image) first.get(0)[0];
    assertThat(img.height()).isEqualTo(28);
    assertThat(img.width()).isEqualTo(28);
    int sum = 0;
    for (byte b : img.pixels()) {
      sum += b & 0xFF;
    }
    assertThat(sum).isEqualTo(33456);
  }

  @Test
  void is_registered_for_input_and_output() {
    assertThat(Formats.input("idx", "t")).isInstanceOf(IdxFormat.class);
    assertThat(Formats.output("idx", "t").extension()).isEqualTo("idx");
  }
}
