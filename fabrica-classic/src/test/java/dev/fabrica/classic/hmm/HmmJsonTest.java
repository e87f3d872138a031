package dev.fabrica.classic.hmm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HmmJsonTest {
  @TempDir Path dir;

  private void assertRoundTrip(HmmModel model, Sequences data) {
    Path file = dir.resolve(model.emission().kind() + "-model.json");
    HmmJson.save(model, file);
    HmmModel loaded = HmmJson.load(file);
    assertThat(loaded.score(data)).isEqualTo(model.score(data));
    assertThat(loaded.logLikelihoodHistory()).isEqualTo(model.logLikelihoodHistory());
    assertThat(loaded.options()).isEqualTo(model.options());
    assertThat(loaded.alphabet()).isEqualTo(model.alphabet());
    assertThat(HmmJson.toJson(loaded)).isEqualTo(HmmJson.toJson(model));
  }

  @Test
  void a_fitted_categorical_text_model_scores_identically_after_loading() throws Exception {
    TextSymbols symbols = TextSymbols.letters();
    Sequences data = Sequences.ofSymbols(symbols.encode("the quick brown fox jumps over the lazy dog"));
    HmmModel model = new HmmTrainer(HmmTrainer.Options.defaults().withSeed(4).withMaxIter(10))
        .fit(data, HmmSpec.categorical(2, symbols.size())).withAlphabet(symbols.alphabet());
    assertRoundTrip(model, data);
    JsonNode json = Json.MAPPER.readTree(Files.readString(dir.resolve("categorical-model.json")));
    assertThat(json.get("emission").get("kind").asText()).isEqualTo("categorical");
    assertThat(json.get("alphabet").get(1).asText()).isEqualTo("a");
    assertThat(json.get("seed").asLong()).isEqualTo(4);
    assertThat(json.get("logLikelihoodHistory")).hasSize(10);
    assertThat(json.get("fabricaVersion").asText()).isNotEmpty();
    assertThat(json.get("transmat")).hasSize(2);
  }

  @Test
  void every_gaussian_covariance_type_gmm_and_poisson_round_trip() {
    SplittableRandom rng = new SplittableRandom(9);
    for (CovarianceType type : CovarianceType.values()) {
      HmmModel model = HmmForwardBackwardTest.randomGaussian(3, 2, type, rng);
      Sequences data = Sequences.ofVectors(model.sample(50, 1, null).observations());
      HmmModel fitted = new HmmTrainer(HmmTrainer.Options.defaults().withMaxIter(3)).fit(data, model);
      assertRoundTrip(fitted, data);
      assertThat(HmmJson.toJson(fitted).get("emission").get("covarianceType").asText()).isEqualTo(type.jsonName());
    }
    HmmModel gmm = new HmmModel(new double[] {0.5, 0.5}, new double[][] {{0.9, 0.1}, {0.1, 0.9}},
        new GaussianMixtureEmission(new double[][] {{0.3, 0.7}, {0.5, 0.5}},
            new double[][][] {{{0}, {1}}, {{5}, {7}}}, new double[][][] {{{1}, {0.5}}, {{1}, {2}}}));
    Sequences gmmData = Sequences.ofVectors(gmm.sample(80, 2, null).observations());
    assertRoundTrip(new HmmTrainer(HmmTrainer.Options.defaults().withMaxIter(3)).fit(gmmData, gmm), gmmData);
    HmmModel poisson = new HmmModel(new double[] {0.5, 0.5}, new double[][] {{0.9, 0.1}, {0.1, 0.9}},
        new PoissonEmission(new double[][] {{1, 2}, {10, 0.5}}));
    Sequences poissonData = Sequences.ofVectors(poisson.sample(80, 2, null).observations());
    assertRoundTrip(new HmmTrainer(HmmTrainer.Options.defaults().withMaxIter(3)).fit(poissonData, poisson), poissonData);
  }

  @Test
  void a_missing_or_broken_model_file_is_a_bad_input_naming_the_file() throws Exception {
    assertThatThrownBy(() -> HmmJson.load(dir.resolve("nope.json")))
        .isInstanceOf(BadInputException.class).hasMessageContaining("nope.json");
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"format\": \"fabrica-hmm/1\", \"startProb\": [1], \"transmat\": [[1]],"
        + " \"emission\": {\"kind\": \"zebra\"}}");
    assertThatThrownBy(() -> HmmJson.load(broken)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("broken.json").hasMessageContaining("zebra");
    assertThat(List.of(dir.toFile().list())).allSatisfy(name -> assertThat(name).doesNotEndWith(".tmp"));
  }
}
