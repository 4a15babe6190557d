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

  // Per-step views of the parameters (kept across steps): one parallel pass covers them all.
  private float[][] ws = new float[0][];
  private float[][] gs = new float[0][];
  private float[][] vs = new float[0][];
  private float[] wds = new float[0];
  private int[] starts = new int[1];

  /**
   * One element-wise pass over all parameters, split over the workers as one range (instead of one
   * hand-off per large parameter and the small ones on the calling thread).
   */
  @Override
  public void step(List<Param> params, double lr) {
    float mu = (float) momentum;
    float lrf = (float) lr;
    int np = params.size();
    if (ws.length != np) {
      ws = new float[np][];
      gs = new float[np][];
      vs = new float[np][];
      wds = new float[np];
      starts = new int[np + 1];
    }
    int total = 0;
    for (int q = 0; q < np; q++) {
      Param p = params.get(q);
      ws[q] = p.value();
      gs[q] = p.grad();
      vs[q] = velocity.computeIfAbsent(p, k -> new float[k.size()]);
      wds[q] = p.decay() ? (float) weightDecay : 0f;
      starts[q] = total;
      total += ws[q].length;
    }
    starts[np] = total;
    float[][] wa = ws;
    float[][] ga = gs;
    float[][] va = vs;
    float[] wda = wds;
    int[] st = starts;
    boolean nest = nesterov;
    Parallel.elements(
        total,
        (from, to, worker) -> {
          for (int q = 0; q < np; q++) {
            int lo = Math.max(from, st[q]);
            int hi = Math.min(to, st[q + 1]);
            if (lo < hi) {
              update(wa[q], ga[q], va[q], wda[q], mu, lrf, nest, lo - st[q], hi - st[q]);
            }
          }
        });
  }

  private static void update(
      float[] w,
      float[] g,
      float[] v,
      float wd,
      float mu,
      float lrf,
      boolean nest,
      int from,
      int to) {
    if (nest) {
      for (int i = from; i < to; i++) {
        float gi = g[i] + wd * w[i];
        v[i] = mu * v[i] + gi;
        w[i] -= lrf * (gi + mu * v[i]);
      }
    } else {
      for (int i = from; i < to; i++) {
        float gi = g[i] + wd * w[i];
        v[i] = mu * v[i] + gi;
        w[i] -= lrf * v[i];
      }
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
