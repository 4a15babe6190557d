package io.mcdrop.trainer.tools;

import io.mcdrop.trainer.arch.Architecture;
import io.mcdrop.trainer.arch.NetworkFactory;
import io.mcdrop.trainer.data.Augment;
import io.mcdrop.trainer.data.BatchLoader;
import io.mcdrop.trainer.data.Dataset;
import io.mcdrop.trainer.data.FashionMnist;
import io.mcdrop.trainer.data.Preprocess;
import io.mcdrop.trainer.layers.Network;
import io.mcdrop.trainer.layers.SoftmaxCrossEntropy;
import io.mcdrop.trainer.layers.Stochastic;
import io.mcdrop.trainer.optim.Optimizer;
import io.mcdrop.trainer.optim.Sgd;
import io.mcdrop.trainer.tensor.Parallel;
import io.mcdrop.trainer.tensor.Rng;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.tensor.Tensor;
import java.util.List;
import java.util.Locale;

/**
 * A fixed-seed loss curve: the {@code fashion} preset trained on the first {@code IMAGES}
 * Fashion-MNIST training images for {@code STEPS} steps of batch 64 (SGD, Nesterov, lr 0.02,
 * dropout on), printing the loss of every step. Used to check that speed work leaves the numerics
 * alone. Usage: {@code THREADS STEPS [IMAGES]}.
 */
public final class LossCurve {
  private LossCurve() {}

  public static void main(String[] args) {
    int threads = Integer.parseInt(args[0]);
    int steps = Integer.parseInt(args[1]);
    int images = args.length > 2 ? Integer.parseInt(args[2]) : 6400;
    Parallel.setThreads(threads);
    Dataset all = FashionMnist.train(FashionMnist.DEFAULT_DIR);
    int[] first = new int[images];
    for (int i = 0; i < images; i++) {
      first[i] = i;
    }
    Dataset data = all.subset(first);
    Preprocess pre = Preprocess.fit(data);
    Architecture arch = Architecture.resolve("fashion", new Shape(1, 28, 28));
    Network net = NetworkFactory.build(arch, 42);
    List<Stochastic> drops = net.stochasticLayers();
    for (int i = 0; i < drops.size(); i++) {
      drops.get(i).reseed(Rng.derive(42, 200, 0, i));
    }
    Optimizer opt = new Sgd(0.9, true, 5e-4);
    BatchLoader loader = new BatchLoader(data, pre);
    Rng rng = new Rng(7);
    int[] order = new int[images];
    for (int i = 0; i < images; i++) {
      order[i] = i;
    }
    int bs = 64;
    int batches = images / bs;
    for (int s = 0; s < steps; s++) {
      int b = s % batches;
      if (b == 0) {
        rng.shuffle(order);
      }
      Tensor x = loader.batch(order, b * bs, b * bs + bs, Augment.NONE, rng);
      int[] y = loader.labels(order, b * bs, b * bs + bs);
      SoftmaxCrossEntropy.Result r = SoftmaxCrossEntropy.compute(net.forward(x, true), y);
      net.backward(r.grad());
      opt.step(net.params(), 0.02);
      System.out.printf(Locale.ROOT, "%d %.8f%n", s + 1, r.loss());
    }
  }
}
