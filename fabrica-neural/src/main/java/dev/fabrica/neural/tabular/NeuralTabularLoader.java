package dev.fabrica.neural.tabular;

import dev.fabrica.tabular.TabularModel;
import dev.fabrica.tabular.TabularModels;
import java.nio.file.Path;
import java.util.Set;

/** Registers TVAE and CTGAN with {@link TabularModels}. */
public final class NeuralTabularLoader implements TabularModels.Loader {
  @Override
  public Set<String> synthesizers() {
    return Set.of("tvae", "ctgan");
  }

  /** DJL's PyTorch engine and libtorch itself: the spark-submit jar carries this class but neither. */
  @Override
  public boolean usable() {
    ClassLoader cl = NeuralTabularLoader.class.getClassLoader();
    try {
      Class.forName("ai.djl.pytorch.engine.PtEngine", false, cl);
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
    return cl.getResource("pytorch/cpu/") != null;
  }

  @Override
  public TabularModel load(String synthesizer, Path dir) {
    return switch (synthesizer) {
      case "tvae" -> TvaeModel.load(dir);
      case "ctgan" -> CtganModel.load(dir);
      default -> throw new IllegalArgumentException("not a neural synthesizer: " + synthesizer);
    };
  }
}
