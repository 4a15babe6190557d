package io.mcdrop.trainer.train;

import io.mcdrop.metrics.Calibration;
import io.mcdrop.metrics.Scores;
import io.mcdrop.metrics.Softmax;
import io.mcdrop.trainer.data.Augment;
import io.mcdrop.trainer.data.BatchLoader;
import io.mcdrop.trainer.data.Dataset;
import io.mcdrop.trainer.data.Preprocess;
import io.mcdrop.trainer.layers.Network;
import io.mcdrop.trainer.layers.Stochastic;
import io.mcdrop.trainer.tensor.Rng;
import io.mcdrop.trainer.tensor.Tensor;

/**
 * Accuracy, negative log-likelihood and expected calibration error (15 equal-width confidence bins
 * (b/15, (b+1)/15], the {@link Calibration} that {@code mcdrop evaluate} uses) of a network on a
 * data set, deterministically or as Monte Carlo dropout (mean of the softmax over {@code samples}
 * stochastic passes, batch norm in inference mode).
 */
public final class Evaluation {
  /** Metrics; NLL in nats per image. */
  public record Metrics(int count, double accuracy, double nll, double ece, int samples) {}

  private static final int BATCH = 250;
  private static final int BINS = Calibration.DEFAULT_BINS;

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
    double[][] probs = new double[n][];
    int[] labels = new int[n];
    try {
      for (int from = 0; from < n; from += BATCH) {
        int to = Math.min(n, from + BATCH);
        Tensor x = loader.batch(idx, from, to, Augment.NONE, null);
        int[] y = loader.labels(idx, from, to);
        for (int s = 0; s < to - from; s++) {
          probs[from + s] = new double[k];
          labels[from + s] = y[s];
        }
        // The layers before the first dropout are deterministic: run them once per batch.
        int frontier = mc ? net.firstStochasticEntry() : net.entries().size();
        Tensor trunk = net.forward(x, false, 0, frontier);
        for (int t = 0; t < samples; t++) {
          Tensor head = trunk.copy();
          float[] z = net.forward(head, false, frontier, net.entries().size()).data();
          for (int s = 0; s < to - from; s++) {
            Softmax.accumulate(z, s * k, k, 1.0 / samples, probs[from + s]);
          }
        }
      }
    } finally {
      net.setMcDropout(false);
    }
    // The same metric implementations `mcdrop evaluate` reports (io.mcdrop.metrics).
    double[] confidence = new double[n];
    boolean[] correct = new boolean[n];
    for (int i = 0; i < n; i++) {
      int arg = Scores.argmax(probs[i]);
      confidence[i] = probs[i][arg];
      correct[i] = arg == labels[i];
    }
    double ece = Calibration.of(confidence, correct, BINS).ece();
    return new Metrics(n, Scores.accuracy(probs, labels), Scores.nll(probs, labels), ece, samples);
  }
}
