package io.mcdrop.trainer.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mcdrop.trainer.tensor.Rng;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class GradientCheckTest {
  private static final double TOL = 2e-3;

  /** Values at least 0.05 apart, shuffled, so no finite-difference step changes a window's max. */
  private static Tensor distinct(int n, Shape s, long seed) {
    int size = n * s.size();
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    new Rng(seed).shuffle(order);
    float[] d = new float[size];
    for (int i = 0; i < size; i++) {
      d[i] = 0.05f * order[i] - 1f;
    }
    return new Tensor(d, n, s);
  }

  @Test
  void conv2dGradientsMatchFiniteDifferences() {
    Shape s = new Shape(3, 7, 6);
    Conv2d conv = new Conv2d(s, 4, 3, 1, 1, true, new Rng(1));
    GradientCheck.check(conv, GradientCheck.gaussian(2, s, 2), true, () -> {}, TOL);
  }

  @Test
  void stridedUnpaddedConvGradientsMatch() {
    Shape s = new Shape(2, 9, 8);
    Conv2d conv = new Conv2d(s, 3, 3, 2, 0, false, new Rng(3));
    GradientCheck.check(conv, GradientCheck.gaussian(2, s, 4), true, () -> {}, TOL);
  }

  @Test
  void fiveByFiveConvWithPaddingTwoMatches() {
    Shape s = new Shape(2, 6, 6);
    Conv2d conv = new Conv2d(s, 2, 5, 1, 2, true, new Rng(5));
    GradientCheck.check(conv, GradientCheck.gaussian(3, s, 6), true, () -> {}, TOL);
  }

  @Test
  void unpaddedStrideOneConvGradientsMatch() {
    // Stride 1 takes the input gradient as a convolution of dy (here padded by k − 1 − p = 2).
    Shape s = new Shape(2, 7, 5);
    Conv2d conv = new Conv2d(s, 3, 3, 1, 0, true, new Rng(4));
    GradientCheck.check(conv, GradientCheck.gaussian(2, s, 5), true, () -> {}, TOL);
  }

  @Test
  void batchNormTrainingGradientsMatch() {
    Shape s = new Shape(3, 4, 4);
    BatchNorm2d bn = new BatchNorm2d(s);
    Rng r = new Rng(7);
    for (int i = 0; i < 3; i++) {
      bn.gamma().value()[i] = (float) (1 + 0.3 * r.nextGaussian());
      bn.beta().value()[i] = (float) (0.3 * r.nextGaussian());
    }
    Tensor x = GradientCheck.gaussian(4, s, 8);
    float[] saveMean = bn.runningMean().value().clone();
    float[] saveVar = bn.runningVar().value().clone();
    // Running statistics drift with every training forward; reset them so the loss is a function.
    Runnable reset =
        () -> {
          System.arraycopy(saveMean, 0, bn.runningMean().value(), 0, 3);
          System.arraycopy(saveVar, 0, bn.runningVar().value(), 0, 3);
        };
    GradientCheck.check(bn, x, true, reset, 5e-3);
  }

  @Test
  void batchNormInferenceGradientsMatch() {
    Shape s = new Shape(2, 3, 3);
    BatchNorm2d bn = new BatchNorm2d(s);
    bn.runningMean().value()[0] = 0.4f;
    bn.runningVar().value()[1] = 2.5f;
    GradientCheck.check(bn, GradientCheck.gaussian(3, s, 9), false, () -> {}, TOL);
  }

  @Test
  void reluGradientsMatch() {
    Shape s = new Shape(2, 5, 5);
    ReLU relu = new ReLU(s);
    Tensor x = GradientCheck.gaussian(2, s, 10);
    // Keep inputs away from the kink at 0, where finite differences are meaningless.
    for (int i = 0; i < x.data().length; i++) {
      float v = x.data()[i];
      x.data()[i] = v + Math.copySign(0.05f, v);
    }
    GradientCheck.check(relu, x, true, () -> {}, TOL);
  }

  @Test
  void maxPoolGradientsMatch() {
    Shape s = new Shape(2, 6, 6);
    MaxPool2d pool = new MaxPool2d(s, 2, 2);
    GradientCheck.check(pool, distinct(2, s, 11), true, () -> {}, TOL);
  }

  @Test
  void maxPoolOnOddSizesGradientsMatch() {
    // The last row and column belong to no 2×2 window: their gradient is zero.
    Shape s = new Shape(2, 7, 5);
    GradientCheck.check(new MaxPool2d(s, 2, 2), distinct(2, s, 16), true, () -> {}, TOL);
  }

  @Test
  void maxPoolTiesGoToTheFirstMaximum() {
    // As after a ReLU: windows of equal values. The 2×2 path finds its arg-max with masks and
    // must keep the general loop's rule: the first maximum in row-major order.
    Shape s = new Shape(1, 2, 2);
    MaxPool2d pool = new MaxPool2d(s, 2, 2);
    pool.forward(new Tensor(new float[] {0f, 0f, 0f, 0f}, 1, s), true);
    float[] dx = pool.backward(new Tensor(new float[] {3f}, 1, pool.outputShape())).data();
    assertArrayEquals(new float[] {3f, 0f, 0f, 0f}, dx);
    pool.forward(new Tensor(new float[] {-1f, 2f, 0f, 2f}, 1, s), true);
    dx = pool.backward(new Tensor(new float[] {5f}, 1, pool.outputShape())).data();
    assertArrayEquals(new float[] {0f, 5f, 0f, 0f}, dx);
  }

  @Test
  void overlappingMaxPoolGradientsMatch() {
    Shape s = new Shape(1, 7, 7);
    GradientCheck.check(new MaxPool2d(s, 3, 2), distinct(2, s, 12), true, () -> {}, TOL);
  }

  @Test
  void avgPoolGradientsMatch() {
    Shape s = new Shape(2, 6, 6);
    GradientCheck.check(
        new AvgPool2d(s, 2, 2), GradientCheck.gaussian(2, s, 13), true, () -> {}, TOL);
  }

  @Test
  void globalAvgPoolGradientsMatch() {
    Shape s = new Shape(3, 4, 5);
    GradientCheck.check(
        new GlobalAvgPool(s), GradientCheck.gaussian(2, s, 14), true, () -> {}, TOL);
  }

  @Test
  void linearGradientsMatch() {
    Shape s = Shape.flat(7);
    Linear fc = new Linear(s, 5, new Rng(15));
    GradientCheck.check(fc, GradientCheck.gaussian(3, s, 16), true, () -> {}, TOL);
  }

  @Test
  void flattenGradientsMatch() {
    Shape s = new Shape(2, 3, 3);
    GradientCheck.check(new Flatten(s), GradientCheck.gaussian(2, s, 17), true, () -> {}, TOL);
  }

  @Test
  void dropoutGradientsMatchWithAFixedMask() {
    Shape s = Shape.flat(20);
    Dropout d = new Dropout(s, 0.4, 1);
    GradientCheck.check(d, GradientCheck.gaussian(3, s, 18), true, () -> d.reseed(77), TOL);
  }

  @Test
  void spatialDropoutGradientsMatchWithAFixedMask() {
    Shape s = new Shape(4, 3, 3);
    SpatialDropout d = new SpatialDropout(s, 0.5, 1);
    GradientCheck.check(d, GradientCheck.gaussian(3, s, 19), true, () -> d.reseed(78), TOL);
  }

  @Test
  void residualBlockWithProjectionGradientsMatch() {
    Shape s = new Shape(2, 6, 6);
    ResidualBlock block = new ResidualBlock(s, 4, 2, 0.3, false, new Rng(20));
    Stochastic drop = (Stochastic) block.children().get(5);
    checkWithFrozenRunningStats(block, GradientCheck.gaussian(3, s, 21), () -> drop.reseed(5));
  }

  @Test
  void residualBlockWithIdentityShortcutGradientsMatch() {
    Shape s = new Shape(3, 5, 5);
    ResidualBlock block = new ResidualBlock(s, 3, 1, 0.2, true, new Rng(22));
    Stochastic drop = (Stochastic) block.children().get(5);
    checkWithFrozenRunningStats(block, GradientCheck.gaussian(3, s, 23), () -> drop.reseed(6));
  }

  private static void checkWithFrozenRunningStats(Layer layer, Tensor x, Runnable reseed) {
    var buffers = layer.buffers();
    var saved = buffers.stream().map(p -> p.value().clone()).toList();
    Runnable before =
        () -> {
          for (int i = 0; i < buffers.size(); i++) {
            System.arraycopy(saved.get(i), 0, buffers.get(i).value(), 0, saved.get(i).length);
          }
          reseed.run();
        };
    GradientCheck.check(layer, x, true, before, 1e-2, 1e-4);
  }

  @Test
  void theCheckFailsOnAWrongGradient() {
    Shape s = Shape.flat(6);
    // y = 2x whose backward forgets the factor 2: the check must catch it.
    Layer broken =
        new Layer() {
          @Override
          public Shape inputShape() {
            return s;
          }

          @Override
          public Shape outputShape() {
            return s;
          }

          @Override
          public Tensor forward(Tensor x, boolean training) {
            float[] y = x.data().clone();
            for (int i = 0; i < y.length; i++) {
              y[i] *= 2;
            }
            return new Tensor(y, x.n(), s);
          }

          @Override
          public Tensor backward(Tensor gradOut) {
            return gradOut;
          }

          @Override
          public String toOnnx(io.mcdrop.trainer.layers.OnnxContext ctx, String input) {
            return input;
          }

          @Override
          public String describe() {
            return "broken";
          }
        };
    assertThrows(
        AssertionFailedError.class,
        () -> GradientCheck.check(broken, GradientCheck.gaussian(2, s, 31), true, () -> {}, TOL));
  }
}
