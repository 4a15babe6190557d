package io.mcdrop.trainer.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.trainer.tensor.Rng;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.tensor.Tensor;
import java.util.List;
import java.util.function.Supplier;

/**
 * Finite-difference gradient checks in float32: the loss is a fixed random projection of the
 * output, L = Σ r·y, accumulated in double; central differences with step h are compared with the
 * analytic gradient by a relative error against the largest gradient magnitude.
 */
final class GradientCheck {
  private GradientCheck() {}

  /** A batch of {@code n} inputs of shape {@code s} with standard normal values, seeded. */
  static Tensor gaussian(int n, Shape s, long seed) {
    Rng rng = new Rng(seed);
    float[] d = new float[n * s.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) rng.nextGaussian();
    }
    return new Tensor(d, n, s);
  }

  /**
   * Checks d L / d input and d L / d every parameter of {@code layer}.
   *
   * @param before called before each forward (re-seeds dropout so masks repeat)
   */
  static void check(Layer layer, Tensor x, boolean training, Runnable before, double tol) {
    check(layer, x, training, before, tol, 1e-3);
  }

  /**
   * As above with finite-difference step {@code h}; composite layers with internal ReLUs need a
   * small step, or units crossing zero dominate the error.
   */
  static void check(
      Layer layer, Tensor x, boolean training, Runnable before, double tol, double h) {
    Rng rng = new Rng(99);
    before.run();
    Tensor y0 = layer.forward(x.copy(), training);
    float[] r = new float[y0.data().length];
    for (int i = 0; i < r.length; i++) {
      r[i] = (float) rng.nextGaussian();
    }
    Supplier<Double> loss =
        () -> {
          before.run();
          float[] y = layer.forward(x.copy(), training).data();
          double s = 0;
          for (int i = 0; i < y.length; i++) {
            s += (double) r[i] * y[i];
          }
          return s;
        };
    before.run();
    layer.forward(x.copy(), training);
    Tensor dx = layer.backward(new Tensor(r.clone(), y0.n(), y0.shape()));
    List<Param> params = layer.params();
    List<float[]> analytic = params.stream().map(p -> p.grad().clone()).toList();
    if (dx != null) {
      compare("input", x.data(), dx.data(), loss, tol, h);
    }
    for (int k = 0; k < params.size(); k++) {
      compare(params.get(k).name(), params.get(k).value(), analytic.get(k), loss, tol, h);
    }
  }

  private static void compare(
      String what, float[] values, float[] grad, Supplier<Double> loss, double tol, double h) {
    double maxGrad = 1e-6;
    for (float g : grad) {
      maxGrad = Math.max(maxGrad, Math.abs(g));
    }
    int stride = Math.max(1, values.length / 60);
    double worst = 0;
    for (int i = 0; i < values.length; i += stride) {
      float orig = values[i];
      values[i] = (float) (orig + h);
      double up = loss.get();
      values[i] = (float) (orig - h);
      double down = loss.get();
      values[i] = orig;
      double numeric = (up - down) / (2 * h);
      double err = Math.abs(numeric - grad[i]) / maxGrad;
      worst = Math.max(worst, err);
      assertTrue(
          err < tol,
          what
              + "["
              + i
              + "]: analytic "
              + grad[i]
              + " vs numeric "
              + numeric
              + " (rel err "
              + err
              + ")");
    }
  }
}
