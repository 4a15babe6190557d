package io.mcdrop.trainer.checkpoint;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.trainer.arch.Architecture;
import io.mcdrop.trainer.config.EpochStats;
import io.mcdrop.trainer.config.TrainConfig;
import io.mcdrop.trainer.data.Preprocess;
import io.mcdrop.trainer.layers.Network;
import io.mcdrop.trainer.layers.Param;
import io.mcdrop.trainer.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything needed to resume training or export a model after {@code epoch} completed epochs.
 * {@code arrays} holds, in order, every parameter, every buffer, then the optimizer state arrays.
 */
public record Checkpoint(
    Architecture architecture,
    TrainConfig config,
    Preprocess preprocess,
    List<String> labels,
    String data,
    int epoch,
    List<EpochStats> history,
    double bestValLoss,
    int badEpochs,
    long optimizerSteps,
    List<float[]> arrays) {

  /** Snapshots a network and optimizer (arrays are copied). */
  public static Checkpoint capture(
      Architecture arch,
      TrainConfig config,
      Preprocess preprocess,
      List<String> labels,
      String data,
      int epoch,
      List<EpochStats> history,
      double bestValLoss,
      int badEpochs,
      Network net,
      Optimizer optimizer) {
    List<float[]> arrays = new ArrayList<>();
    for (Param p : net.params()) {
      arrays.add(p.value().clone());
    }
    for (Param p : net.buffers()) {
      arrays.add(p.value().clone());
    }
    if (optimizer != null) {
      for (float[] s : optimizer.state(net.params())) {
        arrays.add(s.clone());
      }
    }
    return new Checkpoint(
        arch,
        config,
        preprocess,
        labels,
        data,
        epoch,
        history,
        bestValLoss,
        badEpochs,
        optimizer == null ? 0 : optimizer.steps(),
        arrays);
  }

  /** Copies weights and buffers into {@code net}, and optimizer state if {@code optimizer}. */
  public void restore(Network net, Optimizer optimizer) {
    int i = 0;
    List<Param> all = new ArrayList<>(net.params());
    all.addAll(net.buffers());
    if (arrays.size() < all.size()) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          "checkpoint does not match the network: it has "
              + arrays.size()
              + " arrays, the network "
              + all.size());
    }
    for (Param p : all) {
      copy(arrays.get(i++), p.value(), p.name());
    }
    if (optimizer != null && i < arrays.size()) {
      for (float[] s : optimizer.state(net.params())) {
        copy(arrays.get(i++), s, "optimizer state");
      }
      optimizer.setSteps(optimizerSteps);
    }
  }

  private static void copy(float[] from, float[] to, String what) {
    if (from.length != to.length) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          "checkpoint does not match the network: "
              + what
              + " has "
              + from.length
              + " values, expected "
              + to.length);
    }
    System.arraycopy(from, 0, to, 0, to.length);
  }
}
