package io.mcdrop.trainer.train;

import io.mcdrop.trainer.data.Augment;
import io.mcdrop.trainer.data.BatchLoader;
import io.mcdrop.trainer.data.Dataset;
import io.mcdrop.trainer.data.Preprocess;
import io.mcdrop.trainer.layers.Network;
import io.mcdrop.trainer.layers.Stochastic;
import io.mcdrop.trainer.tensor.Rng;
import io.mcdrop.trainer.tensor.Tensor;

/**
 * Accuracy, negative log-likelihood and expected calibration error (15 equal-width confidence bins)
 * of a network on a data set, deterministically or as Monte Carlo dropout (mean of the softmax over
 * {@code samples} stochastic passes, batch norm in inference mode).
 */
public final class Evaluation {
  /** Metrics; NLL in nats per image. */
  public record Metrics(int count, double accuracy, double nll, double ece, int samples) {}

  private static final int BATCH = 250;
  private static final int BINS = 15;

  private Evaluation() {}

  public static Metrics deterministic(Network net, Dataset data, Preprocess pre) {
    return evaluate(net, data, pre, 1, 0);
  }

  public static Metrics monteCarlo(
      Network net, Dataset data, Preprocess pre, int samples, long seed) {
    return evaluate(net, data, pre, samples, seed);
  }

  private static Metrics evaluate(
      Network net, Dataset data, Preprocess pre, int samples, long seed) {
    int n = data.size();
    int k = data.classes().size();
    BatchLoader loader = new BatchLoader(data, pre);
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    boolean mc = samples > 1;
    if (mc) {
      int i = 0;
      for (Stochastic s : net.stochasticLayers()) {
        s.reseed(Rng.derive(seed, 0x3c, i++));
      }
    }
    net.setMcDropout(mc);
    double nll = 0;
    int correct = 0;
    double[] binConf = new double[BINS];
    double[] binAcc = new double[BINS];
    int[] binCount = new int[BINS];
    try {
      for (int from = 0; from < n; from += BATCH) {
        int to = Math.min(n, from + BATCH);
        Tensor x = loader.batch(idx, from, to, Augment.NONE, null);
        int[] y = loader.labels(idx, from, to);
        double[] probs = new double[(to - from) * k];
        // The layers before the first dropout are deterministic: run them once per batch.
        int frontier = mc ? net.firstStochasticEntry() : net.entries().size();
        Tensor trunk = net.forward(x, false, 0, frontier);
        for (int t = 0; t < samples; t++) {
          Tensor head = trunk.copy();
          float[] z = net.forward(head, false, frontier, net.entries().size()).data();
          for (int s = 0; s < to - from; s++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
              max = Math.max(max, z[s * k + j]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
              sum += Math.exp(z[s * k + j] - max);
            }
            for (int j = 0; j < k; j++) {
              probs[s * k + j] += Math.exp(z[s * k + j] - max) / sum / samples;
            }
          }
        }
        for (int s = 0; s < to - from; s++) {
          int arg = 0;
          for (int j = 1; j < k; j++) {
            if (probs[s * k + j] > probs[s * k + arg]) {
              arg = j;
            }
          }
          double conf = probs[s * k + arg];
          boolean ok = arg == y[s];
          correct += ok ? 1 : 0;
          nll -= Math.log(Math.max(1e-12, probs[s * k + y[s]]));
          int bin = Math.min(BINS - 1, (int) (conf * BINS));
          binConf[bin] += conf;
          binAcc[bin] += ok ? 1 : 0;
          binCount[bin]++;
        }
      }
    } finally {
      net.setMcDropout(false);
    }
    double ece = 0;
    for (int b = 0; b < BINS; b++) {
      if (binCount[b] > 0) {
        ece += Math.abs(binAcc[b] - binConf[b]) / n;
      }
    }
    return new Metrics(n, (double) correct / n, nll / n, ece, samples);
  }
}
