package io.mcdrop.trainer.optim;

import io.mcdrop.trainer.layers.Param;
import io.mcdrop.trainer.tensor.Parallel;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * SGD with momentum (optionally Nesterov) and L2 weight decay added to the gradient, with PyTorch's
 * update rule: v = μv + g; step along g + μv (Nesterov) or v.
 */
public final class Sgd implements Optimizer {
  private final double momentum;
  private final boolean nesterov;
  private final double weightDecay;
  private final Map<Param, float[]> velocity = new IdentityHashMap<>();

  public Sgd(double momentum, boolean nesterov, double weightDecay) {
    if (momentum < 0 || momentum >= 1 || weightDecay < 0) {
      throw new IllegalArgumentException(
          "momentum must be in [0, 1) and weight decay non-negative");
    }
    this.momentum = momentum;
    this.nesterov = nesterov;
    this.weightDecay = weightDecay;
  }

  @Override
  public void step(List<Param> params, double lr) {
    float mu = (float) momentum;
    float lrf = (float) lr;
    for (Param p : params) {
      float[] w = p.value();
      float[] g = p.grad();
      float[] v = velocity.computeIfAbsent(p, k -> new float[k.size()]);
      float wd = p.decay() ? (float) weightDecay : 0f;
      boolean nest = nesterov;
      Parallel.elements(
          w.length,
          (from, to, worker) -> {
            for (int i = from; i < to; i++) {
              float gi = g[i] + wd * w[i];
              v[i] = mu * v[i] + gi;
              w[i] -= lrf * (nest ? gi + mu * v[i] : v[i]);
            }
          });
    }
  }

  @Override
  public List<float[]> state(List<Param> params) {
    List<float[]> out = new ArrayList<>();
    for (Param p : params) {
      out.add(velocity.computeIfAbsent(p, k -> new float[k.size()]));
    }
    return out;
  }
}
