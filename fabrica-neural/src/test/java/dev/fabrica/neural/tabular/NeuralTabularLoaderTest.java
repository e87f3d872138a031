package dev.fabrica.neural.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabrica.core.BadInputException;
import dev.fabrica.tabular.TabularModels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TVAE and CTGAN register with TabularModels through the service file, so an engine can load them by name. */
class NeuralTabularLoaderTest {
  @TempDir Path dir;

  @Test
  void the_service_file_registers_tvae_and_ctgan_beside_the_built_in_copula() {
    assertThat(new NeuralTabularLoader().usable()).as("DJL's engine and libtorch are on the test class path").isTrue();
    assertThat(TabularModels.available()).containsExactly("copula", "ctgan", "tvae");
  }

  @Test
  void an_unknown_synthesizer_and_a_directory_without_the_files_are_clear_errors() {
    assertThatThrownBy(() -> TabularModels.load("bayesnet", dir)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("no synthesizer 'bayesnet'").hasMessageContaining("copula, ctgan, tvae");
    assertThatThrownBy(() -> TabularModels.load("tvae", dir)).isInstanceOf(BadInputException.class)
        .hasMessageContaining(dir.toString());
  }
}
