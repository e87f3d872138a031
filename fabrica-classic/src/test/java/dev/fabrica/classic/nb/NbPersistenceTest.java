package dev.fabrica.classic.nb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** model.json round trips: the loaded model predicts, samples and keeps fitting exactly as before. */
class NbPersistenceTest {
  @TempDir Path dir;

  private void assertRoundTrip(NbModel m, NbData data) {
    Path file = dir.resolve(m.config().kind().id() + "/model.json");
    m.save(file);
    NbModel back = NbModel.load(file);
    assertThat(back.classes()).isEqualTo(m.classes());
    assertThat(back.config()).isEqualTo(m.config());
    assertThat(back.table()).isEqualTo(m.table());
    for (int i = 0; i < data.size(); i++) {
      assertThat(back.jointLogLikelihood(data.features(i))).containsExactly(m.jointLogLikelihood(data.features(i)));
    }
    assertThat(rows(back.sample(200, 3L))).isEqualTo(rows(m.sample(200, 3L)));
    NbModel more = m.partialFit(data.slice(0, 10));
    NbModel moreBack = back.partialFit(data.slice(0, 10));
    assertThat(moreBack.jointLogLikelihood(data.features(0))).containsExactly(more.jointLogLikelihood(data.features(0)));
  }

  private static List<List<Object>> rows(NbSamples s) {
    return s.rows().stream().map(r -> Arrays.asList(r.values())).toList();
  }

  @Test
  void every_kind_round_trips_through_model_json() throws IOException {
    String[][] cases = {{"gaussian-iris.json", "GAUSSIAN"}, {"multinomial-counts.json", "MULTINOMIAL"},
        {"bernoulli-counts.json", "BERNOULLI"}, {"categorical-codes.json", "CATEGORICAL"},
        {"complement-counts.json", "COMPLEMENT"}};
    for (String[] c : cases) {
      NbConfig config = NbConfig.defaults(NbKind.valueOf(c[1])).withSeed(17L);
      NbData data = NbSklearnParityTest.data(NbSklearnParityTest.golden(c[0]), config);
      assertRoundTrip(NbModel.fit(config, data), data);
    }
  }

  @Test
  void mixed_model_round_trips_and_its_json_is_readable() throws IOException {
    NbData data = NbSamplingTest.shop(300, 4L);
    NbModel m = NbModel.fit(NbSamplingTest.SHOP, data);
    assertRoundTrip(m, data);
    JsonNode root = Json.MAPPER.readTree(dir.resolve("mixed/model.json").toFile());
    assertThat(root.get("kind").asText()).isEqualTo("mixed");
    assertThat(root.get("fabrica_version").asText()).isNotEmpty();
    assertThat(root.get("classes")).hasSize(2);
    assertThat(root.get("data").get(0).get("fingerprint").asText()).isEqualTo(data.fingerprint());
    assertThat(root.get("table").get("columns").get(3).get("dist").asText()).isEqualTo("tokens");
    assertThat(Files.list(dir.resolve("mixed")).toList()).containsExactly(dir.resolve("mixed/model.json"));
  }

  @Test
  void loading_something_else_is_a_clear_error() throws IOException {
    Path file = dir.resolve("model.json");
    Files.writeString(file, "{\"format\": \"other\"}");
    assertThatThrownBy(() -> NbModel.load(file)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("not a naive bayes model.json");
  }
}
