package dev.fabrica.neural.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fabrica.core.BadInputException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {
  @Test
  void two_by_two_with_ones_off_the_diagonal_has_eigenvalues_one_and_three() {
    SymmetricEigen e = SymmetricEigen.of(new double[][] {{2, 1}, {1, 2}});
    assertThat(e.values()).containsExactly(new double[] {1, 3}, within(1e-15));
    double h = Math.sqrt(0.5);
    // eigenvectors are unique up to sign: (1, −1)/√2 for 1 and (1, 1)/√2 for 3
    assertThat(Math.abs(e.vectors()[0][0])).isCloseTo(h, within(1e-15));
    assertThat(e.vectors()[0][0] * e.vectors()[0][1]).isCloseTo(-0.5, within(1e-15));
    assertThat(e.vectors()[1][0] * e.vectors()[1][1]).isCloseTo(0.5, within(1e-15));
  }

  @Test
  void a_diagonal_matrix_gives_its_diagonal_sorted() {
    SymmetricEigen e = SymmetricEigen.of(new double[][] {{3, 0, 0}, {0, -1, 0}, {0, 0, 2}});
    assertThat(e.values()).containsExactly(-1, 2, 3);
  }

  @Test
  void a_three_by_three_tridiagonal_matrix_has_eigenvalues_two_minus_root_two_two_and_two_plus_root_two() {
    // the 1-D Laplacian tridiag(−1, 2, −1): λ_k = 2 − 2 cos(kπ/4)
    SymmetricEigen e = SymmetricEigen.of(new double[][] {{2, -1, 0}, {-1, 2, -1}, {0, -1, 2}});
    assertThat(e.values()).containsExactly(
        new double[] {2 - Math.sqrt(2), 2, 2 + Math.sqrt(2)}, within(1e-14));
    assertReconstructs(new double[][] {{2, -1, 0}, {-1, 2, -1}, {0, -1, 2}}, e, 1e-14);
  }

  @Test
  void repeated_and_zero_eigenvalues_still_give_an_orthonormal_basis() {
    double[][] ones = new double[5][5]; // 𝟙𝟙ᵀ: eigenvalues 0 (four times) and 5
    for (double[] row : ones) {
      java.util.Arrays.fill(row, 1);
    }
    SymmetricEigen e = SymmetricEigen.of(ones);
    assertThat(e.values()).containsExactly(new double[] {0, 0, 0, 0, 5}, within(1e-14));
    assertReconstructs(ones, e, 1e-14);
    assertThat(SymmetricEigen.of(new double[4][4]).values()).containsExactly(0, 0, 0, 0);
    assertThat(SymmetricEigen.of(new double[][] {{7}}).values()).containsExactly(7);
    assertThat(SymmetricEigen.of(new double[0][0]).values()).isEmpty();
  }

  @Test
  void random_symmetric_matrices_are_reconstructed_as_v_diag_w_v_transposed() {
    SplittableRandom random = new SplittableRandom(42);
    for (int d : new int[] {2, 3, 10, 57, 128}) {
      double[][] a = randomSymmetric(d, random);
      SymmetricEigen e = SymmetricEigen.of(a);
      assertReconstructs(a, e, 1e-12 * d);
      for (int j = 1; j < d; j++) {
        assertThat(e.values()[j]).isGreaterThanOrEqualTo(e.values()[j - 1]);
      }
    }
  }

  @Test
  void values_alone_are_the_values_of_the_full_decomposition() {
    SplittableRandom random = new SplittableRandom(7);
    for (int d : new int[] {1, 4, 90}) {
      double[][] a = randomSymmetric(d, random);
      assertThat(SymmetricEigen.valuesOf(a))
          .containsExactly(SymmetricEigen.of(a).values(), within(1e-13 * d));
    }
  }

  @Test
  void the_matrix_square_root_squares_back_to_the_matrix() {
    double[][] s = {{4, 1, 0.5}, {1, 3, 0.2}, {0.5, 0.2, 2}};
    double[][] root = SymmetricEigen.of(s).apply(Math::sqrt);
    double[][] square = FrechetDistance.multiply(root, root);
    for (int i = 0; i < 3; i++) {
      assertThat(square[i]).containsExactly(s[i], within(1e-14));
    }
  }

  @Test
  void the_argument_is_left_unchanged() {
    double[][] a = {{2, 1}, {1, 2}};
    SymmetricEigen.of(a);
    assertThat(a).isDeepEqualTo(new double[][] {{2, 1}, {1, 2}});
  }

  @Test
  void non_symmetric_non_square_and_non_finite_matrices_are_rejected() {
    assertThatThrownBy(() -> SymmetricEigen.of(new double[][] {{1, 2}, {3, 4}}))
        .isInstanceOf(BadInputException.class)
        .hasMessage("the matrix is not symmetric: a[0][1] = 2.0 but a[1][0] = 3.0");
    assertThatThrownBy(() -> SymmetricEigen.of(new double[][] {{1, 2}, {3}}))
        .isInstanceOf(BadInputException.class)
        .hasMessage("the matrix is not square: row 1 has 1 columns, expected 2");
    assertThatThrownBy(() -> SymmetricEigen.of(new double[][] {{Double.NaN}}))
        .isInstanceOf(BadInputException.class).hasMessageContaining("NaN");
  }

  static double[][] randomSymmetric(int d, SplittableRandom random) {
    double[][] a = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        a[i][j] = random.nextDouble(-1, 1);
        a[j][i] = a[i][j];
      }
    }
    return a;
  }

  /** A = Σ_j w_j v_j v_jᵀ entry by entry, and VVᵀ = I. */
  private static void assertReconstructs(double[][] a, SymmetricEigen e, double tol) {
    int d = a.length;
    double[][] back = e.apply(x -> x);
    for (int i = 0; i < d; i++) {
      assertThat(back[i]).containsExactly(a[i], within(tol));
      for (int j = 0; j < d; j++) {
        double dot = 0;
        for (int k = 0; k < d; k++) {
          dot += e.vectors()[i][k] * e.vectors()[j][k];
        }
        assertThat(dot).isCloseTo(i == j ? 1 : 0, within(tol));
      }
    }
  }
}
