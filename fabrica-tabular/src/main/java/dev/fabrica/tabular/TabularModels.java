package dev.fabrica.tabular;

import dev.fabrica.core.BadInputException;
import dev.fabrica.tabular.copula.CopulaModel;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads a synthesizer's saved files by the synthesizer's name. The copula is built in; other
 * synthesizers come from {@link Loader}s on the class path (fabrica-neural's TVAE and CTGAN), so a
 * module that only reads runs, such as the Spark engine on an executor, needs no compile-time
 * dependency on the neural one.
 */
public final class TabularModels {
  /** A module's synthesizers, registered in {@code META-INF/services/dev.fabrica.tabular.TabularModels$Loader}. */
  public interface Loader {
    /** The names it loads. */
    Set<String> synthesizers();

    /** The model {@link TabularModel#save} wrote into {@code dir}. */
    TabularModel load(String synthesizer, Path dir);

    /** Whether what it needs at run time is here (a jar may hold its classes without their native libraries). */
    default boolean usable() {
      return true;
    }
  }

  private TabularModels() {}

  /** The synthesizers that {@link #load} can load here. */
  public static Set<String> available() {
    Set<String> names = new TreeSet<>(Set.of("copula"));
    for (Loader l : ServiceLoader.load(Loader.class)) {
      if (l.usable()) {
        names.addAll(l.synthesizers());
      }
    }
    return names;
  }

  /**
   * The model of {@code synthesizer} saved in {@code dir} (a run directory, or what {@link
   * TabularModel#save} wrote elsewhere); an unknown or absent synthesizer is an error naming it.
   */
  public static TabularModel load(String synthesizer, Path dir) {
    if ("copula".equals(synthesizer)) {
      return CopulaModel.load(dir);
    }
    for (Loader l : ServiceLoader.load(Loader.class)) {
      if (l.usable() && l.synthesizers().contains(synthesizer)) {
        return l.load(synthesizer, dir);
      }
    }
    throw new BadInputException(dir + ": no synthesizer '" + synthesizer + "' here (this class path loads "
        + String.join(", ", available()) + "; TVAE and CTGAN runs need fabrica-neural and PyTorch's native library)");
  }
}
