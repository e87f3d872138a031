package dev.fabrica.neural.gpt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * The vector-API matrix product gives the plain loops' bits for every tile a position or a column can
 * land in (8, 4 and 1 positions; two vectors of columns, one, the last few), and both agree with a
 * sum in double; so do both halves of attention, for every number of cached keys.
 */
class VectorKernelsTest {
  @Test
  void the_tests_run_with_the_vector_module_so_the_decoder_uses_it_unless_told_not_to() {
    boolean plain = "false".equals(System.getProperty("fabrica.vector")); // surefire's plain-kernels run
    assertThat(JavaDecoder.VECTOR).as("surefire adds --add-modules jdk.incubator.vector").isEqualTo(!plain);
  }

  @Test
  void every_row_count_and_width_gives_the_plain_loops_bits() {
    SplittableRandom random = new SplittableRandom(7);
    int[] ins = {1, 5, 128, 131};
    int[] outs = {1, 31, 32, 65, 128, 200, 384, 512};
    for (int dIn : ins) {
      for (int dOut : outs) {
        float[][] wT = randoms(random, dIn, dOut);
        float[] bias = randoms(random, 1, dOut)[0];
        for (int n = 1; n <= 19; n++) {
          float[][] in = randoms(random, n, dIn);
          for (boolean accumulate : new boolean[] {false, true}) {
            float[][] start = randoms(random, n, dOut);
            float[][] plain = copy(start);
            float[][] vector = copy(start);
            JavaDecoder.plainMatmul(n, in, wT, bias, plain, accumulate);
            VectorKernels.matmul(n, in, VectorKernels.pack(wT), bias, vector, accumulate);
            for (int i = 0; i < n; i++) {
              assertThat(vector[i]).as("n %d, %d -> %d, accumulate %s, row %d", n, dIn, dOut, accumulate, i)
                  .containsExactly(plain[i]);
              for (int o = 0; o < dOut; o += 7) {
                double s = (accumulate ? start[i][o] : 0) + bias[o];
                for (int k = 0; k < dIn; k++) {
                  s += (double) in[i][k] * wT[k][o];
                }
                assertThat((double) vector[i][o]).isCloseTo(s, within(1e-4 * (1 + Math.abs(s))));
              }
            }
          }
        }
      }
    }
  }

  @Test
  void a_row_gets_the_same_bits_alone_as_in_any_company() {
    SplittableRandom random = new SplittableRandom(11);
    float[][] wT = randoms(random, 128, 384);
    float[] bias = randoms(random, 1, 384)[0];
    float[][] in = randoms(random, 16, 128);
    float[][] together = new float[16][384];
    VectorKernels.matmul(16, in, VectorKernels.pack(wT), bias, together, false); // rows 0-7 in a tile of 8, 8-15 in another
    for (int i = 0; i < 16; i++) {
      float[][] alone = new float[1][384];
      VectorKernels.matmul(1, new float[][] {in[i]}, VectorKernels.pack(wT), bias, alone, false);
      assertThat(alone[0]).as("row %d", i).containsExactly(together[i]);
    }
  }

  @Test
  void both_halves_of_attention_give_the_plain_loops_bits_for_every_key_count() {
    SplittableRandom random = new SplittableRandom(13);
    for (int[] shape : new int[][] {{32, 64}, {32, 40}, {16, 24}, {24, 64}, {48, 128}}) {
      int hs = shape[0];
      int block = shape[1]; // 40 and 24: rows that are not a whole number of vectors
      float[][] kh = randoms(random, hs, block);
      float[][] vh = randoms(random, block, hs);
      float[] q = randoms(random, 1, 3 * hs)[0];
      for (int keys = 1; keys <= block; keys++) {
        float[] plain = new float[block];
        float[] vector = new float[block];
        JavaDecoder.scores(q, hs, 0.17f, kh, keys, plain);
        VectorKernels.scores(q, hs, 0.17f, kh, keys, vector);
        assertThat(java.util.Arrays.copyOf(vector, keys)).as("scores, hs %d, block %d, keys %d", hs, block, keys)
            .containsExactly(java.util.Arrays.copyOf(plain, keys));
        double s0 = 0;
        for (int d = 0; d < hs; d++) {
          s0 += (double) (q[hs + d] * 0.17f) * kh[d][0];
        }
        assertThat((double) vector[0]).isCloseTo(s0, within(1e-5 * (1 + Math.abs(s0))));

        float[] p = randoms(random, 1, block)[0];
        float[] yPlain = new float[3 * hs];
        float[] yVector = new float[3 * hs];
        JavaDecoder.weightedSum(p, vh, keys, 2.5f, yPlain, hs, new float[hs]);
        boolean done = VectorKernels.weightedSum(p, vh, keys, 2.5f, yVector, hs);
        assertThat(done).as("hs %d is %s whole vectors", hs, done ? "" : "not").isEqualTo(hs % FloatVector.SPECIES_PREFERRED.length() == 0);
        if (done) {
          assertThat(yVector).as("weighted sum, hs %d, keys %d", hs, keys).containsExactly(yPlain);
          double e0 = 0;
          for (int s = 0; s < keys; s++) {
            e0 += (double) p[s] * vh[s][0];
          }
          assertThat((double) yVector[hs]).isCloseTo(e0 / 2.5, within(1e-5 * (1 + Math.abs(e0))));
        } else {
          assertThat(yVector).as("nothing written when it declines").containsOnly(0f);
        }
      }
    }
  }

  private static float[][] randoms(SplittableRandom random, int rows, int cols) {
    float[][] a = new float[rows][cols];
    for (float[] row : a) {
      for (int j = 0; j < cols; j++) {
        row[j] = (float) (random.nextDouble() * 2 - 1);
      }
    }
    return a;
  }

  private static float[][] copy(float[][] a) {
    float[][] b = new float[a.length][];
    for (int i = 0; i < a.length; i++) {
      b[i] = a[i].clone();
    }
    return b;
  }
}
