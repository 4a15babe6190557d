package io.mcdrop.trainer.tools;

import io.mcdrop.trainer.arch.Architecture;
import io.mcdrop.trainer.arch.NetworkFactory;
import io.mcdrop.trainer.layers.Layer;
import io.mcdrop.trainer.layers.Network;
import io.mcdrop.trainer.layers.SoftmaxCrossEntropy;
import io.mcdrop.trainer.optim.Optimizer;
import io.mcdrop.trainer.optim.Sgd;
import io.mcdrop.trainer.tensor.Parallel;
import io.mcdrop.trainer.tensor.Rng;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;

/**
 * Per-layer time of one training step (forward, backward, loss and optimizer) on random data.
 * Usage: {@code PRESET THREADS BATCH WARMUP STEPS [wall]}; prints a table of milliseconds per step.
 * With one thread it times CPU time of the calling thread (which does all the work then), which a
 * loaded machine disturbs much less than wall-clock time (or wall-clock time with {@code wall});
 * with more threads, wall-clock time.
 */
public final class LayerProfile {
  private LayerProfile() {}

  public static void main(String[] args) {
    String preset = args[0];
    int threads = Integer.parseInt(args[1]);
    int batch = Integer.parseInt(args[2]);
    int warmup = Integer.parseInt(args[3]);
    int steps = Integer.parseInt(args[4]);
    boolean wall = threads > 1 || (args.length > 5 && args[5].equals("wall"));
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
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    java.util.function.LongSupplier clock = wall ? System::nanoTime : mx::getCurrentThreadCpuTime;
    List<Layer> layers = net.layers();
    int l = layers.size();
    long[] fwd = new long[l];
    long[] bwd = new long[l];
    long[] other = new long[2];
    long total = 0;
    for (int s = 0; s < warmup + steps; s++) {
      boolean timed = s >= warmup;
      long t0 = clock.getAsLong();
      Tensor h = new Tensor(x.clone(), batch, in);
      for (int i = 0; i < l; i++) {
        long a = clock.getAsLong();
        h = layers.get(i).forward(h, true);
        if (timed) {
          fwd[i] += clock.getAsLong() - a;
        }
      }
      long a = clock.getAsLong();
      Tensor g = SoftmaxCrossEntropy.compute(h, y).grad();
      if (timed) {
        other[0] += clock.getAsLong() - a;
      }
      for (int i = l - 1; i >= 0; i--) {
        a = clock.getAsLong();
        g = layers.get(i).backward(g);
        if (timed) {
          bwd[i] += clock.getAsLong() - a;
        }
      }
      a = clock.getAsLong();
      opt.step(net.params(), 0.01);
      if (timed) {
        other[1] += clock.getAsLong() - a;
        total += clock.getAsLong() - t0;
      }
    }
    double per = 1e6 * steps;
    System.out.printf(
        Locale.ROOT,
        "%s threads=%d batch=%d steps=%d clock=%s%n",
        preset,
        threads,
        batch,
        steps,
        wall ? "wall clock" : "thread CPU time");
    System.out.printf(Locale.ROOT, "%-40s %9s %9s%n", "layer", "fwd ms", "bwd ms");
    for (int i = 0; i < l; i++) {
      System.out.printf(
          Locale.ROOT, "%-40s %9.2f %9.2f%n", layers.get(i).describe(), fwd[i] / per, bwd[i] / per);
    }
    System.out.printf(Locale.ROOT, "%-40s %9.2f%n", "softmax cross-entropy", other[0] / per);
    System.out.printf(Locale.ROOT, "%-40s %9.2f%n", "optimizer step", other[1] / per);
    System.out.printf(
        Locale.ROOT,
        "%-40s %9.2f  (%.1f img/s)%n",
        "whole step",
        total / per,
        batch * steps / (total / 1e9));
  }
}
