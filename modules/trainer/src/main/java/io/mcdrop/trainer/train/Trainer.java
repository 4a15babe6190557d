package io.mcdrop.trainer.train;

import io.mcdrop.trainer.config.EpochStats;
import io.mcdrop.trainer.config.TrainConfig;
import io.mcdrop.trainer.data.Augment;
import io.mcdrop.trainer.data.BatchLoader;
import io.mcdrop.trainer.data.Dataset;
import io.mcdrop.trainer.data.Preprocess;
import io.mcdrop.trainer.layers.Network;
import io.mcdrop.trainer.layers.Param;
import io.mcdrop.trainer.layers.SoftmaxCrossEntropy;
import io.mcdrop.trainer.layers.Stochastic;
import io.mcdrop.trainer.optim.Optimizer;
import io.mcdrop.trainer.optim.Schedule;
import io.mcdrop.trainer.tensor.Parallel;
import io.mcdrop.trainer.tensor.Rng;
import io.mcdrop.trainer.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The training loop. Every epoch draws its shuffling, augmentation and dropout streams from seeds
 * derived from (seed, epoch), so a run resumed from a checkpoint continues exactly as the
 * uninterrupted run would have (for the same thread count).
 */
public final class Trainer {
  /** Called after every completed epoch (the job writes checkpoints and history here). */
  @FunctionalInterface
  public interface EpochListener {
    void epochDone(int epoch, EpochState state);
  }

  /** Where training stands after an epoch: what a checkpoint needs besides the weights. */
  public record EpochState(List<EpochStats> history, double bestValLoss, int badEpochs) {}

  private final Network net;
  private final TrainConfig config;
  private final Preprocess preprocess;
  private final Optimizer optimizer;
  private final TrainingListener events;
  private final int stopAfter;

  /**
   * @param stopAfter stop after this epoch number even if more are configured (0: never)
   */
  public Trainer(
      Network net,
      TrainConfig config,
      Preprocess preprocess,
      Optimizer optimizer,
      TrainingListener events,
      int stopAfter) {
    this.net = net;
    this.config = config;
    this.preprocess = preprocess;
    this.optimizer = optimizer;
    this.events = events;
    this.stopAfter = stopAfter;
  }

  /**
   * Trains from epoch {@code start.history().size()} to {@code config.epochs()}, or until early
   * stopping, after which the best-validation weights are restored.
   *
   * @throws TrainingDivergedException if the loss becomes NaN or infinite
   */
  public EpochState fit(Dataset train, Dataset val, EpochState start, EpochListener listener) {
    Parallel.setThreads(config.threads());
    BatchLoader loader = new BatchLoader(train, preprocess);
    Schedule schedule = config.newSchedule();
    Augment augment = config.augment() ? Augment.standard(train.shape().h()) : Augment.NONE;
    List<EpochStats> history = new ArrayList<>(start.history());
    double best = start.bestValLoss();
    int bad = start.badEpochs();
    List<float[]> bestWeights = null;
    int n = train.size();
    int bs = config.batchSize();
    // A last batch of one image would give batch norm a zero variance: drop it.
    int batches = n / bs + (n % bs >= 2 ? 1 : 0);
    List<Param> params = net.params();
    List<Stochastic> drops = net.stochasticLayers();
    for (int epoch = history.size(); epoch < config.epochs(); epoch++) {
      long t0 = System.nanoTime();
      Rng rng = new Rng(Rng.derive(config.seed(), 100, epoch));
      for (int i = 0; i < drops.size(); i++) {
        drops.get(i).reseed(Rng.derive(config.seed(), 200, epoch, i));
      }
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      rng.shuffle(order);
      double lossSum = 0;
      long correct = 0;
      long seen = 0;
      double lr = schedule.lr(epoch);
      for (int b = 0; b < batches; b++) {
        int from = b * bs;
        int to = Math.min(n, from + bs);
        Tensor x = loader.batch(order, from, to, augment, rng);
        int[] y = loader.labels(order, from, to);
        lr = schedule.lr(epoch + (double) b / batches);
        Tensor logits = net.forward(x, true);
        SoftmaxCrossEntropy.Result r = SoftmaxCrossEntropy.compute(logits, y);
        if (!Double.isFinite(r.loss())) {
          throw new TrainingDivergedException(
              epoch + 1,
              b + 1,
              "training diverged: the loss became "
                  + r.loss()
                  + " at epoch "
                  + (epoch + 1)
                  + ", batch "
                  + (b + 1)
                  + " (learning rate "
                  + String.format(java.util.Locale.ROOT, "%.3g", lr)
                  + "). "
                  + (epoch == 0
                      ? "No epoch had completed, so there is no checkpoint"
                      : "The checkpoint of epoch " + epoch + " is kept")
                  + "; try a lower --lr or a warm-up.");
        }
        net.backward(r.grad());
        optimizer.step(params, lr);
        lossSum += r.loss() * (to - from);
        correct += r.correct();
        seen += to - from;
        double secs = (System.nanoTime() - t0) / 1e9;
        events.on(
            new TrainingEvent.BatchDone(
                epoch + 1,
                config.epochs(),
                b + 1,
                batches,
                seen,
                Math.min(n, (long) batches * bs),
                lossSum / seen,
                (double) correct / seen,
                seen / secs));
      }
      double valLoss = Double.NaN;
      double valAcc = Double.NaN;
      if (val != null) {
        Evaluation.Metrics m = Evaluation.deterministic(net, val, preprocess);
        valLoss = m.nll();
        valAcc = m.accuracy();
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      EpochStats stats =
          new EpochStats(
              epoch + 1, lossSum / seen, (double) correct / seen, valLoss, valAcc, lr, secs);
      history.add(stats);
      events.on(new TrainingEvent.EpochDone(config.epochs(), stats));
      boolean stop = false;
      if (val != null && config.patience() > 0) {
        if (valLoss < best) {
          best = valLoss;
          bad = 0;
          bestWeights = snapshot();
        } else if (++bad >= config.patience()) {
          stop = true;
        }
      } else if (val != null && valLoss < best) {
        best = valLoss;
      }
      EpochState state = new EpochState(List.copyOf(history), best, bad);
      if (listener != null) {
        listener.epochDone(epoch + 1, state);
      }
      if (stopAfter > 0 && epoch + 1 >= stopAfter && epoch + 1 < config.epochs()) {
        return state;
      }
      if (stop) {
        events.notice(
            "early stopping: validation loss has not improved for "
                + config.patience()
                + " epochs; keeping the weights of the best epoch");
        if (bestWeights != null) {
          restore(bestWeights);
        }
        return state;
      }
    }
    return new EpochState(List.copyOf(history), best, bad);
  }

  private List<float[]> snapshot() {
    List<float[]> out = new ArrayList<>();
    for (Param p : net.params()) {
      out.add(p.value().clone());
    }
    for (Param p : net.buffers()) {
      out.add(p.value().clone());
    }
    return out;
  }

  private void restore(List<float[]> weights) {
    List<Param> all = new ArrayList<>(net.params());
    all.addAll(net.buffers());
    for (int i = 0; i < all.size(); i++) {
      System.arraycopy(weights.get(i), 0, all.get(i).value(), 0, weights.get(i).length);
    }
  }
}
