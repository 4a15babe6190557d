package io.mcdrop.trainer.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mcdrop.trainer.tensor.Parallel;
import io.mcdrop.trainer.tensor.Rng;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A convolution whose column matrix is split into blocks of rows (large planes) against the same
 * convolution in one block. Each output is the same dot product (forward, input gradient: the GEMM
 * depth is not split); the weight gradient sums the blocks' products one after another instead of
 * in one GEMM, a re-association of a sum of 2·Ho·Wo products per weight, so it is compared to 1e-5
 * of the largest value (float rounding of such sums is ~1e-6 relative here), everything else to
 * 1e-6. Gradients against finite differences with many blocks: {@link
 * #tiledGradientsMatchFiniteDifferences}.
 */
class ConvTilingTest {
  @AfterEach
  void oneThread() {
    Parallel.setThreads(1);
  }

  @ParameterizedTest(name = "{0} channels, {1}x{2}, pad {3}, tile {4} floats, {5} thread(s)")
  @CsvSource({
    "3, 9, 7, 1, 200, 1",
    "3, 9, 7, 1, 200, 2",
    "4, 8, 8, 0, 150, 1",
    "2, 5, 6, 2, 1, 2",
    "5, 11, 10, 1, 500, 1"
  })
  void tiledConvolutionEqualsOneBlock(int c, int h, int w, int pad, int tile, int threads) {
    Parallel.setThreads(threads);
    Shape in = new Shape(c, h, w);
    Conv2d whole = new Conv2d(in, 6, 3, 1, pad, true, new Rng(3));
    Conv2d tiled = new Conv2d(in, 6, 3, 1, pad, true, new Rng(3));
    tiled.setTileFloats(tile);
    Tensor x = GradientCheck.gaussian(3, in, 4);
    Tensor ya = whole.forward(x.copy(), true);
    Tensor yb = tiled.forward(x.copy(), true);
    close(ya.data(), yb.data(), 1e-6, "output");
    Tensor g = GradientCheck.gaussian(3, ya.shape(), 5);
    Tensor dxa = whole.backward(new Tensor(g.data().clone(), 3, ya.shape()));
    Tensor dxb = tiled.backward(new Tensor(g.data().clone(), 3, ya.shape()));
    close(dxa.data(), dxb.data(), 1e-6, "input gradient");
    close(whole.weight().grad(), tiled.weight().grad(), 1e-5, "weight gradient");
    close(whole.bias().grad(), tiled.bias().grad(), 1e-6, "bias gradient");
  }

  @ParameterizedTest(name = "{0} thread(s)")
  @CsvSource({"1", "2"})
  void tiledGradientsMatchFiniteDifferences(int threads) {
    Parallel.setThreads(threads);
    Shape in = new Shape(3, 7, 6);
    Conv2d conv = new Conv2d(in, 4, 3, 1, 1, true, new Rng(6));
    conv.setTileFloats(100);
    GradientCheck.check(conv, GradientCheck.gaussian(2, in, 7), true, () -> {}, 2e-3);
  }

  private static void close(float[] a, float[] b, double rel, String what) {
    double max = 1e-30;
    for (float v : a) {
      max = Math.max(max, Math.abs(v));
    }
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], rel * max, what + "[" + i + "]");
    }
  }
}
