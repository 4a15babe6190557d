package io.mcdrop.trainer.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The batch-norm reductions: known sums, the Vector API kernels bit-identical to the scalar ones
 * for every length and offset, and the choice of kernels in JVMs with and without the module.
 */
class KernelsTest {
  private static final SumKernels SCALAR = ScalarSumKernels.INSTANCE;

  @Test
  void thisJvmHasTheModuleAndUsesTheVectorKernels() {
    // surefire starts the trainer's tests with --add-modules jdk.incubator.vector (pom.xml)
    assertTrue(Kernels.vectorModulePresent());
    assertEquals("vector-256", Kernels.sums().name());
  }

  @Test
  void knownSums() {
    float[] x = new float[23];
    for (int i = 0; i < x.length; i++) {
      x[i] = i + 1; // 1..23: Σ = 276, Σ x² = 23·24·47/6 = 4324
    }
    for (SumKernels k : List.of(SCALAR, Kernels.sums())) {
      double[] acc = {1, 2};
      k.moments(x, 0, x.length, acc, 0);
      assertArrayEquals(new double[] {277, 4326}, acc, k.name());
      double[] g = new double[2];
      float[] ones = new float[x.length];
      java.util.Arrays.fill(ones, 1f);
      k.gradSums(ones, x, 0, x.length, 12f, g, 0); // Σ 1, Σ (x − 12) = 276 − 276
      assertArrayEquals(new double[] {23, 0}, g, k.name());
      float[] y = new float[x.length];
      for (int i = 0; i < y.length; i += 2) {
        y[i] = 1f; // every other output positive: odd values 1, 3, …, 23 keep their gradient
      }
      float[] dx = new float[x.length];
      double[] m = new double[2];
      k.maskedSums(ones, y, x, dx, 0, x.length, 0f, m, 0);
      assertArrayEquals(new double[] {12, 144}, m, k.name()); // 12 odd numbers, Σ = 144
      assertEquals(1f, dx[0]);
      assertEquals(0f, dx[1]);
    }
  }

  @Test
  void vectorKernelsGiveTheScalarBitsForEveryLengthAndOffset() {
    SumKernels vector = Kernels.sums();
    Random r = new Random(3);
    float[] x = new float[1200];
    float[] d = new float[x.length];
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextGaussian() * 5 - 2);
      d[i] = (float) r.nextGaussian();
      y[i] = Math.max((float) r.nextGaussian(), 0f); // +0 or positive, as out of a ReLU
    }
    List<Integer> lengths = new ArrayList<>();
    for (int len = 0; len <= 41; len++) {
      lengths.add(len);
    }
    lengths.addAll(List.of(49, 196, 784, 1000));
    for (int len : lengths) {
      for (int o = 0; o <= 3; o++) {
        float mu = (float) r.nextGaussian();
        String at = "len " + len + " offset " + o;
        double[] a = {0.5, -0.25, 3, 4};
        double[] b = a.clone();
        SCALAR.moments(x, o, len, a, 2);
        vector.moments(x, o, len, b, 2);
        assertArrayEquals(a, b, at);
        SCALAR.gradSums(d, x, o, len, mu, a, 0);
        vector.gradSums(d, x, o, len, mu, b, 0);
        assertArrayEquals(a, b, at);
        float[] dxa = new float[x.length];
        float[] dxb = new float[x.length];
        SCALAR.maskedSums(d, y, x, dxa, o, len, mu, a, 0);
        vector.maskedSums(d, y, x, dxb, o, len, mu, b, 0);
        assertArrayEquals(a, b, at);
        assertArrayEquals(dxa, dxb, at);
      }
    }
  }

  @Test
  void aJvmWithoutTheModuleOrWithSimdOffRunsTheScalarKernelsToTheSameBits() throws Exception {
    long here = KernelsProbe.batchNormDigest();
    assertEquals("scalar " + here, probe(List.of()));
    assertEquals(
        "scalar " + here,
        probe(List.of("--add-modules", Kernels.MODULE, "-D" + Kernels.PROPERTY + "=false")));
    assertEquals("vector-256 " + here, probe(List.of("--add-modules", Kernels.MODULE)));
  }

  private static String probe(List<String> jvmArgs) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), KernelsProbe.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "probe JVM did not finish");
    assertEquals(0, p.exitValue(), err);
    return new String(out, StandardCharsets.UTF_8).trim();
  }
}
