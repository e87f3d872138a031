package dev.fabrica.data.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.fabrica.core.Json;
import dev.fabrica.data.text.TextCleaner.Options;
import dev.fabrica.data.text.TextCleaner.Removal;
import dev.fabrica.data.text.TextCleaner.Whitespace;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Checks {@code remove: [punctuation, symbols]} against Python's {@code re.sub(r'[^\w\s]', '', x)},
 * run by Debian's {@code /usr/bin/python3}; skipped where that is missing.
 */
class TextCleanerPythonParityTest {
  private static final Path PYTHON = Path.of("/usr/bin/python3");

  /** Texts where both agree. Only Unicode 13 characters: Java 17 knows no later ones. */
  private static final List<String> SAME =
      List.of(
          "今天天气不错！",
          "Hello, world!",
          "Hello,world",
          "Ça coûte 5€ — d'accord?",
          "Привет, мир!",
          "I ❤️ you",
          "family 👨‍👩‍👧 here",
          "ok👍🏽 fine",
          "1️⃣ first",
          "#️⃣ hash",
          "flag 🏴󠁧󠁢󠁳󠁣󠁴󠁿 and 🇨🇳!",
          "「引用」《书名》，句号。",
          "東京は晴れです。",
          "서울에 가요!",
          "x² + y² = z²",
          "½ cup, ⅓ spoon",
          "price: $5.99 (USD)",
          "email@example.com",
          "tab\there\nnewline",
          "ideographic\u3000space",
          "“quotes” ‘single’ «guillemets»",
          "¿Qué tal? ¡Bien!",
          "emoji at end 😀",
          "🙂🙃😉",
          "math ∑∫√∞ ≠ ≤",
          "arrows → ← ↑",
          "Ⅻ roman numeral",
          "数字１２３ fullwidth",
          "мир-труд-май",
          "a…b–c—d");

  /** Texts where fabrica differs on purpose, with what fabrica gives. */
  private static final Map<String, String> DIFFERENT =
      Map.of(
          // underscore is Pc: punctuation to fabrica, a word character to Python
          "snake_case_name", "snakecasename",
          // combining marks (Mn, Mc) are parts of letters: Python's \w drops them
          "नमस्ते दुनिया", "नमस्ते दुनिया",
          "مَرْحَبًا", "مَرْحَبًا",
          // a decomposed accent (e + U+0301) is kept whole
          "cafe\u0301", "cafe\u0301",
          // ZWNJ (Cf) between letters is meaningful in Persian; Python drops it
          "می\u200cخواهم", "می\u200cخواهم");

  @Test
  void removing_punctuation_and_symbols_matches_python_except_listed_cases() throws Exception {
    assumeTrue(Files.isExecutable(PYTHON), "no /usr/bin/python3");
    List<String> inputs = new ArrayList<>(SAME);
    inputs.addAll(DIFFERENT.keySet());
    List<String> python = runPython(inputs);
    TextCleaner fabrica =
        new TextCleaner(
            new Options(
                EnumSet.of(Removal.PUNCTUATION, Removal.SYMBOLS), Whitespace.KEEP, false, false,
                null, "", ""));
    for (int i = 0; i < inputs.size(); i++) {
      String in = inputs.get(i);
      String ours = fabrica.clean(in);
      if (DIFFERENT.containsKey(in)) {
        assertThat(ours).as("fabrica on %s", in).isEqualTo(DIFFERENT.get(in));
        assertThat(python.get(i)).as("python still differs on %s", in).isNotEqualTo(ours);
      } else {
        assertThat(ours).as("on %s", in).isEqualTo(python.get(i));
      }
    }
  }

  private static List<String> runPython(List<String> inputs) throws Exception {
    String script =
        "import json, re, sys\n"
            + "xs = json.loads(sys.stdin.buffer.read().decode('utf-8'))\n"
            + "sys.stdout.write(json.dumps([re.sub(r'[^\\w\\s]', '', x) for x in xs]))\n";
    Process p = new ProcessBuilder(PYTHON.toString(), "-c", script).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(Json.MAPPER.writeValueAsString(inputs).getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(p.getErrorStream().readAllBytes())).isZero();
    return Json.MAPPER.readValue(out, new TypeReference<List<String>>() {});
  }
}
