package dev.fabrica.cli;

import dev.fabrica.core.AtomicFiles;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import dev.fabrica.core.Reporter;
import dev.fabrica.data.format.RowSource;
import dev.fabrica.data.format.TextFormat;
import dev.fabrica.data.recipe.Params;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The demo's real text: Debian's fortune files, English ({@code fortunes}) and Chinese ({@code
 * fortunes-zh}: Tang and Song poems, Chinese sayings), installed with apt-get when missing and
 * allowed, collected into one JSONL file with {@code text}, {@code source} and {@code language}.
 */
final class FortuneCorpus {
  static final Path DEBIAN_DIR = Path.of("/usr/share/games/fortunes");
  static final Set<String> CHINESE = Set.of("tang300", "song100", "chinese");

  private FortuneCorpus() {}

  /** One fortune file and how many entries it gave. */
  record Source(String name, String language, long entries, String rawExample) {}

  /** Makes sure the fortune files are there, installing the Debian packages if allowed. */
  static Path locate(Path dir, boolean install, Reporter rep) {
    if (hasBoth(dir)) {
      return dir;
    }
    if (install && dir.equals(DEBIAN_DIR) && canApt()) {
      rep.info("demo: installing Debian's fortunes and fortunes-zh (apt-get) ...");
      if (!apt("install", "-y", "-qq", "fortunes", "fortunes-zh")) {
        apt("update", "-qq");
        apt("install", "-y", "-qq", "fortunes", "fortunes-zh");
      }
    }
    if (!hasEnglish(dir) && !hasChinese(dir)) {
      throw new BadInputException("no fortune files in " + dir + ": install Debian's text datasets ("
          + "sudo apt-get install fortunes fortunes-zh) or pass --fortunes DIR with fortune files");
    }
    if (!hasBoth(dir)) {
      rep.warn("only " + (hasEnglish(dir) ? "English" : "Chinese") + " fortunes found in " + dir
          + " (apt-get install fortunes fortunes-zh gives both)");
    }
    return dir;
  }

  private static boolean hasEnglish(Path dir) {
    return Files.isRegularFile(dir.resolve("fortunes"));
  }

  private static boolean hasChinese(Path dir) {
    return Files.isRegularFile(dir.resolve("tang300"));
  }

  private static boolean hasBoth(Path dir) {
    return hasEnglish(dir) && hasChinese(dir);
  }

  static boolean canApt() {
    return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/apt-get"));
  }

  static boolean apt(String... args) {
    List<String> cmd = new ArrayList<>(List.of("apt-get"));
    cmd.addAll(List.of(args));
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
      pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
      return pb.start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The fortune files of {@code dir}: files without an extension, sorted by name. */
  static List<Path> files(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().contains("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads every entry of every file into {@code out} (JSONL: text, source, language), at most
   * {@code maxPerSource} per file when positive.
   */
  static List<Source> collect(Path dir, Path out, int maxPerSource) {
    List<Source> sources = new ArrayList<>();
    AtomicFiles.write(out, os -> {
      for (Path f : files(dir)) {
        String name = f.getFileName().toString();
        String lang = CHINESE.contains(name) ? "zh" : "en";
        // a file is read whole before any of it is written, so one that is not UTF-8 fortunes
        // (a legacy encoding, say) is skipped entirely rather than half included
        List<String> entries = new ArrayList<>();
        try (RowSource src = TextFormat.fortune().open(f, Params.empty("fortune"))) {
          src.read(row -> {
            if (maxPerSource <= 0 || entries.size() < maxPerSource) {
              entries.add((String) row.get(0));
            }
          });
        } catch (BadInputException e) {
          continue;
        }
        for (String text : entries) {
          Map<String, Object> rec = new LinkedHashMap<>();
          rec.put("text", text);
          rec.put("source", name);
          rec.put("language", lang);
          os.write(Json.compact(rec).getBytes(StandardCharsets.UTF_8));
          os.write('\n');
        }
        sources.add(new Source(name, lang, entries.size(), rawExample(f)));
      }
    });
    return sources;
  }

  /** The first lines of a file as they are on disk, escape characters made visible. */
  private static String rawExample(Path f) {
    try (Stream<String> lines = Files.lines(f, StandardCharsets.UTF_8)) {
      return String.join("\n", lines.limit(3).map(l -> l.replace("\u001b", "␛")).toList());
    } catch (IOException | UncheckedIOException e) {
      return "";
    }
  }
}
