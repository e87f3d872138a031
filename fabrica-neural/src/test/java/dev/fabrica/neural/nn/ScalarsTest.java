package dev.fabrica.neural.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.fabrica.neural.Torch;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scalar arithmetic whose gradients survive the garbage collector, and a guard against DJL's own. */
class ScalarsTest {
  @BeforeAll
  static void start() {
    Torch.start(1);
  }

  /**
   * d/dx of sum(f(x)) at x = (0.5, 1, 2, 3), with a full collection and a churn of freshly filled
   * direct buffers between the forward and the backward pass: the memory of a scalar that only a
   * collected buffer owned is handed out again and overwritten.
   */
  private static float[] gradientAfterChurn(UnaryOperator<NDArray> f) throws InterruptedException {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(new float[] {0.5f, 1, 2, 3});
      x.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray y = f.apply(x).sum();
        System.gc();
        Thread.sleep(20);
        List<ByteBuffer> junk = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
          ByteBuffer b = ByteBuffer.allocateDirect(4);
          b.putFloat(0, Float.NaN);
          junk.add(b);
        }
        gc.backward(y);
        assertThat(junk).hasSize(4000);
      }
      return x.getGradient().toFloatArray();
    }
  }

  @Test
  void gradients_through_a_scalar_are_exact_after_the_collector_has_run() throws Exception {
    for (int round = 0; round < 3; round++) {
      assertThat(gradientAfterChurn(x -> Scalars.mul(x, 3))).containsExactly(3, 3, 3, 3);
      assertThat(gradientAfterChurn(x -> Scalars.div(x, 4))).containsExactly(0.25f, 0.25f, 0.25f, 0.25f);
      float[] pow = gradientAfterChurn(x -> Scalars.pow(x, -1)); // −1/x²
      assertThat(pow[0]).isCloseTo(-4f, within(1e-5f));
      assertThat(pow[3]).isCloseTo(-1 / 9f, within(1e-6f));
      assertThat(gradientAfterChurn(x -> Scalars.maximum(x, 1.5))).containsExactly(0, 0, 1, 1);
      assertThat(gradientAfterChurn(x -> Scalars.minimum(x, 1.5))).containsExactly(1, 1, 0, 0);
      assertThat(gradientAfterChurn(x -> Scalars.add(x, 2).square())).containsExactly(5, 6, 8, 10);
      assertThat(gradientAfterChurn(x -> Scalars.sub(x, 1).square())).containsExactly(-1, 0, 2, 4);
    }
  }

  @Test
  void values_are_those_of_the_plain_operations() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(new float[] {-2, 0.5f, 4});
      assertThat(Scalars.mul(x, 0.5).toFloatArray()).containsExactly(-1, 0.25f, 2);
      assertThat(Scalars.div(x, 2).toFloatArray()).containsExactly(-1, 0.25f, 2);
      assertThat(Scalars.add(x, 1).toFloatArray()).containsExactly(-1, 1.5f, 5);
      assertThat(Scalars.sub(x, 1).toFloatArray()).containsExactly(-3, -0.5f, 3);
      assertThat(Scalars.pow(x, 2).toFloatArray()).containsExactly(4, 0.25f, 16);
      assertThat(Scalars.maximum(x, 0).toFloatArray()).containsExactly(0, 0.5f, 4);
      assertThat(Scalars.minimum(x, 0).toFloatArray()).containsExactly(-2, 0, 0);
      assertThat(Scalars.mul(x, 3).getManager()).isSameAs(m);
    }
  }

  /** DJL methods that make a scalar over JVM memory for autograd to keep (in-place ones are safe). */
  private static final Pattern UNSAFE = Pattern.compile(
      "Method ai/djl/(?:ndarray/NDArray|ndarray/NDArrays|pytorch/engine/PtNDArray)\\.(add|sub|mul|div|pow|maximum|minimum):"
          + "\\((?:Lai/djl/ndarray/NDArray;)?Ljava/lang/Number;");

  @Test
  void no_class_of_this_module_calls_the_number_overloads_of_djl() throws Exception {
    Path classes = Path.of(Scalars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> files;
    try (Stream<Path> s = Files.walk(classes)) {
      files = s.filter(p -> p.toString().endsWith(".class")).map(Path::toString).toList();
    }
    assertThat(files).hasSizeGreaterThan(50);
    List<String> args = new ArrayList<>(List.of("-c", "-p"));
    args.addAll(files);
    StringWriter out = new StringWriter();
    int rc = ToolProvider.findFirst("javap").orElseThrow()
        .run(new PrintWriter(out), new PrintWriter(new StringWriter()), args.toArray(String[]::new));
    assertThat(rc).isZero();
    List<String> found = new ArrayList<>();
    String source = "?";
    for (String line : out.toString().split("\n")) {
      if (line.startsWith("Compiled from")) {
        source = line;
      }
      Matcher mt = UNSAFE.matcher(line);
      if (mt.find()) {
        found.add(source + ": " + mt.group(1) + "(Number)");
      }
    }
    assertThat(found).as("use dev.fabrica.neural.nn.Scalars instead").isEmpty();
  }
}
