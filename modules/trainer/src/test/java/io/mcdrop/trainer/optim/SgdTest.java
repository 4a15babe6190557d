package io.mcdrop.trainer.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.mcdrop.trainer.layers.Param;
import io.mcdrop.trainer.tensor.Parallel;
import io.mcdrop.trainer.tensor.Rng;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fused update (one pass over all parameters, split over the workers) is PyTorch's rule applied
 * element by element: the same bits at any thread count.
 */
class SgdTest {
  @AfterEach
  void oneThread() {
    Parallel.setThreads(1);
  }

  private static List<Param> params(long seed) {
    Rng rng = new Rng(seed);
    // Sizes around the parallel threshold, so that parts begin and end inside parameters.
    int[] sizes = {40_000, 7, 33_000, 1, 70_001};
    Param[] ps = new Param[sizes.length];
    for (int q = 0; q < sizes.length; q++) {
      float[] w = new float[sizes[q]];
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) rng.nextGaussian();
      }
      ps[q] = Param.trainable("p" + q, w, q % 2 == 0);
    }
    return List.of(ps);
  }

  private static void grads(List<Param> ps, int step) {
    Rng rng = new Rng(100 + step);
    for (Param p : ps) {
      float[] g = p.grad();
      for (int i = 0; i < g.length; i++) {
        g[i] = (float) rng.nextGaussian();
      }
    }
  }

  private static float[][] train(int threads, boolean nesterov) {
    Parallel.setThreads(threads);
    List<Param> ps = params(3);
    Sgd sgd = new Sgd(0.9, nesterov, 5e-4);
    for (int step = 0; step < 4; step++) {
      grads(ps, step);
      sgd.step(ps, 0.05);
    }
    return ps.stream().map(Param::value).toArray(float[][]::new);
  }

  /** The rule written out for one element at a time. */
  private static float[][] reference(boolean nesterov) {
    List<Param> ps = params(3);
    float[][] vel = ps.stream().map(p -> new float[p.size()]).toArray(float[][]::new);
    float mu = 0.9f;
    float lr = 0.05f;
    for (int step = 0; step < 4; step++) {
      grads(ps, step);
      for (int q = 0; q < ps.size(); q++) {
        float[] w = ps.get(q).value();
        float[] g = ps.get(q).grad();
        float wd = ps.get(q).decay() ? (float) 5e-4 : 0f;
        for (int i = 0; i < w.length; i++) {
          float gi = g[i] + wd * w[i];
          vel[q][i] = mu * vel[q][i] + gi;
          w[i] -= lr * (nesterov ? gi + mu * vel[q][i] : vel[q][i]);
        }
      }
    }
    return ps.stream().map(Param::value).toArray(float[][]::new);
  }

  @Test
  void sameBitsAtEveryThreadCountAsTheElementWiseRule() {
    for (boolean nesterov : new boolean[] {true, false}) {
      float[][] ref = reference(nesterov);
      for (int threads : new int[] {1, 2, 3}) {
        float[][] got = train(threads, nesterov);
        for (int q = 0; q < ref.length; q++) {
          assertArrayEquals(ref[q], got[q], 0f, "param " + q + ", threads " + threads);
        }
      }
    }
  }
}
