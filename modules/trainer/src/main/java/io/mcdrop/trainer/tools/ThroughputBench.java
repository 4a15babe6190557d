package io.mcdrop.trainer.tools;

import io.mcdrop.trainer.arch.Architecture;
import io.mcdrop.trainer.arch.NetworkFactory;
import io.mcdrop.trainer.layers.Network;
import io.mcdrop.trainer.layers.SoftmaxCrossEntropy;
import io.mcdrop.trainer.optim.Optimizer;
import io.mcdrop.trainer.optim.Sgd;
import io.mcdrop.trainer.tensor.Gemm;
import io.mcdrop.trainer.tensor.Parallel;
import io.mcdrop.trainer.tensor.Rng;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * Training throughput (images per second for forward + backward + SGD update) of a preset on random
 * data, as the median of timed blocks after warm-up. Usage: {@code PRESET THREADS BATCH WARMUP
 * BLOCKS STEPS_PER_BLOCK}; prints one line {@code mcdrop PRESET threads=T batch=B img/s=X}.
 */
public final class ThroughputBench {
  private ThroughputBench() {}

  public static void main(String[] args) {
    String preset = args[0];
    int threads = Integer.parseInt(args[1]);
    int batch = Integer.parseInt(args[2]);
    int warmup = Integer.parseInt(args[3]);
    int blocks = Integer.parseInt(args[4]);
    int steps = Integer.parseInt(args[5]);
    Parallel.setThreads(threads);
    Architecture arch = Architecture.resolve(preset, new Shape(1, 28, 28));
    Network net = NetworkFactory.build(arch, 1);
    Optimizer opt = new Sgd(0.9, true, 5e-4);
    Shape in = arch.input();
    Rng rng = new Rng(2);
    float[] x = new float[batch * in.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    int[] y = new int[batch];
    for (int i = 0; i < batch; i++) {
      y[i] = rng.nextInt(net.classes());
    }
    for (int i = 0; i < warmup; i++) {
      step(net, opt, x, y, in);
    }
    double[] rates = new double[blocks];
    for (int b = 0; b < blocks; b++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < steps; i++) {
        step(net, opt, x, y, in);
      }
      rates[b] = (double) steps * batch / ((System.nanoTime() - t0) / 1e9);
    }
    Arrays.sort(rates);
    double flops = trainingFlops(net);
    System.out.printf(
        Locale.ROOT,
        "mcdrop %s threads=%d batch=%d img/s=%.1f best=%.1f gflops=%.1f mflop/img=%.1f blas=%s sums=%s%n",
        preset,
        threads,
        batch,
        rates[blocks / 2],
        rates[blocks - 1],
        rates[blocks / 2] * flops / 1e9,
        flops / 1e6,
        Gemm.backend(),
        io.mcdrop.trainer.kernels.Kernels.sums().name());
  }

  /**
   * Multiply-add FLOPs of one training step per image: each convolution and fully connected layer
   * costs its forward GEMM, the weight-gradient GEMM, and the input-gradient GEMM unless it is the
   * first layer (element-wise layers are not counted).
   */
  public static double trainingFlops(Network net) {
    double total = 0;
    boolean first = true;
    for (io.mcdrop.trainer.layers.Layer l : net.layers()) {
      double f = forwardFlops(l);
      total += f * (first ? 2 : 3);
      if (f > 0) {
        first = false;
      }
    }
    return total;
  }

  private static double forwardFlops(io.mcdrop.trainer.layers.Layer l) {
    if (l instanceof io.mcdrop.trainer.layers.Conv2d c) {
      Shape o = c.outputShape();
      return 2.0 * o.size() * c.inputShape().c() * c.kernel() * c.kernel();
    }
    if (l instanceof io.mcdrop.trainer.layers.Linear lin) {
      return 2.0 * lin.inputShape().size() * lin.outputShape().size();
    }
    double sum = 0;
    for (io.mcdrop.trainer.layers.Layer child : l.children()) {
      sum += forwardFlops(child);
    }
    return sum;
  }

  private static void step(Network net, Optimizer opt, float[] x, int[] y, Shape in) {
    Tensor logits = net.forward(new Tensor(x.clone(), y.length, in), true);
    net.backward(SoftmaxCrossEntropy.compute(logits, y).grad());
    opt.step(net.params(), 0.01);
  }
}
