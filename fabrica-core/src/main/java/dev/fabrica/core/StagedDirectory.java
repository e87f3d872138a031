package dev.fabrica.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An output directory built in a hidden sibling and renamed into place by {@link #commit()}. Closing
 * without a commit deletes the sibling, so a crash or an error never leaves a half-written
 * directory at the target path.
 *
 * <pre>{@code
 * try (StagedDirectory out = StagedDirectory.create(target, overwrite)) {
 *   write(out.path().resolve("train.csv"));
 *   out.commit();
 * }
 * }</pre>
 */
public final class StagedDirectory implements AutoCloseable {
  private final Path target;
  private final Path staging;
  private final boolean overwrite;
  private boolean committed;

  private StagedDirectory(Path target, Path staging, boolean overwrite) {
    this.target = target;
    this.staging = staging;
    this.overwrite = overwrite;
  }

  /**
   * Starts staging {@code target}.
   *
   * @throws BadInputException when the target exists and {@code overwrite} is false
   */
  public static StagedDirectory create(Path target, boolean overwrite) {
    Path abs = target.toAbsolutePath().normalize();
    if (Files.exists(abs) && !overwrite) {
      throw new BadInputException(
          "output directory " + target + " already exists (pass --overwrite to replace it)");
    }
    try {
      Files.createDirectories(abs.getParent());
      Path staging = Files.createTempDirectory(abs.getParent(), "." + abs.getFileName() + ".staging-");
      AtomicFiles.publish(staging, true);
      return new StagedDirectory(abs, staging, overwrite);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a staging directory beside " + target, e);
    }
  }

  /** Where to write the files while staging. */
  public Path path() {
    return staging;
  }

  /** The final location. */
  public Path target() {
    return target;
  }

  /** Moves the staged directory into place, replacing an old one when overwriting is allowed. */
  public void commit() {
    try {
      if (Files.exists(target)) {
        if (!overwrite) {
          throw new BadInputException("output directory " + target + " appeared while writing");
        }
        Path old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old-");
        Files.delete(old);
        Files.move(target, old);
        AtomicFiles.move(staging, target);
        AtomicFiles.deleteRecursively(old);
      } else {
        AtomicFiles.move(staging, target);
      }
      committed = true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move " + staging + " to " + target, e);
    }
  }

  @Override
  public void close() {
    if (!committed) {
      AtomicFiles.deleteRecursively(staging);
    }
  }
}
