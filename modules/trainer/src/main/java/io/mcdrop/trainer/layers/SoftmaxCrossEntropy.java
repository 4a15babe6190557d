package io.mcdrop.trainer.layers;

import io.mcdrop.trainer.tensor.Tensor;

/** Mean softmax cross-entropy over a batch, with its gradient w.r.t. the logits. */
public final class SoftmaxCrossEntropy {
  /** Mean loss (natural log), number of correct arg-max predictions, and d(loss)/d(logits). */
  public record Result(double loss, int correct, Tensor grad) {}

  private SoftmaxCrossEntropy() {}

  public static Result compute(Tensor logits, int[] labels) {
    int n = logits.n();
    int k = logits.sampleSize();
    float[] z = logits.data();
    float[] g = new float[z.length];
    double total = 0;
    int correct = 0;
    for (int s = 0; s < n; s++) {
      int o = s * k;
      int arg = 0;
      float max = z[o];
      for (int j = 1; j < k; j++) {
        if (z[o + j] > max) {
          max = z[o + j];
          arg = j;
        }
      }
      double sum = 0;
      for (int j = 0; j < k; j++) {
        sum += Math.exp(z[o + j] - max);
      }
      double logSum = Math.log(sum) + max;
      int y = labels[s];
      total += logSum - z[o + y];
      if (arg == y) {
        correct++;
      }
      for (int j = 0; j < k; j++) {
        double p = Math.exp(z[o + j] - logSum);
        g[o + j] = (float) ((p - (j == y ? 1 : 0)) / n);
      }
    }
    return new Result(total / n, correct, new Tensor(g, n, logits.shape()));
  }
}
