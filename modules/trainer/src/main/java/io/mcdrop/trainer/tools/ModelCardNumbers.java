package io.mcdrop.trainer.tools;

import io.mcdrop.trainer.arch.NetworkFactory;
import io.mcdrop.trainer.checkpoint.Checkpoint;
import io.mcdrop.trainer.checkpoint.CheckpointFiles;
import io.mcdrop.trainer.data.FashionMnist;
import io.mcdrop.trainer.data.ImageFolder;
import io.mcdrop.trainer.layers.Network;
import io.mcdrop.trainer.layers.Stochastic;
import io.mcdrop.trainer.tensor.Parallel;
import io.mcdrop.trainer.tensor.Rng;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.tensor.Tensor;
import io.mcdrop.trainer.train.Evaluation;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Prints the test-set numbers of a Fashion-MNIST checkpoint for its model card: accuracy, NLL and
 * ECE, deterministically and with MC dropout ({@code args[1]} samples, default 30); with a third
 * argument, a folder of images, also each image's MC prediction, predictive entropy and mutual
 * information (nats).
 */
public final class ModelCardNumbers {
  private ModelCardNumbers() {}

  public static void main(String[] args) {
    Checkpoint ck = CheckpointFiles.read(Path.of(args[0]));
    int samples = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    Parallel.setThreads(Math.min(2, Runtime.getRuntime().availableProcessors()));
    Network net = NetworkFactory.build(ck.architecture(), ck.config().seed());
    ck.restore(net, null);
    var test = FashionMnist.test(FashionMnist.DEFAULT_DIR);
    print("deterministic", Evaluation.deterministic(net, test, ck.preprocess()));
    print("MC dropout", Evaluation.monteCarlo(net, test, ck.preprocess(), samples, 1));
    if (args.length > 2) {
      samples(net, ck, Path.of(args[2]), samples);
    }
  }

  private static void samples(Network net, Checkpoint ck, Path dir, int samples) {
    Shape in = net.inputShape();
    List<Path> files;
    try (var s = java.nio.file.Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    int k = net.classes();
    int i = 0;
    for (Stochastic st : net.stochasticLayers()) {
      st.reseed(Rng.derive(1, 0x5a, i++));
    }
    net.setMcDropout(true);
    System.out.println(
        "| image | MC prediction | mean p | predictive entropy | mutual information |");
    System.out.println("|---|---|---|---|---|");
    for (Path f : files) {
      float[] x;
      try {
        x = ImageFolder.toChw(javax.imageio.ImageIO.read(f.toFile()), in);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      ck.preprocess().normalize(x, 0);
      double[] mean = new double[k];
      double expectedEntropy = 0;
      for (int t = 0; t < samples; t++) {
        float[] z = net.forward(new Tensor(x.clone(), 1, in), false).data();
        double[] p = softmax(z);
        for (int j = 0; j < k; j++) {
          mean[j] += p[j] / samples;
        }
        expectedEntropy += entropy(p) / samples;
      }
      int arg = 0;
      for (int j = 1; j < k; j++) {
        if (mean[j] > mean[arg]) {
          arg = j;
        }
      }
      double h = entropy(mean);
      System.out.printf(
          Locale.ROOT,
          "| %s | %s | %.3f | %.3f | %.3f |%n",
          f.getFileName(),
          ck.labels().get(arg),
          mean[arg],
          h,
          h - expectedEntropy);
    }
    net.setMcDropout(false);
  }

  private static double[] softmax(float[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (float v : z) {
      max = Math.max(max, v);
    }
    double[] p = new double[z.length];
    double sum = 0;
    for (int j = 0; j < z.length; j++) {
      p[j] = Math.exp(z[j] - max);
      sum += p[j];
    }
    for (int j = 0; j < z.length; j++) {
      p[j] /= sum;
    }
    return p;
  }

  private static double entropy(double[] p) {
    double h = 0;
    for (double v : p) {
      if (v > 0) {
        h -= v * Math.log(v);
      }
    }
    return h;
  }

  private static void print(String what, Evaluation.Metrics m) {
    System.out.printf(
        Locale.ROOT,
        "%-14s T=%-3d accuracy %.2f%%  NLL %.4f  ECE %.4f  (%d test images)%n",
        what,
        m.samples(),
        100 * m.accuracy(),
        m.nll(),
        m.ece(),
        m.count());
  }
}
