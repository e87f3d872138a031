package dev.fabrica.data.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.table.Image;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderFormatTest {
  @TempDir Path tmp;
  private final ImageFolderFormat images = new ImageFolderFormat();

  private Path png(String rel, BufferedImage img) throws Exception {
    Path p = tmp.resolve(rel);
    Files.createDirectories(p.getParent());
    assertThat(ImageIO.write(img, "png", p.toFile())).isTrue();
    return p;
  }

  @Test
  void reads_grey_rgb_and_rgba_pngs_with_labels_in_sorted_order() throws Exception {
    BufferedImage grey = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSample(2, 1, 0, 200);
    BufferedImage rgb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
    rgb.setRGB(0, 0, 0x102030);
    rgb.setRGB(1, 0, 0xFF8001);
    BufferedImage rgba = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
    rgba.setRGB(0, 0, 0x80112233);
    png("shirt/2.png", grey);
    png("shirt/10.png", rgba);
    png("boot/a.png", rgb);
    Files.writeString(tmp.resolve("boot/notes.txt"), "skipped");
    Files.writeString(tmp.resolve("README"), "skipped");

    List<List<Object>> rows = Tables.read(images, tmp);

    assertThat(rows).extracting(r -> r.get(0)).containsExactly("boot/a.png", "shirt/10.png", "shirt/2.png");
    assertThat(rows).extracting(r -> r.get(1)).containsExactly("boot", "shirt", "shirt");
    assertThat(rows.get(0).get(2)).isEqualTo(new Image(1, 2, 3, new byte[] {0x10, 0x20, 0x30, (byte) 0xFF, (byte) 0x80, 1}));
    assertThat(rows.get(1).get(2)).isEqualTo(new Image(1, 1, 4, new byte[] {0x11, 0x22, 0x33, (byte) 0x80}));
    assertThat(rows.get(2).get(2)).isEqualTo(new Image(2, 3, 1, new byte[] {0, 0, 0, 0, 0, (byte) 200}));
  }

  @Test
  void reads_jpeg_files_as_rgb() throws Exception {
    BufferedImage rgb = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
    Path p = tmp.resolve("sky/blue.jpg");
    Files.createDirectories(p.getParent());
    assertThat(ImageIO.write(rgb, "jpeg", p.toFile())).isTrue();

    Image img = (Image) Tables.read(images, tmp).get(0).get(2);

    assertThat(img.height()).isEqualTo(8);
    assertThat(img.channels()).isEqualTo(3);
  }

  @Test
  void rejects_an_unreadable_image_naming_the_file() throws Exception {
    Path bad = tmp.resolve("cat/broken.png");
    Files.createDirectories(bad.getParent());
    Files.writeString(bad, "this is not a png");

    assertThatThrownBy(() -> Tables.read(images, tmp))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(bad + ": not a readable image");
  }

  @Test
  void rejects_a_path_that_is_not_a_folder() throws Exception {
    Path file = Files.writeString(tmp.resolve("x.png"), "");

    assertThatThrownBy(() -> Tables.read(images, file))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(file.toString());
  }

  @Test
  void is_registered_as_the_input_for_folders() {
    assertThat(Formats.input("images", "t")).isInstanceOf(ImageFolderFormat.class);
    assertThat(Formats.inferInput(tmp, "t")).isEqualTo("images");
  }
}
