package dev.fabrica.data.format;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Image;
import dev.fabrica.data.table.Row;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A folder of labelled images: each subfolder's name is the label of the PNG and JPEG files in it
 * ({@code root/cat/001.png}). Rows have {@code path} (relative to the folder, with {@code /}),
 * {@code label} and {@code image}, ordered by label and then file name. Grey images give 1
 * channel, colour 3 and images with transparency 4 (RGBA); deeper than 8-bit samples are scaled to
 * 8 bits. Files with other extensions, hidden files and files directly in the folder are skipped.
 */
public final class ImageFolderFormat implements InputFormat {
  @Override
  public String name() {
    return "images";
  }

  @Override
  public RowSource open(Path path, Params options) throws IOException {
    if (!Files.isDirectory(path)) {
      throw new BadInputException(path + ": the images input needs a folder whose subfolders are labels");
    }
    List<Path> files = new ArrayList<>();
    for (Path labelDir : sorted(path)) {
      if (Files.isDirectory(labelDir) && !hidden(labelDir)) {
        for (Path f : sorted(labelDir)) {
          if (Files.isRegularFile(f) && !hidden(f) && isImageName(f)) {
            files.add(f);
          }
        }
      }
    }
    return new Source(path, files);
  }

  private static List<Path> sorted(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
          .toList();
    }
  }

  private static boolean hidden(Path p) {
    return p.getFileName().toString().startsWith(".");
  }

  private static boolean isImageName(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
  }

  /** Reads one image file, or fails naming it. */
  static Image readImage(Path file) {
    BufferedImage img;
    try {
      img = ImageIO.read(file.toFile());
    } catch (IOException | RuntimeException e) {
      throw new BadInputException(file + ": not a readable image (" + e.getMessage() + ")", e);
    }
    if (img == null) {
      throw new BadInputException(file + ": not a readable image (no decoder recognises it)");
    }
    return toImage(img);
  }

  /** An AWT image as 8-bit HWC pixels. */
  static Image toImage(BufferedImage img) {
    int h = img.getHeight();
    int w = img.getWidth();
    ColorModel cm = img.getColorModel();
    boolean grey = cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY
        && !cm.hasAlpha() && !(cm instanceof IndexColorModel);
    if (grey) {
      Raster r = img.getRaster();
      int shift = Math.max(0, cm.getComponentSize(0) - 8);
      byte[] px = new byte[h * w];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          px[y * w + x] = (byte) (r.getSample(x, y, 0) >>> shift);
        }
      }
      return new Image(h, w, 1, px);
    }
    int c = cm.hasAlpha() ? 4 : 3;
    byte[] px = new byte[h * w * c];
    int i = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int argb = img.getRGB(x, y);
        px[i++] = (byte) (argb >>> 16);
        px[i++] = (byte) (argb >>> 8);
        px[i++] = (byte) argb;
        if (c == 4) {
          px[i++] = (byte) (argb >>> 24);
        }
      }
    }
    return new Image(h, w, c, px);
  }

  private static final class Source implements RowSource {
    private final Path root;
    private final List<Path> files;

    Source(Path root, List<Path> files) {
      this.root = root;
      this.files = files;
    }

    @Override
    public List<String> columns() {
      return List.of("path", "label", "image");
    }

    @Override
    public long estimatedRows() {
      return files.size();
    }

    @Override
    public void read(Consumer<Row> sink) {
      long record = 0;
      for (Path f : files) {
        record++;
        String label = f.getParent().getFileName().toString();
        String rel = label + "/" + f.getFileName();
        sink.accept(new Row(new Object[] {rel, label, readImage(f)}, record));
      }
    }
  }
}
