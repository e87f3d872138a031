package dev.fabrica.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedDirectoryTest {
  @TempDir Path tmp;

  @Test
  void commit_moves_the_staged_files_into_place() throws IOException {
    Path target = tmp.resolve("out");
    try (StagedDirectory dir = StagedDirectory.create(target, false)) {
      Files.writeString(dir.path().resolve("a.txt"), "hello");
      assertThat(target).doesNotExist();
      dir.commit();
    }
    assertThat(target.resolve("a.txt")).hasContent("hello");
    assertThat(siblings()).containsExactly("out");
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
        .isEqualTo("rwxr-xr-x");
  }

  @Test
  void failure_before_commit_leaves_nothing_behind() throws IOException {
    Path target = tmp.resolve("out");
    assertThatThrownBy(
            () -> {
              try (StagedDirectory dir = StagedDirectory.create(target, false)) {
                Files.writeString(dir.path().resolve("half.csv"), "a,b\n1,");
                throw new IllegalStateException("crash");
              }
            })
        .hasMessage("crash");
    assertThat(target).doesNotExist();
    assertThat(siblings()).isEmpty();
  }

  @Test
  void rejects_an_existing_directory_unless_overwriting() throws IOException {
    Path target = Files.createDirectories(tmp.resolve("out"));
    Files.writeString(target.resolve("old.txt"), "old");
    assertThatThrownBy(() -> StagedDirectory.create(target, false))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("already exists")
        .hasMessageContaining("--overwrite");
    try (StagedDirectory dir = StagedDirectory.create(target, true)) {
      Files.writeString(dir.path().resolve("new.txt"), "new");
      dir.commit();
    }
    assertThat(target.resolve("old.txt")).doesNotExist();
    assertThat(target.resolve("new.txt")).hasContent("new");
    assertThat(siblings()).containsExactly("out");
  }

  @Test
  void atomic_write_failure_keeps_the_old_file() throws IOException {
    Path file = tmp.resolve("model.json");
    Files.writeString(file, "old");
    assertThatThrownBy(
            () ->
                AtomicFiles.write(
                    file,
                    out -> {
                      out.write("partial".getBytes());
                      throw new IOException("disk full");
                    }))
        .hasMessageContaining("disk full");
    assertThat(file).hasContent("old");
    assertThat(siblings()).containsExactly("model.json");
    AtomicFiles.writeString(file, "new");
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r--r--");
  }

  private java.util.List<String> siblings() throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
