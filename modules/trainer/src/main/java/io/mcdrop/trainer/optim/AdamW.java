package io.mcdrop.trainer.optim;

import io.mcdrop.trainer.layers.Param;
import io.mcdrop.trainer.tensor.Parallel;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Adam with decoupled weight decay (Loshchilov and Hutter): w ← w − lr·(λw + m̂/(√v̂ + ε)). */
public final class AdamW implements Optimizer {
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final Map<Param, float[]> m = new IdentityHashMap<>();
  private final Map<Param, float[]> v = new IdentityHashMap<>();
  private long t;

  public AdamW(double beta1, double beta2, double eps, double weightDecay) {
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
  }

  /** Defaults: β1 0.9, β2 0.999, ε 1e-8. */
  public static AdamW withDecay(double weightDecay) {
    return new AdamW(0.9, 0.999, 1e-8, weightDecay);
  }

  @Override
  public void step(List<Param> params, double lr) {
    t++;
    double c1 = 1 - Math.pow(beta1, t);
    double c2 = 1 - Math.pow(beta2, t);
    float b1 = (float) beta1;
    float b2 = (float) beta2;
    float stepSize = (float) (lr / c1);
    float invC2 = (float) (1 / Math.sqrt(c2));
    float e = (float) eps;
    for (Param p : params) {
      float[] w = p.value();
      float[] g = p.grad();
      float[] mm = m.computeIfAbsent(p, k -> new float[k.size()]);
      float[] vv = v.computeIfAbsent(p, k -> new float[k.size()]);
      float decay = p.decay() ? (float) (1 - lr * weightDecay) : 1f;
      Parallel.elements(
          w.length,
          (from, to, worker) -> {
            for (int i = from; i < to; i++) {
              mm[i] = b1 * mm[i] + (1 - b1) * g[i];
              vv[i] = b2 * vv[i] + (1 - b2) * g[i] * g[i];
              w[i] = w[i] * decay - stepSize * mm[i] / ((float) Math.sqrt(vv[i]) * invC2 + e);
            }
          });
    }
  }

  @Override
  public List<float[]> state(List<Param> params) {
    List<float[]> out = new ArrayList<>();
    for (Param p : params) {
      out.add(m.computeIfAbsent(p, k -> new float[k.size()]));
      out.add(v.computeIfAbsent(p, k -> new float[k.size()]));
    }
    return out;
  }

  @Override
  public long steps() {
    return t;
  }

  @Override
  public void setSteps(long steps) {
    this.t = steps;
  }
}
