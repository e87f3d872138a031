package dev.fabrica.data;

import dev.fabrica.core.Reporter;
import dev.fabrica.data.engine.Pipeline;
import dev.fabrica.data.engine.PrepReport;
import dev.fabrica.data.recipe.RecipeParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes input files and a recipe into a temporary directory and runs them. */
public final class PrepFixture {
  private final Path dir;

  public PrepFixture(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  public Path write(String name, String content) {
    try {
      Path p = dir.resolve(name);
      Files.createDirectories(p.getParent());
      Files.writeString(p, content, StandardCharsets.UTF_8);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path writeBytes(String name, byte[] content) {
    try {
      Path p = dir.resolve(name);
      Files.write(p, content);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a YAML recipe given as text; the recipe file is {@code recipe.yaml} in the fixture dir. */
  public PrepReport run(String recipeYaml) {
    return run(recipeYaml, false);
  }

  public PrepReport run(String recipeYaml, boolean overwrite) {
    Path recipe = write("recipe.yaml", recipeYaml);
    return Pipeline.run(RecipeParser.parse(recipe), new Pipeline.Options(42, overwrite, null, Reporter.silent(), false));
  }

  public String read(String name) {
    try {
      return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public List<String> lines(String name) {
    return read(name).lines().toList();
  }

  public boolean exists(String name) {
    return Files.exists(dir.resolve(name));
  }
}
