package dev.fabrica.neural.io;

import dev.fabrica.core.AtomicFiles;
import dev.fabrica.core.BadInputException;
import java.io.BufferedInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * MNIST / Fashion-MNIST images held as one flat unsigned byte array, for fast batches. The IDX
 * format is a big-endian int32 magic (2051 = {@code 0x00000803} for N×H×W uint8 images, 2049 =
 * {@code 0x00000801} for N uint8 labels), the dimensions as big-endian int32, then the bytes.
 * Files may be gzip-compressed, recognised by their first two bytes rather than their name.
 *
 * @param count the number of images N
 * @param rows the height H of each image
 * @param cols the width W of each image
 * @param pixels N·H·W unsigned bytes, image-major then row-major (not copied: do not change it)
 * @param labels N labels 0..255, or null when no labels file was given
 */
public record IdxImages(int count, int rows, int cols, byte[] pixels, int[] labels) {
  static final int IMAGES_MAGIC = 0x00000803;
  static final int LABELS_MAGIC = 0x00000801;

  /** Checks that the arrays hold {@code count} images of {@code rows × cols}. */
  public IdxImages {
    if (count < 0 || rows <= 0 || cols <= 0) {
      throw new IllegalArgumentException(
          "need count >= 0 and positive rows, cols; got " + count + "x" + rows + "x" + cols);
    }
    if (pixels.length != (long) count * rows * cols) {
      throw new IllegalArgumentException(count + " images of " + rows + "x" + cols + " need "
          + (long) count * rows * cols + " pixels, got " + pixels.length);
    }
    if (labels != null && labels.length != count) {
      throw new IllegalArgumentException(count + " images need as many labels, got " + labels.length);
    }
  }

  /**
   * Reads an images file and, when {@code labels} is not null, its labels file.
   *
   * @throws BadInputException naming the file when it is missing, has the wrong magic number, is
   *     truncated, or when the two files hold different counts
   */
  public static IdxImages load(Path images, Path labels) {
    IdxImages img = read(images, IMAGES_MAGIC);
    if (labels == null) {
      return img;
    }
    IdxImages lab = read(labels, LABELS_MAGIC);
    if (lab.count != img.count) {
      throw new BadInputException(images + " holds " + img.count + " images but " + labels
          + " holds " + lab.count + " labels");
    }
    int[] l = new int[lab.count];
    for (int i = 0; i < l.length; i++) {
      l[i] = lab.pixels[i] & 0xFF;
    }
    return new IdxImages(img.count, img.rows, img.cols, img.pixels, l);
  }

  /**
   * Reads Fashion-MNIST (or MNIST) from {@code dir}: {@code train-images-idx3-ubyte} and {@code
   * train-labels-idx1-ubyte}, or the {@code t10k-} pair when {@code train} is false, each with or
   * without {@code .gz}.
   */
  public static IdxImages fashionMnist(Path dir, boolean train) {
    String prefix = train ? "train" : "t10k";
    return load(find(dir, prefix + "-images-idx3-ubyte"), find(dir, prefix + "-labels-idx1-ubyte"));
  }

  /** The number of values in one image, H·W. */
  public int imageSize() {
    return rows * cols;
  }

  /** Image {@code i} as H·W floats in [0, 1], or in [-1, 1] when {@code minusOneToOne}. */
  public float[] image(int i, boolean minusOneToOne) {
    return batch(new int[] {i}, minusOneToOne);
  }

  /**
   * The images at {@code indexes}, scaled like {@link #image}, one after another.
   *
   * @return N·H·W floats, N = indexes.length, ready for an (N, 1, H, W) tensor
   */
  public float[] batch(int[] indexes, boolean minusOneToOne) {
    int size = imageSize();
    float[] out = new float[Math.multiplyExact(indexes.length, size)];
    float scale = minusOneToOne ? 2f / 255f : 1f / 255f;
    float shift = minusOneToOne ? -1f : 0f;
    for (int n = 0; n < indexes.length; n++) {
      int i = indexes[n];
      if (i < 0 || i >= count) {
        throw new IndexOutOfBoundsException("image " + i + " of " + count);
      }
      int src = i * size;
      int dst = n * size;
      for (int k = 0; k < size; k++) {
        out[dst + k] = (pixels[src + k] & 0xFF) * scale + shift;
      }
    }
    return out;
  }

  /**
   * Writes {@code count} images of {@code rows × cols} unsigned bytes as a gzip IDX images file,
   * atomically.
   */
  public static void write(Path file, int rows, int cols, byte[] pixels, int count) {
    new IdxImages(count, rows, cols, pixels, null); // validates the sizes
    writeIdx(file, IMAGES_MAGIC, new int[] {count, rows, cols}, pixels);
  }

  /** Writes labels 0..255 as a gzip IDX labels file, atomically. */
  public static void writeLabels(Path file, int[] labels) {
    byte[] b = new byte[labels.length];
    for (int i = 0; i < b.length; i++) {
      if (labels[i] < 0 || labels[i] > 255) {
        throw new IllegalArgumentException("label " + i + " is " + labels[i] + ", not in 0..255");
      }
      b[i] = (byte) labels[i];
    }
    writeIdx(file, LABELS_MAGIC, new int[] {labels.length}, b);
  }

  private static void writeIdx(Path file, int magic, int[] dims, byte[] data) {
    AtomicFiles.write(file, out -> {
      GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16);
      DataOutputStream d = new DataOutputStream(gz);
      d.writeInt(magic);
      for (int dim : dims) {
        d.writeInt(dim);
      }
      d.write(data);
      d.flush();
      gz.finish(); // AtomicFiles closes the underlying stream
    });
  }

  /** Reads one IDX file; for a labels file the labels land in {@code pixels} with rows = cols = 1. */
  private static IdxImages read(Path file, int magic) {
    String kind = magic == IMAGES_MAGIC ? "images" : "labels";
    try (InputStream in = open(file)) {
      int headerBytes = magic == IMAGES_MAGIC ? 16 : 8;
      byte[] header = new byte[headerBytes];
      int got = in.readNBytes(header, 0, 4);
      int found = intAt(header, 0);
      if (got == 4 && found != magic) {
        throw new BadInputException(file + ": not an IDX " + kind + " file: magic number expected "
            + magic + " (0x" + String.format("%08x", magic) + "), found " + found + " (0x"
            + String.format("%08x", found) + ")");
      }
      got += in.readNBytes(header, got, headerBytes - got);
      if (got < headerBytes) {
        throw new BadInputException(file + ": truncated: an IDX " + kind + " header needs "
            + headerBytes + " bytes, found " + got);
      }
      int count = intAt(header, 4);
      int rows = magic == IMAGES_MAGIC ? intAt(header, 8) : 1;
      int cols = magic == IMAGES_MAGIC ? intAt(header, 12) : 1;
      long expected = (long) count * rows * cols;
      if (count < 0 || rows <= 0 || cols <= 0 || expected > Integer.MAX_VALUE - 8) {
        throw new BadInputException(file + ": bad dimensions " + Integer.toUnsignedString(count)
            + "x" + rows + "x" + cols + " in the header");
      }
      byte[] data = in.readNBytes((int) expected);
      if (data.length < expected) {
        throw new BadInputException(file + ": truncated: " + count + " " + kind + " of " + rows
            + "x" + cols + " need " + (headerBytes + expected) + " bytes, found "
            + (headerBytes + data.length));
      }
      if (in.read() >= 0) {
        throw new BadInputException(file + ": has bytes after the " + count + " " + kind
            + " its header announces");
      }
      return new IdxImages(count, rows, cols, data, null);
    } catch (NoSuchFileException e) {
      throw new BadInputException(file + ": no such file");
    } catch (ZipException | java.io.EOFException e) {
      throw new BadInputException(file + ": broken gzip data: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static InputStream open(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new BadInputException(file + ": is a directory, expected an IDX file");
    }
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    in.mark(2);
    boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
    in.reset();
    return gzip ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
  }

  private static Path find(Path dir, String name) {
    for (Path p : new Path[] {dir.resolve(name + ".gz"), dir.resolve(name)}) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new BadInputException(dir + ": expected " + name + ".gz or " + name
        + (Files.isDirectory(dir) ? " there, found neither" : ", but the directory does not exist"));
  }

  private static int intAt(byte[] b, int i) {
    return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
  }
}
