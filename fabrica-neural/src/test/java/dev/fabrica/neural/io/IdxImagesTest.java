package dev.fabrica.neural.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fabrica.core.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxImagesTest {
  @TempDir Path dir;

  /** Three 2×3 images whose pixels are 0, 1, ..., 17, except pixel 5 of image 0, which is 255. */
  private static byte[] pixels() {
    byte[] p = new byte[18];
    for (int i = 0; i < p.length; i++) {
      p[i] = (byte) i;
    }
    p[5] = (byte) 255;
    return p;
  }

  @Test
  void write_then_load_round_trips_pixels_and_labels_through_gzip() {
    Path images = dir.resolve("x-images.idx.gz");
    Path labels = dir.resolve("x-labels.idx.gz");

    IdxImages.write(images, 2, 3, pixels(), 3);
    IdxImages.writeLabels(labels, new int[] {7, 0, 255});
    IdxImages loaded = IdxImages.load(images, labels);

    assertThat(loaded.count()).isEqualTo(3);
    assertThat(loaded.rows()).isEqualTo(2);
    assertThat(loaded.cols()).isEqualTo(3);
    assertThat(loaded.pixels()).isEqualTo(pixels());
    assertThat(loaded.labels()).containsExactly(7, 0, 255);
  }

  @Test
  void detects_plain_files_by_content_whatever_their_name() throws IOException {
    Path images = dir.resolve("plain.gz");
    Files.write(images, idx(2051, new int[] {3, 2, 3}, pixels()));

    IdxImages loaded = IdxImages.load(images, null);

    assertThat(loaded.pixels()).isEqualTo(pixels());
    assertThat(loaded.labels()).isNull();
  }

  @Test
  void image_scales_to_zero_one_or_minus_one_to_one() {
    IdxImages img = new IdxImages(3, 2, 3, pixels(), null);

    assertThat(img.image(0, false)).containsExactly(new float[] {0, 1 / 255f, 2 / 255f, 3 / 255f,
        4 / 255f, 1f}, within(1e-7f));
    assertThat(img.image(0, true)[0]).isEqualTo(-1f);
    assertThat(img.image(0, true)[5]).isEqualTo(1f);
  }

  @Test
  void batch_fills_images_in_the_order_of_the_indexes() {
    IdxImages img = new IdxImages(3, 2, 3, pixels(), null);

    float[] b = img.batch(new int[] {2, 0, 2}, false);

    assertThat(b).hasSize(18);
    assertThat(b[0] * 255f).isCloseTo(12f, within(1e-4f));
    assertThat(b[6]).isZero();
    assertThat(Arrays.copyOfRange(b, 12, 18)).isEqualTo(Arrays.copyOfRange(b, 0, 6));
    assertThatThrownBy(() -> img.batch(new int[] {3}, false))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("image 3 of 3");
  }

  @Test
  void rejects_a_labels_file_given_as_images_saying_expected_and_found_magic() throws IOException {
    Path labels = dir.resolve("labels");
    Files.write(labels, idx(2049, new int[] {3}, new byte[3]));

    assertThatThrownBy(() -> IdxImages.load(labels, null))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(labels.toString())
        .hasMessageContaining("magic number expected 2051 (0x00000803), found 2049");
  }

  @Test
  void rejects_an_images_file_given_as_labels() throws IOException {
    Path images = dir.resolve("images");
    Files.write(images, idx(2051, new int[] {3, 2, 3}, pixels()));

    assertThatThrownBy(() -> IdxImages.load(images, images))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("magic number expected 2049 (0x00000801), found 2051");
  }

  @Test
  void rejects_a_truncated_file_saying_how_many_bytes_were_expected_and_found() throws IOException {
    Path images = dir.resolve("cut.gz");
    Files.write(images, gzip(idx(2051, new int[] {3, 2, 3}, Arrays.copyOf(pixels(), 10))));

    assertThatThrownBy(() -> IdxImages.load(images, null))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(images.toString())
        .hasMessageContaining("truncated: 3 images of 2x3 need 34 bytes, found 26");
  }

  @Test
  void rejects_a_file_shorter_than_its_header() throws IOException {
    Path images = dir.resolve("short");
    Files.write(images, new byte[] {0, 0, 8, 3, 0});

    assertThatThrownBy(() -> IdxImages.load(images, null))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("header needs 16 bytes, found 5");
  }

  @Test
  void rejects_image_and_label_counts_that_differ() throws IOException {
    Path images = dir.resolve("i");
    Path labels = dir.resolve("l");
    IdxImages.write(images, 2, 3, pixels(), 3);
    IdxImages.writeLabels(labels, new int[] {1, 2});

    assertThatThrownBy(() -> IdxImages.load(images, labels))
        .isInstanceOf(BadInputException.class)
        .hasMessage(images + " holds 3 images but " + labels + " holds 2 labels");
  }

  @Test
  void rejects_a_missing_path_naming_it() {
    Path images = dir.resolve("nope.gz");

    assertThatThrownBy(() -> IdxImages.load(images, null))
        .isInstanceOf(BadInputException.class)
        .hasMessage(images + ": no such file");
  }

  @Test
  void fashion_mnist_names_the_directory_and_the_expected_files_when_missing() {
    assertThatThrownBy(() -> IdxImages.fashionMnist(dir, true))
        .isInstanceOf(BadInputException.class)
        .hasMessage(dir + ": expected train-images-idx3-ubyte.gz or train-images-idx3-ubyte there,"
            + " found neither");
    assertThatThrownBy(() -> IdxImages.fashionMnist(dir.resolve("absent"), false))
        .hasMessageContaining("t10k-images-idx3-ubyte.gz or t10k-images-idx3-ubyte, but the"
            + " directory does not exist");
  }

  @Test
  void fashion_mnist_finds_plain_and_gzip_files_in_a_directory() throws IOException {
    IdxImages.write(dir.resolve("t10k-images-idx3-ubyte.gz"), 2, 3, pixels(), 3);
    Files.write(dir.resolve("t10k-labels-idx1-ubyte"), idx(2049, new int[] {3}, new byte[] {4, 5, 6}));

    IdxImages test = IdxImages.fashionMnist(dir, false);

    assertThat(test.labels()).containsExactly(4, 5, 6);
  }

  @Test
  void reads_the_real_fashion_mnist_test_set_when_installed() {
    Path fm = Path.of(System.getProperty("fabrica.fashionMnist", "/usr/share/datasets/fashion-mnist"));
    Assumptions.assumeTrue(Files.isRegularFile(fm.resolve("t10k-images-idx3-ubyte.gz")),
        "Fashion-MNIST is not installed");

    IdxImages test = IdxImages.fashionMnist(fm, false);

    assertThat(test.count()).isEqualTo(10_000);
    assertThat(test.rows()).isEqualTo(28);
    assertThat(test.cols()).isEqualTo(28);
    // the same labels and pixel sum of image 0 as IdxFormatTest, read by Python's gzip module
    assertThat(Arrays.copyOf(test.labels(), 5)).containsExactly(9, 2, 1, 1, 6);
    double sum = 0;
    for (float v : test.image(0, false)) {
      sum += v * 255;
    }
    assertThat(sum).isCloseTo(33456, within(0.01));
  }

  private static byte[] idx(int magic, int[] dims, byte[] data) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.writeInt(magic);
    for (int dim : dims) {
      d.writeInt(dim);
    }
    d.write(data);
    return b.toByteArray();
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(b)) {
      gz.write(data);
    }
    return b.toByteArray();
  }
}
